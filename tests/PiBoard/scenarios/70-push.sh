# shellcheck shell=bash
# The push: nginx-rtmp comes up on the host; Edge, which has been retrying it with back-off,
# goes live by itself, and ffmpeg reads the stream back from nginx. The stream key never
# reaches the journal.

/usr/sbin/nginx -p "$nginx_dir/" -c "$nginx_dir/nginx.conf" -e "$nginx_dir/error.log" &
nginx_pid=$!
goes_live() {
  # Edge's back-off tops out at 30 s; the guest is slow.
  guest_wait 120 'journalctl -u edge --no-pager -o cat --since "-5min" | grep -q "live ("' &&
    guest 'journalctl -u edge --no-pager -o cat | grep -m2 "live ("'
}
check "the push to nginx-rtmp on the host goes live" goes_live
pull rtmp - 8 "rtmp://127.0.0.1:$rtmp_port/live/$stream_key"
check "ffmpeg reads the pushed stream back from nginx ($frames frames, $distinct distinct)" pulled_ok 30
check "the stream key is not in the journal" guest "! journalctl -u edge --no-pager | grep -q '$stream_key'"
