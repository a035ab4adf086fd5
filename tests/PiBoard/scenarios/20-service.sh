# shellcheck shell=bash
# systemd runs edge.service from the .deb's unit: READY reached systemd (a Type=notify unit is
# "active" only after READY=1), `systemctl status edge` shows Edge's STATUS line, and the
# journal keeps Edge's warnings at their priority (the push to an RTMP server that is not up yet).

unit_ready() {
  guest 'systemctl show edge -p Type -p ActiveState -p SubState -p FragmentPath -p StatusText -p NRestarts' | tee "$pi_out/edge-show.txt"
  grep -qx 'Type=notify' "$pi_out/edge-show.txt" && grep -qx 'ActiveState=active' "$pi_out/edge-show.txt" &&
    grep -qxE 'FragmentPath=(/usr)?/lib/systemd/system/edge.service' "$pi_out/edge-show.txt" &&
    grep -q '^StatusText=.' "$pi_out/edge-show.txt"
}
check "edge.service (the .deb's unit, Type=notify) is active: READY reached systemd" unit_ready
status_line() {
  guest 'systemctl status edge --no-pager -n 0' | tee "$pi_out/edge-status.txt"
  grep -q '^ *Status: "' "$pi_out/edge-status.txt"
}
check "systemctl status edge shows Edge's STATUS line" status_line
warnings() {
  guest 'journalctl -u edge -p warning --no-pager -o short-monotonic' | tee "$pi_out/edge-warnings.txt"
  grep -qi 'push' "$pi_out/edge-warnings.txt"
}
check "journalctl -u edge -p warning has Edge's warnings (the RTMP server is not up yet)" warnings
# Edge announces its camera through the board's avahi-daemon (D-Bus), as "Edge cam on HOST";
# avahi resolves that service back to the board's address, port 8554 and the TXT path=/cam
# (the bytes of "path=/cam" in busctl's output). busctl comes with systemd; the image has no
# avahi-utils.
mdns() {
  guest 'journalctl -u edge --no-pager -o cat | grep "mDNS: "; busctl --system -- call org.freedesktop.Avahi / org.freedesktop.Avahi.Server ResolveService iisssiu -1 0 "Edge cam on $(hostname)" _rtsp._tcp local -1 0' | tee "$pi_out/mdns.txt"
  grep -q 'mDNS: announced' "$pi_out/mdns.txt" && grep -q ' 8554 ' "$pi_out/mdns.txt" && grep -q '112 97 116 104 61 47 99 97 109' "$pi_out/mdns.txt"
}
check "Edge announces the camera over mDNS: avahi resolves \"Edge cam on HOST\" (_rtsp._tcp) to port 8554, path=/cam" mdns
check "edge runs as the edge user" guest 'test "$(ps -o user= -p "$(systemctl show -p MainPID --value edge)")" = edge'
