#!/usr/bin/env bash
# A camera unplugged and plugged back in under the real daemon: `edge run` (the NativeAOT binary)
# streams a V4L2 camera on vivid (YUYV 320x180 at 15 fps, libx264) to an ffmpeg client on the
# host, with its status LED on a gpio-sim line (GPIO17 of a simulated Raspberry Pi chip). While
# the client plays, vivid's "disconnect" control unplugs the camera (its node unregistered: open
# and ioctls fail with ENODEV); after edge's second retry vivid is unloaded (which fails while
# anything still holds it: the node disappears), and after the third it is loaded again. Checks
# that edge logs the camera lost and each retry failing, that the status LED double-blinks (150
# on, 150 off, 150 on, 1150 off ms, sampled every 20 ms by probes/gpio-led-sampler.c and judged
# by scenarios/gpio/led-analyze.awk) while the camera is gone, and that edge resumes by itself:
# the same process, a new "streaming" line, the LED solid again, a NEW client on the host
# decoding video, and the client that played across the unplug getting video again on its old
# session. Prints the recovery time (vivid loaded again to streaming; mostly the supervisor's
# back-off).
#
# EDGE_GPIO_TOLERANCE_MS (default 80) is the LED timing tolerance; edges the sampler saw only
# after a stall of the guest (> 60 ms between samples) are not judged.
# shellcheck disable=SC2317 # the guest half's functions run through check
# shellcheck disable=SC2154 # c_* variables are set by host_result from the client's summary
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"
# shellcheck source=../edge-daemon-lib.sh
. "$EDGE_BOARD_HOME/edge-daemon-lib.sh"

if board_on_host; then
  edge_binary_on_host
  cc -O2 -Wall -Werror -o "$EDGE_BOARD_RESULTS/gpio-led-sampler" "$EDGE_BOARD_HOME/probes/gpio-led-sampler.c" ||
    board_die "cannot build the sampler (cc)"
  port=$(board_free_port) || board_die "no free TCP port on 127.0.0.1"
  edge_board_run "$port" --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-300}"
fi

# ---- inside the guest --------------------------------------------------------------------
edge_guest_setup
width=320 height=180 fps=15
tol=${EDGE_GPIO_TOLERANCE_MS:-80}
samples=$R/samples.txt
analyzer=$EDGE_BOARD_HOME/scenarios/gpio/led-analyze.awk
sampler=$(dirname "$edge")/gpio-led-sampler
cp "$R/gpio-led-sampler" "$sampler"

# analyze NAME FROM_US TO_US [awk -v assignments...]: led-analyze.awk over the samples so far,
# its verdict kept as a measurement.
analyze() {
  local name=$1 from=$2 to=$3 args=() a out rc=0
  shift 3
  for a in "$@"; do args+=(-v "$a"); done
  out=$(awk -f "$analyzer" -v name="$name" -v from="$from" -v to="$to" "${args[@]}" "$samples") || rc=$?
  echo "$out"
  measure "status LED: ${out%%$'\n'*}"
  return "$rc"
}

check "vivid loads" "$BOARD_GUEST/load-module.sh" vivid
cam=$(node vivid-000-vid-cap) || cam=/dev/null
echo "vivid capture node: $cam" >>"$R/checks.log"
gpio_env=$("$BOARD_GUEST/make-gpio-sim.sh" --pi-names --label pinctrl-bcm2835 2>>"$R/checks.log")
eval "$gpio_env"
check "a gpio-sim chip with Raspberry Pi line names (${EDGE_GPIO_CHIP:-none})" test -c "${EDGE_GPIO_CHIP:-/nonexistent}"
"$sampler" "$samples" 20 status="${EDGE_GPIO_SYSFS:-/nonexistent}/sim_gpio17/value" 2>>"$R/checks.log" &
sampler_pid=$!
check "the sampler reads GPIO17 every 20 ms" bash -c "sleep 0.5; kill -0 $sampler_pid && grep -q status '$samples'"

start_edge unplug "[rtsp]
listen = \"0.0.0.0:8554\"

[camera.cam]
source = \"v4l2\"
device = \"$cam\"
width = $width
height = $height
fps = $fps
format = \"yuyv\"

[camera.cam.encoder]
kind = \"ffmpeg\"
codec = \"libx264\"

[leds]
chip = \"${EDGE_GPIO_CHIP_NAME:-gpiochip0}\"
status = \"GPIO17\"

[http]
enabled = false

[log]
level = \"debug\""

check "edge streams the camera" wait_log "$elog" "camera cam: streaming V4L2 $cam YUYV ${width}x$height@$fps, libx264" 90
stream_us=$found_us
((stream_us > 0)) && measure "edge start to camera streaming $(ms $((stream_us - edge_start_us))) ms"
check "the status LEDs came up (GPIO17 on ${EDGE_GPIO_CHIP_NAME:-?})" wait_log "$elog" "LEDs on " 30

# ---- the unplug, while a client plays ------------------------------------------------------
# vivid's "disconnect" control unregisters its nodes as a USB unplug does (every ioctl, and every
# open, then fails with ENODEV), and registers them again once the last open file is closed. The
# scenario keeps a file of its own open, so the camera stays unplugged after edge lets go of it;
# between two of edge's retries it closes it and unloads vivid (the node disappears: a camera
# that stays away), and later loads vivid again: the camera plugged back in.
host_pull old cam 120
check "a client on the host plays the stream" wait_log "$elog" "playing cam over RTP/AVP/TCP" 60
pause 3
exec {holder}<"$cam"
lines_before=$(wc -l <"$elog")
now_us
unplug_us=$now
check "vivid's \"disconnect\" control unplugs the camera" v4l2-ctl -d "$cam" -c disconnect=1
check "edge logs the camera lost (capture ended: $cam is gone)" wait_log "$elog" "capture ended: $cam is gone" 30 "$lines_before"
check "edge logs the camera failed, retrying" wait_log "$elog" "camera cam: failed: $cam is gone" 30 "$lines_before"
failed_us=$found_us
failed_line=$found_line
((failed_us > 0)) && measure "disconnect to \"camera cam: failed\" $(ms $((failed_us - unplug_us))) ms: ${found_text#*failed: }"
# retry_failed N: edge's Nth retry since the unplug was logged, and a failure after it.
retry_failed() {
  local n=0 line=$failed_line
  while ((n < $1)); do
    wait_log "$elog" "camera cam: trying V4L2" 40 "$line" || return 1
    line=$found_line
    n=$((n + 1))
  done
  wait_log "$elog" "camera cam: failed" 40 "$line"
}
# Edge retries 1 s after the failure, then 2 s later, then 4 s later.
check "edge's first two retries fail (the node is there, unregistered)" retry_failed 2
exec {holder}<&-
unload() {
  local i
  for ((i = 0; i < 10; i++)); do
    /sbin/modprobe -r vivid 2>&1 && { echo "unloaded after $i retries"; return 0; }
    pause 0.3
  done
  lsmod | grep vivid
  return 1
}
check "vivid unloads once the scenario lets go (edge holds nothing of it)" unload
check "the device node is gone" bash -c "! test -e $cam"
check "edge's third retry fails too (no device node at all)" retry_failed 3
# Back 12 s after the failure, some seconds before edge's fourth retry (8 s after the third).
now_us
left=$(((failed_us + 12000000 - now) / 100000))
((left <= 0)) || pause "$((left / 10)).$((left % 10))"
now_us
reload_us=$now
check "vivid loads again: the camera is plugged back in" "$BOARD_GUEST/load-module.sh" vivid
now_us
measure "the camera was gone $(ms $((reload_us - failed_us))) ms from the failure; loading vivid again took $(ms $((now - reload_us))) ms"
check "the camera node is back ($cam)" bash -c "test \"\$(cat /sys/class/video4linux/${cam#/dev/}/name)\" = vivid-000-vid-cap"

check "edge streams again by itself" wait_log "$elog" "camera cam: streaming" 90 "$failed_line"
recovered_us=$found_us
recovered_line=$found_line
# From the failure until streaming again (the LED turns solid then): about nine cycles, some of
# them across the guest's stalls while vivid unloads and loads (those are not judged).
check "status LED double-blinks (150 on, 150 off, 150 on, 1150 off, +-$tol ms) while the camera is gone" \
  analyze status $((failed_us + 100000)) $((recovered_us > 0 ? recovered_us - 200000 : reload_us)) \
  mode=cycle spec=150,150,150,1150 tol="$tol" min=3 run=2
((recovered_us > 0)) && measure "recovery: vivid loaded again to \"camera cam: streaming\" $(ms $((recovered_us - reload_us))) ms (mostly the wait for the supervisor's next retry, 8 s after the third; camera failed to streaming again $(ms $((recovered_us - failed_us))) ms)"
echo "between the failure and streaming again:" >>"$R/checks.log"
lines_between "$failed_line" "$recovered_line" "camera cam: failed" >>"$R/checks.log"
measure "between the failure and streaming again: $count failure lines at error or debug level (a changed reason is an error, a repeat debug)"
check "edge still runs as the same process (pid $edge_pid)" edge_alive
pause 3
now_us
check "status LED solid again once streaming" analyze status $((recovered_us + 500000)) "$now" mode=level spec=1

host_pull new cam 5
check "a NEW client on the host decodes video again (5 s, ${width}x$height, ~$((fps * 5)) frames, no decoder message)" \
  pulled_ok new "${width}x$height" "$fps" 5
measure "new client after the recovery: $c_frames frames in $c_span_s s ($c_fps fps; edge sent $served_fps fps), first after $c_first_frame_ms ms"

host_stop old
old_client() {
  host_result old 60 || return 1
  after=$((c_frames - c_gap_after_frame))
  echo "$c_frames frames; the longest pause ($c_max_gap_ms ms) after frame $c_gap_after_frame, then $after more"
  ((c_max_gap_ms >= 5000 && after >= fps))
}
check "the client playing across the unplug kept its session and decoded video again once the camera was back" old_client
measure "client playing across the unplug: $c_frames frames; its longest pause $c_max_gap_ms ms came after frame $c_gap_after_frame, then $after more frames; ffmpeg exit $c_rc (255: interrupted at the end) with $c_stderr_lines messages (host/old.stderr)"

stop_edge unplug
check "SIGTERM: edge exits 0" exits_zero
kill -TERM "$sampler_pid" 2>/dev/null
wait "$sampler_pid"
print_measurements
board_finish
