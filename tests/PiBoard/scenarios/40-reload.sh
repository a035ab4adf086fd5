# shellcheck shell=bash
# A change to edge.toml made on the running board is applied as a reload under systemd, without a
# restart: the card's file edited on the board (as over SSH), edge-card-config.path copies it to
# /etc/edge and asks for `systemctl reload edge`; the camera's rate changes while the daemon (its
# PID) stays; a file with a mistake is refused and the stream goes on; the file put back is
# applied again. With systemd's debug log on, the journal shows every notification Edge sends
# under systemd itself: READY=1, STATUS=, WATCHDOG=1, RELOADING=1 and STOPPING=1.

card_toml=/boot/firmware/edge.toml
reload_pid=$(guest 'systemctl show -p MainPID --value edge')
reload_since=$(guest 'date +%s')
guest 'systemd-analyze log-level debug'

# reloads_logged PATTERN: how many of Edge's journal lines since the scenario began match.
reloads_logged() {
  guest "journalctl -u edge --no-pager -o cat --since @$reload_since | grep -c -- '$1'" || true
}
# set_card_fps OLD NEW: the edit a user makes on the card's file.
set_card_fps() {
  guest "grep -qx 'fps = $1' $card_toml && sed -i 's/^fps = $1\$/fps = $2/' $card_toml && grep -qx 'fps = $2' $card_toml"
}
# wait_logged PATTERN COUNT: until Edge has logged PATTERN at least COUNT times (60 s at most).
wait_logged() {
  local start
  start=$(date +%s)
  while (($(date +%s) - start < 60)); do
    [ "$(reloads_logged "$1")" -ge "$2" ] && return 0
    sleep 3
  done
  return 1
}
same_pid() {
  local now
  now=$(guest 'systemctl show -p MainPID --value edge; systemctl is-active edge' | tr '\n' ' ')
  echo "edge PID $reload_pid before, now: $now"
  [ "$now" = "$reload_pid active " ]
}

check "the card's edge.toml edited on the board (fps 15 -> 10)" set_card_fps 15 10
check "edge-card-config copies it and Edge applies it as a reload (systemctl reload)" \
  wait_logged 'reload applied in' 1
guest "journalctl -u edge --no-pager -o cat --since @$reload_since | grep -i 'reload'" >"$pi_out/reload-journal.txt" 2>&1
check "the daemon was not restarted (same PID, active)" same_pid
pull reload-10fps tcp 10
# 10 s at 10 fps: about 100 frames where 15 fps gave about 150.
check "the stream now runs at 10 fps: $frames frames in 10 s" \
  bash -c "[ $frames -ge 75 ] && [ $frames -le 120 ] && [ $distinct -ge $((frames * 8 / 10)) ]"
measure "reload under systemd: 10 fps after the edit, $frames frames in 10 s, PID $reload_pid kept"

check "a mistake put in the card's edge.toml (fps = 1000)" set_card_fps 10 1000
check "the reload is refused and the log says where (edge.toml:LINE:COL, fps)" \
  wait_logged 'reload refused: .*edge.toml:[0-9]*:[0-9]*:.*fps' 1
refused_status() {
  guest 'systemctl show -p StatusText --value edge' | tee "$pi_out/reload-refused-status.txt"
  grep -q 'reload refused' "$pi_out/reload-refused-status.txt"
}
check "systemctl status edge says the reload was refused" refused_status
check "the daemon carries on (same PID, active)" same_pid
pull reload-refused tcp 5
check "the stream goes on at 10 fps after the refusal ($frames frames in 5 s)" pulled_ok 30

check "the card's edge.toml put back (fps 15)" set_card_fps 1000 15
check "the fixed file is applied by a second reload" wait_logged 'reload applied in' 2
pull reload-15fps tcp 5
check "the stream is back at 15 fps ($frames frames in 5 s)" bash -c "[ $frames -ge 60 ]"

# STOPPING=1 comes with a stop; a watchdog ping every WatchdogSec/2 (15 s) since the start.
guest 'systemctl restart edge' && guest_wait 120 'systemctl is-active -q edge' >/dev/null
elapsed=$(($(guest 'date +%s') - reload_since))
[ "$elapsed" -ge 20 ] || sleep $((20 - elapsed))
guest "journalctl -u edge --no-pager -o cat --since @$reload_since | grep 'Got notification message'" >"$pi_out/notify.txt" 2>&1
guest 'systemd-analyze log-level info'
notified() {
  local state
  head -n 12 "$pi_out/notify.txt"
  for state in 'READY=1' 'STATUS=' 'WATCHDOG=1' 'RELOADING=1' 'STOPPING=1'; do
    grep -q "[(, ]$state" "$pi_out/notify.txt" || { echo "no $state among systemd's notification messages"; return 1; }
  done
}
check "systemd received READY=1, STATUS=, WATCHDOG=1, RELOADING=1 and STOPPING=1 from Edge" notified
