# shellcheck shell=bash
# Power-on: the card boots Debian's kernel with systemd as PID 1, grows its root filesystem to
# the card, takes its name, edge.toml and SSH keys from the FAT partition, answers as NAME.local
# (avahi), and streams: the time from power-on to the first RTSP frame decoded on the host.

check "boots to SSH (the card's authorized_keys turned SSH on)" pi_boot first virt

# The harness's edge.toml has no users, as the image's own has none: the first boot gives the
# card's file a viewer with a password of this card's own, and RTSP asks for it from then on.
first_viewer() {
  viewer_password=$(guest 'sed -n "s/^password = \"\([A-Za-z0-9_-]*\)\"\$/\1/p" /boot/firmware/edge.toml' | tail -n1)
  guest 'journalctl -b -u edge-card-setup --no-pager -o cat | grep "password made for this card"' &&
    [ "${#viewer_password}" -eq 20 ]
}
check "the first boot gave the card's edge.toml a viewer with a password of its own" first_viewer

first_frame() {
  local start
  start=$(date +%s)
  while (($(date +%s) - start < 600)); do
    if timeout 30 ffmpeg -hide_banner -nostdin -v error -rtsp_transport tcp -i "$(pi_rtsp_url)" \
      -frames:v 1 -f null - 2>/dev/null; then
      measure "power-on to the first RTSP frame decoded on the host: $(pi_since "$pi_boot_start") s"
      return 0
    fi
    sleep 2
  done
  return 1
}
check "an RTSP frame reaches the host after power-on" first_frame
refused_without_password() {
  local said
  said=$(timeout 30 ffmpeg -hide_banner -nostdin -v error -rtsp_transport tcp -i "rtsp://127.0.0.1:$rtsp_port/cam" \
    -frames:v 1 -f null - 2>&1) && return 1
  echo "$said"
  grep -q 401 <<<"$said"
}
check "RTSP without the password is refused (401)" refused_without_password

check "systemd is PID 1" guest 'test "$(cat /proc/1/comm)" = systemd'
boot_state() {
  GUEST_TIMEOUT=600 guest 'systemctl is-system-running --wait; systemctl --failed --no-legend' | tee "$pi_out/system-state.txt"
  grep -qx 'running' "$pi_out/system-state.txt"
}
check "systemd reaches a running system, no unit failed" boot_state
guest 'systemd-analyze; systemd-analyze blame | head -n 15' >"$pi_out/systemd-analyze.txt" 2>&1 &&
  measure "guest boot (systemd-analyze): $(head -n1 "$pi_out/systemd-analyze.txt")"

grown() {
  local mib
  mib=$(guest 'df -m --output=size / | tail -n1' | tr -d ' ')
  echo "root filesystem: $mib MiB on a 2048 MiB card (image: $image_mib MiB)"
  guest 'test -e /var/lib/edge-image/root-grown && journalctl -b -u edge-grow-root --no-pager -o cat | tail -n 3'
  [ "$mib" -gt "$image_mib" ] && [ "$mib" -gt 1500 ]
}
check "the root filesystem grew to the card on first boot" grown
check "the board took its name from hostname.txt" guest 'test "$(hostname)" = pi-board-test'
check "avahi answers as pi-board-test.local" \
  guest 'journalctl -b -u avahi-daemon --no-pager | grep "Server startup complete. Host name is pi-board-test.local"'
check "edge.toml on the FAT partition became /etc/edge/edge.toml (root:edge 0640)" \
  guest 'cmp /boot/firmware/edge.toml /etc/edge/edge.toml && test "$(stat -c %U:%G:%a /etc/edge/edge.toml)" = root:edge:640'
check "the network came up by DHCP" guest 'networkctl status --no-pager | tee /dev/stderr | grep -q "10.0.2.15"'
guest 'uname -a; cat /proc/device-tree/model; echo; ip -br addr; lsmod | grep -E "vivid|dwc2|usbnet"' >"$pi_out/guest-info.txt" 2>&1
