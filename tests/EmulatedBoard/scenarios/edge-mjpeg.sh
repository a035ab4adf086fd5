#!/usr/bin/env bash
# The daemon's Motion-JPEG capture path against a real kernel device: v4l2loopback (built from
# Debian's v4l2loopback-dkms by prepare.sh) is a V4L2 capture device whose pictures another
# program writes, here 1280x720 JPEGs at 15 fps, as a USB webcam delivers 720p. The NativeAOT edge
# binary runs `edge run` in the guest; the capture source decodes each picture with libavcodec's
# mjpeg decoder to I420, libx264 encodes it, and an ffmpeg client ON THE HOST plays it over
# RTSP/TCP through a forwarded port: the configured size, all of what edge sent, no decoder
# message, pictures that change (testsrc2's running counter).
#
# 1. format = "mjpeg", ffmpeg's v4l2 output writing: edge's log says the pictures are decoded by
#    libavcodec and what they are (yuvj420p); a 10 s pull.
# 2. format = "auto" (the device offers only MJPEG), probes/mjpeg-writer.c writing: a 3 s pull;
#    the writer goes away: the camera fails (no picture within the frame timeout) and is retried;
#    a writer comes back, and edge streams again by itself, same process. That writer cuts
#    pictures short (no end-of-image marker, as a truncated USB transfer) for 2 s: edge skips
#    them, warns why, and carries on; then for 8 s: edge fails the camera ("no usable MJPEG
#    picture for 5 s"), reopens it, and streams again once good pictures come; a new client
#    decodes video.
#
# The pictures are made once on the host (ffmpeg's testsrc2, mjpeg encoder) and only copied into
# the device in the guest, so the emulated CPUs spend their time on edge, not on the writer.
# shellcheck disable=SC2317 # the guest half's functions run through check
# shellcheck disable=SC2154 # c_* variables are set by host_result from the client's summary
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"
# shellcheck source=../edge-daemon-lib.sh
. "$EDGE_BOARD_HOME/edge-daemon-lib.sh"

width=1280 height=720 fps=15 pull_s=10 clip_s=30

if board_on_host; then
  edge_binary_on_host
  cc -O2 -Wall -Werror -o "$EDGE_BOARD_RESULTS/mjpeg-writer" "$EDGE_BOARD_HOME/probes/mjpeg-writer.c" ||
    board_die "cannot build the MJPEG writer (cc)"
  # JPEGs back to back (ffmpeg's mjpeg muxer): one per frame, each with testsrc2's counter.
  ffmpeg -hide_banner -nostdin -v error -f lavfi -i "testsrc2=size=${width}x$height:rate=$fps" -t "$clip_s" \
    -c:v mjpeg -q:v 5 -f mjpeg -y "$EDGE_BOARD_RESULTS/pictures.mjpeg" ||
    board_die "cannot make the MJPEG pictures (ffmpeg)"
  # The same pictures in AVI for ffmpeg's writer: looping the bare JPEGs (-stream_loop) repeats
  # timestamps, which ffmpeg 5.1 then warns about on every picture.
  ffmpeg -hide_banner -nostdin -v error -f mjpeg -framerate "$fps" -i "$EDGE_BOARD_RESULTS/pictures.mjpeg" -c:v copy \
    -y "$EDGE_BOARD_RESULTS/pictures.avi" || board_die "cannot put the MJPEG pictures into AVI (ffmpeg)"
  port=$(board_free_port) || board_die "no free TCP port on 127.0.0.1"
  edge_board_run "$port" --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-300}"
fi

# ---- inside the guest --------------------------------------------------------------------
edge_guest_setup
label="edge-mjpeg-loopback"
# max_buffers=8 (default 2): v4l2loopback's readers and its writer share one ring of buffers, and
# the writer does not wait for a buffer a reader has dequeued; with two, a picture edge was still
# decoding was overwritten by the next one (seen once in 75: a picture "cut short").
lb_load=(v4l2loopback devices=1 exclusive_caps=1 "card_label=$label" max_buffers=8)

lb_params() {
  modinfo -F parm v4l2loopback | tee "$R/v4l2loopback-parm.txt"
  local p
  for p in devices exclusive_caps card_label max_buffers; do grep -q "^$p:" "$R/v4l2loopback-parm.txt" || return 1; done
}
check "v4l2loopback has the devices, exclusive_caps, card_label and max_buffers parameters (modinfo)" lb_params

# lb_loaded [--reload]: loads v4l2loopback (sets cam and lb_format) and sets its capture rate: the
# capture side offers one discrete frame interval, 30 fps unless set (ffmpeg's v4l2 output does
# not set it), and v4l2loopback's sysfs attribute "format" takes "@NUM/DEN".
lb_loaded() {
  "$BOARD_GUEST/load-module.sh" "$@" "${lb_load[@]}" || return 1
  cam=$(node "$label") || { echo "no video node named $label"; return 1; }
  lb_format=/sys/class/video4linux/${cam##*/}/format
  echo "@$fps/1" >"$lb_format" || return 1
  echo "$cam, capture rate $fps fps"
}
cam=/dev/null lb_format=/dev/null
check "v4l2loopback loads (one device, capture only while a writer writes) at $fps fps" lb_loaded
echo "v4l2loopback node: $cam" >>"$R/checks.log"

writer_pid=0
# The first writer: ffmpeg's v4l2 output device, copying the host's JPEGs at 15 fps, in a loop.
start_ffmpeg_writer() {
  ffmpeg -hide_banner -nostdin -v warning -re -stream_loop -1 -i "$R/pictures.avi" \
    -c:v copy -f v4l2 "$cam" >"$R/writer-$1.log" 2>&1 &
  writer_pid=$!
}
# The other writer: probes/mjpeg-writer (streaming I/O), for SECONDS, damaging some pictures.
start_probe_writer() { # NAME SECONDS [BAD_FROM BAD_SECONDS]
  local name=$1
  shift
  "$R/mjpeg-writer" "$cam" "$width" "$height" "$fps" "$R/pictures.mjpeg" "$@" >"$R/writer-$name.log" 2>&1 &
  writer_pid=$!
}
stop_writer() {
  local i=0
  kill -TERM "$writer_pid" 2>/dev/null
  while kill -0 "$writer_pid" 2>/dev/null && ((i++ < 100)); do pause 0.1; done
  kill -KILL "$writer_pid" 2>/dev/null
  wait "$writer_pid" 2>/dev/null
  writer_pid=0
}
offers_mjpeg() {
  local i
  for ((i = 0; i < 150; i++)); do
    v4l2-ctl -d "$cam" --list-formats-ext >"$R/loopback-formats.txt" 2>&1 && grep -q "'MJPG'" "$R/loopback-formats.txt" && break
    kill -0 "$writer_pid" 2>/dev/null || break
    pause 0.2
  done
  cat "$R/loopback-formats.txt" "$lb_format"
  grep -q "'MJPG'" "$R/loopback-formats.txt" && grep -q "Size: Discrete ${width}x$height" "$R/loopback-formats.txt" &&
    grep -qx "MJPG:${width}x$height@$fps" "$lb_format"
}
config() { # config FORMAT
  printf '%s\n' "[rtsp]
listen = \"0.0.0.0:8554\"

[camera.cam]
source = \"v4l2\"
device = \"$cam\"
width = $width
height = $height
fps = $fps
format = \"$1\"

[camera.cam.encoder]
kind = \"ffmpeg\"
codec = \"libx264\"

[http]
enabled = false

[log]
level = \"debug\""
}
moving() {
  echo "$c_distinct distinct pictures among $c_frames"
  ((c_frames > 0 && c_distinct * 10 >= c_frames * 9))
}
# unusable_so_far WHEN: how many pictures edge said it skipped (its warnings are rate-limited: a
# lower bound), into measurements. Not judged: v4l2loopback's writer does not wait for a buffer a
# reader has dequeued, so a picture edge is still decoding after 4 frame periods (its 4 buffers
# are the ring) is overwritten, and reads as cut short; seen 0-1 times a run under emulation.
unusable_so_far() {
  local n=0
  count_log "$elog" "unusable MJPEG pictures skipped so far"
  [[ $(grep -o '[0-9]* unusable MJPEG pictures skipped so far' "$elog" | tail -n 1) =~ ^([0-9]+) ]] && n=${BASH_REMATCH[1]}
  measure "$1: $n picture(s) skipped as unusable by then ($count warning(s))"
}
streaming_text="camera cam: streaming V4L2 $cam MJPG ${width}x$height@$fps, MJPEG decoded, libx264"

# ---- 1. format = "mjpeg", ffmpeg writing -----------------------------------------------------
start_ffmpeg_writer ffmpeg
check "ffmpeg writes MJPEG into $cam (-c:v copy -f v4l2): the device offers MJPG ${width}x$height@$fps for capture" offers_mjpeg
start_edge mjpeg "$(config mjpeg)"
check "edge streams the camera (MJPG ${width}x$height@$fps, decoded, through libx264)" wait_log "$elog" "$streaming_text" 120
stream_us=$found_us
((stream_us > 0)) && measure "format = mjpeg: edge start to camera streaming (first encoded frame) $(ms $((stream_us - edge_start_us))) ms"
check "edge says the MJPEG is decoded by libavcodec's mjpeg decoder to I420" \
  log_find "$elog" "camera cam: $cam MJPG ${width}x$height@$fps is decoded by libavcodec's mjpeg decoder to I420 → libx264"
check "edge opened v4l2loopback in MJPEG ${width}x$height at $fps fps" \
  log_find "$elog" "($label, v4l2 loopback): capturing MJPG ${width}x$height@$fps at $fps fps"
check "edge's MJPEG decoder reports the pictures' format (yuvj420p from ffmpeg's mjpeg encoder)" \
  log_find "$elog" "MJPEG ${width}x$height: pictures are yuvj420p"

host_pull pull cam "$pull_s"
check "an ffmpeg client on the host decodes $pull_s s of rtsp://.../cam: ${width}x$height, no decoder message" \
  pulled_ok pull "${width}x$height" "$fps" "$pull_s"
measure "host client: $c_frames frames decoded spanning $c_span_s s of stream time: $c_fps fps (configured $fps; edge sent it $served_fps fps, $served_dropped dropped); first frame $c_first_frame_ms ms after the client started; longest pause $c_max_gap_ms ms"
check "the pictures change from frame to frame (at least 90% distinct)" moving
unusable_so_far "format = mjpeg, ffmpeg writing"
check "edge still runs as the same process" edge_alive
stop_edge mjpeg
check "SIGTERM: edge exits 0" exits_zero
captured() {
  log_find "$elog" "stopped after" || return 1
  echo "$found_text"
  measure "format = mjpeg: ${found_text#*: } in $(seconds $((found_us - stream_us))) s of streaming"
  [[ $found_text =~ stopped\ after\ ([0-9]+)\ pictures ]] && ((BASH_REMATCH[1] > 0))
}
check "edge's capture counted the pictures it decoded" captured
stop_writer
check "ffmpeg's v4l2 output said nothing (at -v warning) while writing MJPEG" \
  bash -c "cat '$R/writer-ffmpeg.log'; ! grep -q . '$R/writer-ffmpeg.log'"
# v4l2loopback 0.12.7 marks an opener as its writer only at STREAMON; ffmpeg wrote with write(),
# so with exclusive_caps=1 the device now offers neither capture nor output until reloaded.
v4l2-ctl -d "$cam" --info >"$R/caps-after-ffmpeg.txt" 2>&1
check "v4l2loopback reloads after ffmpeg's writer" lb_loaded --reload

# ---- 2. format = "auto"; the writer goes away, and comes back cutting pictures short ---------------
start_probe_writer good 120
check "probes/mjpeg-writer writes MJPEG into $cam (streaming I/O): MJPG ${width}x$height@$fps for capture" offers_mjpeg
start_edge auto "$(config auto)"
check "format = \"auto\" on a device offering only MJPEG: edge picks it and streams" wait_log "$elog" "$streaming_text" 120
((found_us > 0)) && measure "format = auto: edge start to camera streaming $(ms $((found_us - edge_start_us))) ms"
host_pull auto cam 3
check "a client on the host decodes the auto-format camera (3 s, ${width}x$height)" pulled_ok auto "${width}x$height" "$fps" 3
unusable_so_far "format = auto, probes/mjpeg-writer writing"

lines_before=$(wc -l <"$elog")
now_us
gone_us=$now
stop_writer
check "the writer stopped: edge logs the camera failed, retrying" wait_log "$elog" "camera cam: failed: " 30 "$lines_before"
fail_line=$found_line
((found_us > 0)) && measure "writer gone: camera failed $(ms $((found_us - gone_us))) ms later: ${found_text#*failed: }"
check "with no writer, edge's retries find no capture device (exclusive_caps=1), and say so" \
  wait_log "$elog" "is not a video capture device; retrying" 30 "$fail_line"
now_us
back_us=$now
# Two stretches of pictures cut short: 2 s (shorter than the frame timeout, 5 s: edge skips them
# and carries on), then 8 s (only unusable pictures for longer than the timeout: the camera fails
# and is reopened, and streams again once good pictures come).
short_at=8 short_s=2 long_at=16 long_s=8
start_probe_writer damaged 50 "$short_at:$short_s" "$long_at:$long_s"
check "a writer is back: edge streams again by itself" wait_log "$elog" "camera cam: streaming" 60 "$fail_line"
resume_line=$found_line
((found_us > 0)) && measure "writer back: streaming again $(ms $((found_us - back_us))) ms after the writer started"
check "edge still runs as the same process after the writer came back" edge_alive
check "pictures cut short (no end-of-image marker) are skipped, with a warning saying why" \
  wait_log "$elog" "unusable MJPEG pictures skipped so far; the latest because no JPEG end-of-image marker" 60 "$resume_line"
# Until the short stretch is 3 s past.
now_us
wait_us=$((back_us + (short_at + short_s + 3) * 1000000 - now))
((wait_us > 0)) && pause "$(seconds "$wait_us")"
no_failure() {
  count_log "$elog" "camera cam: failed" "$resume_line"
  echo "$count failures since streaming resumed"
  tail -n 3 "$elog"
  ((count == 0))
}
check "a ${short_s} s stretch of pictures cut short does not fail the camera" no_failure
check "${long_s} s of pictures cut short fail the camera (no usable picture for the frame timeout), saying why" \
  wait_log "$elog" "camera cam: failed: $cam: no usable MJPEG picture for" 60 "$resume_line"
unusable_line=$found_line
((found_us > 0)) && measure "damaged pictures: camera failed $(seconds $((found_us - back_us - long_at * 1000000))) s into the ${long_s} s stretch: ${found_text#*failed: }"
check "good pictures again: edge streams again by itself" wait_log "$elog" "camera cam: streaming" 60 "$unusable_line"
resume_line=$found_line
((found_us > 0)) && measure "damaged pictures: streaming again $(seconds $((found_us - back_us - (long_at + long_s) * 1000000))) s after the stretch ended"
check "edge still runs as the same process after the damaged pictures" edge_alive
host_pull after cam 3
check "a new client on the host decodes video after the damaged pictures (3 s, ${width}x$height)" \
  pulled_ok after "${width}x$height" "$fps" 3
measure "client after the damaged pictures: $c_frames frames in $c_span_s s ($c_fps fps; edge sent $served_fps fps)"
stop_edge auto
check "SIGTERM: edge exits 0" exits_zero
skipped() {
  log_find "$elog" "stopped after" "$resume_line" || return 1
  echo "$found_text"
  measure "capture after the damaged pictures: ${found_text#*: }"
  [[ $found_text =~ stopped\ after\ ([0-9]+)\ pictures ]] && ((BASH_REMATCH[1] > 0))
}
check "edge's capture counted the pictures it delivered after the damaged pictures" skipped
stop_writer
cat "$R/writer-good.log" "$R/writer-damaged.log" >>"$R/checks.log"

print_measurements
board_finish
