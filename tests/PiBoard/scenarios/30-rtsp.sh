# shellcheck shell=bash
# vivid's picture, encoded by arm64 libx264 in the guest, pulled by ffmpeg on the host over
# RTSP, interleaved on TCP and as RTP over UDP; frames counted, pictures distinct. Edge's
# memory (RSS) while a client watches.

pull tcp tcp 10
check "RTSP over TCP: $frames frames ($distinct distinct) of 10 s at 15 fps, 320x180" pulled_ok 50
measure "RTSP/TCP pull: $frames frames, $distinct distinct, $size, in $pull_wall s"
[ "$size" = 320x180 ] || check "the picture is 320x180 (got '$size')" false

pull udp udp 10
check "RTSP over UDP: $frames frames ($distinct distinct) of 10 s" pulled_ok 50
measure "RTSP/UDP pull: $frames frames, $distinct distinct, $size, in $pull_wall s"

guest 'journalctl -u edge --no-pager -o cat | grep -m3 -i "libx264\|streaming"' >"$pi_out/encoder.txt" 2>&1
check "the encoder is libx264 (arm64, from Debian's libavcodec59)" grep -q libx264 "$pi_out/encoder.txt"
rss() {
  guest 'pid=$(systemctl show -p MainPID --value edge); grep -E "VmRSS|VmHWM|Threads" /proc/$pid/status' | tee "$pi_out/edge-rss.txt"
}
check "Edge's memory is readable" rss &&
  measure "Edge in the guest: $(tr -s ' \t\n' ' ' <"$pi_out/edge-rss.txt")"
