# Sourced by the scenarios that run the real edge daemon (the NativeAOT binary) in the guest and
# pull its RTSP streams from the host (edge-capture, edge-formats, edge-unplug; gpio uses the
# guest half), after scenario-lib.sh.
#
# Host half:
#   edge_binary_on_host          the binary into the results directory (fails when it is missing)
#   edge_board_run PORT [OPTS]   serves the guest's client requests while the guest runs, with
#                                the host's 127.0.0.1:PORT forwarded to the guest's 8554
# Guest half:
#   edge_guest_setup             the binary onto the guest's tmpfs, timers, the log clock
#   start_edge NAME CONFIG / stop_edge NAME / exits_zero
#   log_find / wait_log / count_log   edge's log, with its timestamps on the guest's clock
#   host_pull TAG CAMERA SECONDS / host_stop TAG / host_result TAG SECONDS
#
# The guest asks the host to run an RTSP client by writing a request file into
# $EDGE_BOARD_RESULTS/host/ (the results directory is shared, with no caching, both ways); the
# host runs it against the forwarded port and writes TAG.summary (key=value lines) next to it.
# A client's figures are on the host's clock; edge's log lines are on the guest's. The two are
# never mixed: the guest's clock is set from the host's RTC at boot, to within a second.

# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the scenarios
# shellcheck disable=SC2154 # c_* variables are set by host_result from the client's summary

repo=$(cd "$EDGE_BOARD_HOME/../.." && pwd)
host_dir=$EDGE_BOARD_RESULTS/host

# ---- host half -------------------------------------------------------------------------------

# edge_binary_on_host: copies the edge binary (EDGE_BINARY, default the NativeAOT build that
# tests/Edge.EndToEnd.Tests publishes) into the results directory, so that a publish on the host
# while the guest runs cannot swap it. Fails, saying how to build it, when it is missing; warns
# when a source file is newer than it.
edge_binary_on_host() {
  local edge=${EDGE_BINARY:-$repo/artifacts/native/linux-x64/edge} newer
  mkdir -p "$EDGE_BOARD_RESULTS"
  if [ ! -x "$edge" ]; then
    board_die "no edge binary at $edge. Build it first: 'dotnet build tests/Edge.EndToEnd.Tests' publishes the NativeAOT binary to artifacts/native/linux-x64/edge (as 'dotnet test' does before the README's test command runs this); or point EDGE_BINARY at another build"
  fi
  if [ -z "${EDGE_BINARY:-}" ]; then
    newer=$(find "$repo/src" -name '*.cs' -newer "$edge" -print -quit 2>/dev/null)
    [ -z "$newer" ] || board_log "warning: $edge is older than $newer; this scenario tests the older build (rebuild with 'dotnet build tests/Edge.EndToEnd.Tests')"
  fi
  cp "$edge" "$EDGE_BOARD_RESULTS/edge" || board_die "cannot copy $edge"
  echo "edge: $edge ($(stat -c %y "$edge"))" >"$EDGE_BOARD_RESULTS/edge-binary.txt"
}

# host_client_pull TAG CAMERA SECONDS: plays rtsp://127.0.0.1:$port/CAMERA over TCP for SECONDS of
# stream time (at most SECONDS + 60 of wall time), decoding every frame; writes TAG.framemd5
# (ffmpeg's framemd5 lines, each prefixed with the time it came out of ffmpeg, epoch
# microseconds), TAG.stderr (ffmpeg at -v warning: decode errors and the like) and TAG.summary:
# frames, distinct pictures, size, the client's wall time, its first frame (ms after it started:
# ffmpeg's start-up, the RTSP set-up and ffmpeg's probing of the stream, about 2 s, included),
# the stream time the frames span and the rate by their timestamps, the longest pause between
# two frames coming out (and after which frame), ffmpeg's exit code and its message count.
#
# The first picture is also shrunk to 8x1 pixels, one per bar of vivid's colour-bar pattern, and
# each bar's colour judged: rgb= has the eight RGB values, reads= what each reads as (a channel
# above 120 is lit, one below 70 dark), bars_ok=1 when they read white, yellow, cyan, green,
# magenta, red, blue, black in that order (meaningful with vivid's on-screen text off).
host_client_pull() {
  local tag=$1 camera=$2 seconds=$3 out=$host_dir/$1 start rc
  start=$(board_now)
  # The time limit on the input: as an output option, ffmpeg 5.1 did not end when the other
  # output had its one frame. RGB before shrinking: swscale's area scaler shrinking YUV 4:2:0
  # straight into rgb24 mixes up the blue channel (seen with ffmpeg 5.1).
  timeout --signal=INT --kill-after=10 $((seconds + 60)) \
    ffmpeg -hide_banner -nostdin -v warning -rtsp_transport tcp -t "$seconds" -i "rtsp://127.0.0.1:$port/$camera" \
    -map 0:v:0 -fps_mode passthrough -enc_time_base:v -1 -flush_packets 1 -f framemd5 - \
    -map 0:v:0 -frames:v 1 -vf format=rgb24,scale=8:1:flags=area -f rawvideo -pix_fmt rgb24 -y "$out.rgb" \
    2>"$out.stderr" |
    while IFS= read -r line; do printf '%s %s\n' "${EPOCHREALTIME//[.,]/}" "$line"; done >"$out.framemd5"
  rc=${PIPESTATUS[0]}
  {
    awk -v start="$start" -v end="$(board_now)" -v rc="$rc" -v camera="$camera" '
      $2 == "#tb" { split($4, tb, "/"); next }
      $2 == "#dimensions" { size = $4; next }
      $2 ~ /^#/ { next }
      {
        gsub(",", "")
        n++
        t = $1 + 0
        if (n == 1) { first = t; firstpts = $4 }
        else if (t - last > gap) { gap = t - last; gapat = n - 1 }
        last = t; lastpts = $4
        if (!($7 in seen)) { seen[$7] = 1; distinct++ }
      }
      END {
        # Parentheses around conditions: in a print statement, ">" would redirect. %.0f, not %d:
        # in mawk %d stops at 2^31.
        span = (n > 1) ? (lastpts - firstpts) * tb[1] / tb[2] : 0
        printf "camera=%s\nrc=%d\nframes=%d\ndistinct=%d\nsize=%s\n", camera, rc, n, distinct + 0, size
        printf "wall_s=%.2f\n", (end - start) / 1e6
        printf "first_frame_ms=%.0f\n", (n > 0) ? (first - start) / 1000 : -1
        printf "span_s=%.2f\n", span
        printf "fps=%.1f\n", (span > 0) ? (n - 1) / span : 0
        printf "max_gap_ms=%.0f\ngap_after_frame=%d\n", gap / 1000, gapat
        printf "first_us=%.0f\nlast_us=%.0f\n", first, last
      }' "$out.framemd5"
    od -An -v -tu1 "$out.rgb" 2>/dev/null | awk '
      { for (i = 1; i <= NF; i++) v[n++] = $i }
      END {
        split("white yellow cyan green magenta red blue black", want, " ")
        split("HHH HHL LHH LHL HLH HLL LLH LLL", code, " ")
        ok = (n == 24); s = ""; r = ""
        for (b = 0; b < 8; b++) {
          c = ""
          for (k = 0; k < 3; k++) { x = v[b * 3 + k] + 0; c = c (x > 120 ? "H" : (x < 70 ? "L" : "?")) }
          name = "?"
          for (j = 1; j <= 8; j++) if (code[j] == c) name = want[j]
          if (name != want[b + 1]) ok = 0
          s = s (b ? " " : "") v[b * 3] "," v[b * 3 + 1] "," v[b * 3 + 2]
          r = r (b ? " " : "") name
        }
        printf "rgb=%s\nreads=%s\nbars_ok=%d\n", s, r, ok
      }'
    printf 'stderr_lines=%d\n' "$(grep -c . "$out.stderr")"
  } >"$out.summary.tmp"
  mv "$out.summary.tmp" "$out.summary"
}

# host_clients_serve: runs the clients the guest asks for (TAG.request files: "pull CAMERA
# SECONDS" or "stop TAG") until it gets SIGTERM (then interrupting those still running), its
# scenario's shell is gone, or the scenario's time is well past; each client in the background,
# so a long one can run while the guest asks for others. "stop" interrupts a running pull (ffmpeg
# ends on SIGINT as at its time limit, exit code 255, and its summary is written as usual).
host_clients_serve() {
  local f tag kind a b p parent=$$ deadline
  declare -A pids=()
  # The clients are the children (timeout, under which ffmpeg runs) of these subshells.
  trap 'for p in "${pids[@]}"; do pkill -INT -P "$p" -x timeout; done; exit 0' TERM
  # Until the scenario's shell is gone (killed with the guest still running) at the latest.
  deadline=$((EPOCHSECONDS + ${EDGE_BOARD_SCENARIO_TIMEOUT:-300} + 300))
  while kill -0 "$parent" 2>/dev/null && ((EPOCHSECONDS < deadline)); do
    for f in "$host_dir"/*.request; do
      [ -e "$f" ] || continue
      tag=${f##*/}
      tag=${tag%.request}
      read -r kind a b <"$f" || true
      mv "$f" "$host_dir/$tag.taken"
      case $kind in
        pull) host_client_pull "$tag" "$a" "$b" & pids[$tag]=$! ;;
        stop) [ -z "${pids[$a]:-}" ] || pkill -INT -P "${pids[$a]}" -x timeout ;;
        *) echo "unknown request: $kind" >"$host_dir/$tag.summary" ;;
      esac
    done
    sleep 0.2
  done
}

# edge_board_run PORT [run-in-guest.sh options]: the host half's end: boots the guest with the
# host's 127.0.0.1:PORT forwarded to its 8554 and serves its client requests meanwhile; exits
# with the guest half's exit code.
edge_board_run() {
  port=$1
  shift
  rm -rf "$host_dir"
  mkdir -p "$host_dir"
  host_clients_serve &
  local server=$! rc=0
  board_run_guest --forward "$port:8554" "$@" || rc=$?
  # Clients still running (the guest ended early) are interrupted.
  kill -TERM "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  exit "$rc"
}

# ---- guest half ------------------------------------------------------------------------------

# edge_guest_setup: sets R, edge (the binary, copied onto the guest's tmpfs: the results directory
# is 9p with cache=none, where every page the binary faults in would be a round trip through
# QEMU), measurements.txt, and the clock that turns edge's log times into epoch microseconds.
edge_guest_setup() {
  R=$EDGE_BOARD_RESULTS
  local bin s tod
  bin=$(mktemp -d)
  cp "$R/edge" "$bin/" || {
    echo "Bail out! no edge binary in $R (the host half copies it there)"
    exit 1
  }
  edge=$bin/edge
  : >"$R/measurements.txt"
  cat "$R/edge-binary.txt" >>"$R/checks.log"
  # A sleep without a process (every process start costs 0.1-0.3 s here): a read that times out
  # on a pipe nobody writes to.
  exec {sleep_fd}<> <(:)
  # edge logs local wall-clock times (HH:MM:SS.mmm); this day's midnight as epoch seconds turns
  # them into epoch microseconds (not across midnight).
  s=${EPOCHREALTIME%[.,]*}
  printf -v tod '%(%H:%M:%S)T' "$s"
  day_base=$((s - (10#${tod:0:2} * 3600 + 10#${tod:3:2} * 60 + 10#${tod:6:2})))
}

pause() { read -r -t "$1" -u "$sleep_fd" _ || true; }
now_us() { now=${EPOCHREALTIME//[.,]/}; }
ms() { echo $(($1 / 1000)); }
# seconds US: microseconds as seconds with one decimal.
seconds() { printf '%d.%d' $(($1 / 1000000)) $(($1 / 100000 % 10)); }

# Figures for the report: into measurements.txt, printed by print_measurements.
measure() { echo "$*" >>"$R/measurements.txt"; }
print_measurements() {
  echo "# measurements (also in $R/measurements.txt):"
  while IFS= read -r line; do echo "#   $line"; done <"$R/measurements.txt"
}

# Log reading with built-ins only: mapfile reads the file in large chunks (the results directory
# is 9p with cache=none: every read is a round trip through QEMU).
#
# log_find FILE TEXT [AFTER_LINE]: the first line after line AFTER_LINE containing TEXT; sets
# found_line (its number), found_text and found_us (its timestamp, epoch microseconds).
log_find() {
  local file=$1 text=$2 i lines=()
  found_line=0 found_us=0 found_text=""
  [ -f "$file" ] || return 1
  mapfile -t lines <"$file"
  for ((i = ${3:-0}; i < ${#lines[@]}; i++)); do
    [[ ${lines[i]} == *"$text"* ]] || continue
    found_line=$((i + 1))
    found_text=${lines[i]}
    if [[ $found_text =~ ([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})\ (trce|dbug|info|warn|fail|crit): ]]; then
      found_us=$(((day_base + 10#${BASH_REMATCH[1]} * 3600 + 10#${BASH_REMATCH[2]} * 60 + 10#${BASH_REMATCH[3]}) * 1000000 + 10#${BASH_REMATCH[4]} * 1000))
    fi
    return 0
  done
  return 1
}

# wait_log FILE TEXT SECONDS [AFTER_LINE]: waits for the line (log_find's variables); prints it.
wait_log() {
  local deadline=$((${EPOCHREALTIME//[.,]/} + $3 * 1000000))
  until log_find "$1" "$2" "${4:-0}"; do
    if ((${EPOCHREALTIME//[.,]/} > deadline)); then
      echo "no line containing \"$2\" in $1 after $3 s; its last lines:"
      tail -n 20 "$1"
      return 1
    fi
    pause 0.2
  done
  echo "$found_text"
}

# count_log FILE TEXT [AFTER_LINE]: how many lines (after line AFTER_LINE) contain TEXT (sets count).
count_log() {
  local lines=() i
  count=0
  [ -f "$1" ] || return 0
  mapfile -t lines <"$1"
  for ((i = ${3:-0}; i < ${#lines[@]}; i++)); do [[ ${lines[i]} == *"$2"* ]] && count=$((count + 1)); done
  return 0
}

# lines_between FROM TO TEXT: edge's log lines FROM to TO (line numbers, both included) that
# contain TEXT (prints them; sets count).
lines_between() {
  local lines=() i
  count=0
  mapfile -t lines <"$elog"
  for ((i = $1 - 1; i < $2 && i < ${#lines[@]}; i++)); do
    [[ ${lines[i]} == *"$3"* ]] || continue
    echo "${lines[i]}"
    count=$((count + 1))
  done
}

# start_edge NAME CONFIG_TEXT: writes the config, starts edge with its log in edge-NAME.log (sets
# cfg, elog, edge_pid, edge_start_us).
start_edge() {
  cfg=$R/edge-$1.toml
  elog=$R/edge-$1.log
  printf '%s\n' "$2" >"$cfg"
  now_us
  edge_start_us=$now
  "$edge" run --config "$cfg" >"$elog" 2>&1 &
  edge_pid=$!
  echo "edge $1 started (pid $edge_pid) with $cfg:" >>"$R/checks.log"
  cat "$cfg" >>"$R/checks.log"
}

# stop_edge NAME: SIGTERM, then waits up to 20 s for edge to exit; sets edge_rc and stop_us.
stop_edge() {
  local i=0
  now_us
  stop_us=$now
  kill -TERM "$edge_pid" 2>/dev/null
  while kill -0 "$edge_pid" 2>/dev/null && ((i++ < 200)); do pause 0.1; done
  if kill -0 "$edge_pid" 2>/dev/null; then
    kill -KILL "$edge_pid" 2>/dev/null
    wait "$edge_pid" 2>/dev/null
    edge_rc=timeout
  else
    wait "$edge_pid"
    edge_rc=$?
  fi
  now_us
  measure "edge $1: SIGTERM to exit $(ms $((now - stop_us))) ms, exit code $edge_rc"
}

exits_zero() {
  tail -n 5 "$elog"
  [ "$edge_rc" = 0 ] && log_find "$elog" "edge stopped"
}

# edge_alive: the edge started last still runs, as the same process that started (one start line
# in its log: nothing restarted it).
edge_alive() {
  local comm
  kill -0 "$edge_pid" 2>/dev/null || { echo "edge (pid $edge_pid) is not running; its last lines:"; tail -n 20 "$elog"; return 1; }
  read -r comm <"/proc/$edge_pid/comm"
  count_log "$elog" "starting: config loaded"
  echo "pid $edge_pid is $comm, started $count time(s)"
  [ "$comm" = edge ] && [ "$count" = 1 ]
}

# host_pull TAG CAMERA SECONDS / host_stop TAG: asks the host for a client (host_client_pull) or
# to interrupt it; returns at once. host_pull remembers where edge's log was (pull_from[TAG]), to
# find the client's session in it.
declare -A pull_from=()
host_request() {
  mkdir -p "$host_dir"
  printf '%s\n' "$2" >"$host_dir/$1.request.tmp" && mv "$host_dir/$1.request.tmp" "$host_dir/$1.request"
}
host_pull() {
  local lines=()
  mapfile -t lines <"$elog"
  pull_from[$1]=${#lines[@]}
  host_request "$1" "pull $2 $3"
}
host_stop() { host_request "stop-$1" "stop $1"; }

# host_result TAG SECONDS: waits for the client's summary and reads it into c_KEY variables
# (c_frames, c_size, ...); prints it.
host_result() {
  local key value
  unset "${!c_@}"
  wait_for_file "$host_dir/$1.summary" "$2" || { echo "no result from the host's client $1 after $2 s"; return 1; }
  while IFS='=' read -r key value; do
    [[ $key =~ ^[a-z_]+$ ]] && printf -v "c_$key" '%s' "$value"
  done <"$host_dir/$1.summary"
  cat "$host_dir/$1.summary"
}

# served CAMERA AFTER_LINE: the first RTSP reader of CAMERA's stream hub that subscribed after
# line AFTER_LINE of edge's log (debug level), and what the hub handed it once it left: sets
# served_frames, served_dropped, served_s (subscribed to left) and served_fps.
served() {
  local id subscribed_us
  served_frames=0 served_dropped=0 served_s=0 served_fps=0
  wait_log "$elog" "Stream $1: reader rtsp " 30 "$2" >/dev/null || return 1
  [[ $found_text =~ reader\ rtsp\ ([0-9a-f]+)\ subscribed ]] || return 1
  id=${BASH_REMATCH[1]}
  subscribed_us=$found_us
  wait_log "$elog" "reader rtsp $id left after" 30 "$found_line" >/dev/null || return 1
  [[ $found_text =~ left\ after\ ([0-9]+)\ frames\ \(([0-9]+)\ dropped ]] || return 1
  served_frames=${BASH_REMATCH[1]}
  served_dropped=${BASH_REMATCH[2]}
  served_s=$(seconds $((found_us - subscribed_us)))
  served_fps=$(awk -v n="$served_frames" -v us="$((found_us - subscribed_us))" 'BEGIN { printf "%.1f", (us > 0) ? n * 1e6 / us : 0 }')
}

# pulled_ok TAG WIDTHxHEIGHT FPS SECONDS: the host's pull TAG decoded video at the configured size,
# with no decoder message, and all of what edge sent it: its rate (frames per second of stream
# time) at least 3/4 of the rate at which edge's hub handed this client frames over its session.
# That judges the path from the camera to the client whatever the load of the machine; the rate
# itself — the camera's, under emulation — is printed, not judged, except that SECONDS of stream
# time may not hold more than FPS x SECONDS frames (+2): timestamps running slow would.
pulled_ok() {
  local tag=$1 size=$2 fps=$3 secs=$4 rc=0 most
  most=$((fps * secs + 2))
  host_result "$tag" $((secs + 90)) || return 1
  [ "$c_rc" = 0 ] || { echo "ffmpeg exited $c_rc"; rc=1; }
  [ "$c_size" = "$size" ] || { echo "size $c_size, configured $size"; rc=1; }
  [ "$c_stderr_lines" = 0 ] || { echo "ffmpeg said:"; cat "$host_dir/$tag.stderr"; rc=1; }
  ((c_frames >= 5 && c_frames <= most)) || { echo "$c_frames frames in $c_span_s s (5 to $most expected)"; rc=1; }
  if served "$c_camera" "${pull_from[$tag]:-0}"; then
    echo "edge's hub handed this client $served_frames frames in $served_s s ($served_fps fps, configured $fps), $served_dropped dropped; it decoded $c_fps fps"
    awk -v c="$c_fps" -v s="$served_fps" 'BEGIN { exit !(c >= 0.75 * s) }' ||
      { echo "the client decoded fewer than 3/4 of what edge sent"; rc=1; }
  else
    echo "no session of this client in edge's log (debug level) after line ${pull_from[$tag]:-0}"
    rc=1
  fi
  return "$rc"
}
