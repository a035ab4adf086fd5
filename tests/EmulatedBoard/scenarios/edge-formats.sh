#!/usr/bin/env bash
# Format negotiation in the real daemon: one `edge run` (the NativeAOT binary) with five V4L2
# cameras on four vivid instances (vivid n_devs=4), each 320x180 at 15 fps through libx264:
#
#   yuyv   format = "yuyv"                        streams YUYV
#   nv12   format = "nv12"                        streams NV12
#   auto   format = "auto"                        streams YU12 (the cheapest conversion vivid offers)
#   h264   format = "h264" (vivid has no H.264)   fails: "cannot capture H264; it offers: ..."
#   huge   4000x3000 YUYV (vivid has no such size) fails: "cannot capture 4000x3000 YUYV ..."
#
# An ffmpeg client on the host pulls each streaming camera over the forwarded RTSP port and
# decodes it (size, frame count, no decoder message), and decodes one picture of each shrunk to
# one pixel per bar of vivid's 75% colour bars (on-screen text off): white, yellow, cyan, green,
# magenta, red, blue, black, in order, for every format — a wrong chroma plane or a swapped U/V
# in a conversion changes them. The two failing cameras give the error listing what vivid
# offers, once at error level, and are retried with back-off while the others stream and the
# daemon keeps running; SIGTERM then stops it cleanly.
# shellcheck disable=SC2317 # the guest half's functions run through check
# shellcheck disable=SC2154 # c_* variables are set by host_result from the client's summary
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"
# shellcheck source=../edge-daemon-lib.sh
. "$EDGE_BOARD_HOME/edge-daemon-lib.sh"

if board_on_host; then
  edge_binary_on_host
  port=$(board_free_port) || board_die "no free TCP port on 127.0.0.1"
  edge_board_run "$port" --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-300}"
fi

# ---- inside the guest --------------------------------------------------------------------
edge_guest_setup
width=320 height=180 fps=15 pull_s=5

check "vivid loads with four instances (n_devs=4)" "$BOARD_GUEST/load-module.sh" vivid n_devs=4
declare -A dev
for i in 0 1 2 3; do
  dev[$i]=$(node "vivid-00$i-vid-cap") || dev[$i]=/dev/null
done
nodes_ready() {
  local i
  echo "vivid capture nodes: ${dev[*]}"
  [[ ${dev[*]} != */dev/null* ]] || return 1
  for i in 0 1 2; do v4l2-ctl -d "${dev[$i]}" -c osd_text_mode=2 || return 1; done
}
check "four vivid capture nodes; on-screen text off on the first three" nodes_ready

camera() { # NAME DEVICE FORMAT WIDTH HEIGHT ENCODER
  printf '[camera.%s]\nsource = "v4l2"\ndevice = "%s"\nformat = "%s"\nwidth = %d\nheight = %d\nfps = %d\n\n[camera.%s.encoder]\nkind = "%s"\ncodec = "libx264"\n\n' \
    "$1" "$2" "$3" "$4" "$5" "$fps" "$1" "$6"
}
start_edge formats "[rtsp]
listen = \"0.0.0.0:8554\"

$(camera yuyv "${dev[0]}" yuyv $width $height ffmpeg)
$(camera nv12 "${dev[1]}" nv12 $width $height ffmpeg)
$(camera auto "${dev[2]}" auto $width $height ffmpeg)
$(camera h264 "${dev[3]}" h264 $width $height passthrough)
$(camera huge "${dev[3]}" yuyv 4000 3000 ffmpeg)
[http]
enabled = false

[log]
level = \"debug\""

declare -A fourcc=([yuyv]=YUYV [nv12]=NV12 [auto]=YU12) node_of=([yuyv]=${dev[0]} [nv12]=${dev[1]} [auto]=${dev[2]})
for c in yuyv nv12 auto; do
  check "camera $c streams ${fourcc[$c]} ${width}x$height@$fps (format = \"$c\")" \
    wait_log "$elog" "camera $c: streaming V4L2 ${node_of[$c]} ${fourcc[$c]} ${width}x$height@$fps, libx264" 120
  ((found_us > 0)) && measure "camera $c: edge start to streaming ${fourcc[$c]} $(ms $((found_us - edge_start_us))) ms"
done

# What vivid offers, as edge lists it: YUYV and the other raw formats Edge converts share one
# entry of sizes and rates; the formats Edge cannot use are named after it.
offers='it offers: [^;]*(YUYV|NV12|YU12)[^;]* 320x180@60,[^;]* 640x360@40,[^;]* 3840x2160@2,1[^;]*\(also [^)]*, which Edge cannot use\)'
h264_error="camera h264: failed: ${dev[3]} cannot capture H264; $offers; set camera\\.h264\\.format to one of these, or \"auto\"; retrying in 00:00:01$"
huge_error="camera huge: failed: ${dev[3]} cannot capture 4000x3000 YUYV at $fps fps; $offers; set camera\\.huge\\.width/height/fps/format to one of these; retrying in 00:00:01$"
error_line() { # CAMERA REGEX
  wait_log "$elog" "camera $1: failed:" 60 >/dev/null || { echo "no failure of camera $1 logged:"; tail -n 20 "$elog"; return 1; }
  echo "$found_text"
  [[ $found_text =~ $2 ]] || { echo "does not match: $2"; return 1; }
}
check "format = \"h264\" on vivid: the error names H264 and lists what vivid offers, with the key to change" error_line h264 "$h264_error"
check "4000x3000 on vivid: the error names the size and lists what vivid offers, with the keys to change" error_line huge "$huge_error"

# A client per streaming camera, all at once: each decodes its stream and judges its colour bars.
for c in yuyv nv12 auto; do host_pull "$c" "$c" "$pull_s"; done
bars() {
  echo "bars read: $c_reads (RGB $c_rgb)"
  ((c_bars_ok == 1))
}
for c in yuyv nv12 auto; do
  check "camera $c (${fourcc[$c]}): a client on the host decodes $pull_s s at ${width}x$height, ~$((fps * pull_s)) frames, no decoder message" \
    pulled_ok "$c" "${width}x$height" "$fps" "$pull_s"
  measure "camera $c (${fourcc[$c]}): host client decoded $c_frames frames in $c_span_s s of stream time ($c_fps fps; edge sent $served_fps fps), first after $c_first_frame_ms ms; colour bars RGB $c_rgb"
  check "camera $c (${fourcc[$c]}): the decoded picture shows vivid's colour bars in order (white yellow cyan green magenta red blue black)" bars
done

# The failing cameras are retried with back-off (1 s, 2 s, 4 s, ...): by now, several times.
retried() { # CAMERA
  local retries repeats
  count_log "$elog" "camera $1: trying V4L2"
  retries=$count
  count_log "$elog" "camera $1: failed again:"
  repeats=$count
  count_log "$elog" "camera $1: failed:"
  echo "camera $1: $retries retries; $count error-level failure line(s), $repeats debug-level repeats"
  ((retries >= 2 && repeats >= 2)) && [ "$count" = 1 ]
}
check "camera h264 is retried, its error logged once (repeats at debug level)" retried h264
check "camera huge is retried, its error logged once (repeats at debug level)" retried huge
check "the daemon keeps running as the same process while two cameras fail" edge_alive
still_streaming() {
  local c
  for c in yuyv nv12 auto; do
    count_log "$elog" "camera $c: failed"
    echo "camera $c: $count failure lines"
    [ "$count" = 0 ] || return 1
  done
}
check "the streaming cameras never failed" still_streaming

stop_edge formats
check "SIGTERM: edge exits 0 (with two cameras waiting to retry)" exits_zero

# What a user runs to write the config: every vivid node is a camera, listed with its offers.
devices_lists_vivid() {
  local out i
  out=$("$edge" devices 2>&1) || { echo "$out"; return 1; }
  echo "$out"
  for i in 0 1 2 3; do
    [[ $out == *"  ${dev[$i]}  "*vivid* ]] || { echo "${dev[$i]} is not listed as a camera"; return 1; }
  done
  grep -Eq '(YUYV|NV12|YU12)[^;]* 320x180@60' <<<"$out" || { echo "no raw 320x180@60 offer listed"; return 1; }
  [[ $out == *'encoder.kind = "auto" would use: '* ]]
}
check "edge devices lists the four vivid capture nodes with their formats, sizes and rates" devices_lists_vivid

print_measurements
board_finish
