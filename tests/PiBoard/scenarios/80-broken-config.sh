# shellcheck shell=bash
# A mistake in edge.toml on the FAT partition, made on another computer: the board still boots,
# Edge says where the mistake is (journal, systemctl status; the LED's fast blink: the gpio scenario); once the
# file on the card is fixed (here on the board itself, through the card's mount), Edge starts
# by itself. Boots the card a second time, which also shows the first boot's changes (grown
# root, persistent journal) survive a power cycle.

pi_poweroff
edge_config | sed 's/^fps = 15$/fps = 500/' >"$pi_work/edge-broken.toml"
broken_line=$(grep -n '^fps = 500$' "$pi_work/edge-broken.toml" | cut -d: -f1)
check "the broken edge.toml goes onto the card's FAT partition" mcopy -o -i "$pi_work/card.img@@1M" "$pi_work/edge-broken.toml" ::/edge.toml

check "the board still boots with a broken edge.toml" pi_boot second virt

located() {
  guest_wait 120 "journalctl -b -u edge --no-pager -o cat | grep -E 'edge.toml:$broken_line:[0-9]+: .*fps'" |
    tee "$pi_out/broken-journal.txt"
  grep -q "edge.toml:$broken_line:" "$pi_out/broken-journal.txt"
}
check "the journal says where the mistake is (edge.toml:$broken_line: ... fps)" located
status_says() {
  guest 'systemctl status edge --no-pager -n 0' | tee "$pi_out/broken-status.txt"
  grep -q "Status: .*edge.toml:$broken_line" "$pi_out/broken-status.txt"
}
check "systemctl status edge says where the mistake is (Edge's STATUS line)" status_says
check "the first boot's grown root and journal survived the power cycle" \
  guest 'test -e /var/lib/edge-image/root-grown && test "$(journalctl --list-boots --no-pager | grep -c .)" -ge 2'

healthy() {
  local i
  for i in $(seq 1 40); do
    curl -fsS --max-time 20 "http://127.0.0.1:$http_port/healthz" && return 0
    sleep 3
  done
  return 1
}
fixed() {
  edge_config | guest_in 'cat > /boot/firmware/edge.toml'
  guest_wait 120 'cmp -s /boot/firmware/edge.toml /etc/edge/edge.toml' &&
    guest_wait 180 'systemctl is-active -q edge' || return 1
  healthy || return 1
  pull fixed tcp 5
  pulled_ok 20
}
check "fixed on the card, Edge starts by itself and streams" fixed
