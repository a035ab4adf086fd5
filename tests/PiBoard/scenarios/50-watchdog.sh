# shellcheck shell=bash
# A frozen daemon (SIGSTOP) stops the watchdog pings: systemd kills and restarts it within
# WatchdogSec plus RestartSec (and the guest's slowness), and video comes back. Then
# `systemctl stop` is clean: exit 0, within TimeoutStopSec (the LED going off: the gpio scenario).

watchdog_restart() {
  local old new start waited now=0 limit
  old=$(guest 'systemctl show -p MainPID --value edge')
  limit=$(guest 'systemctl show -p WatchdogUSec -p RestartUSec --value edge' | awk '
    function s(v) { if (v ~ /min/) { sub(/min.*/, "", v); return v * 60 } sub(/s$/, "", v); return v + 0 }
    { total += s($1) } END { print total }')
  echo "edge main PID $old; WatchdogSec + RestartSec = $limit s"
  guest "kill -STOP $old"
  start=$(date +%s)
  while (($(date +%s) - start < limit + 90)); do
    new=$(GUEST_TIMEOUT=30 guest 'systemctl show -p MainPID --value edge; systemctl is-active edge' | tr '\n' ' ')
    if [ "${new%% *}" != "$old" ] && [ "${new%% *}" != 0 ] && [ "${new#* }" = "active " ]; then
      waited=$(($(date +%s) - start))
      measure "watchdog: frozen PID $old replaced by PID ${new%% *}, active again after $waited s (WatchdogSec + RestartSec = $limit s)"
      guest 'journalctl -u edge --no-pager -o short-monotonic | grep -i -m2 "watchdog"'
      # An SSH round trip in the guest takes seconds; allow that much beyond the unit's own bound.
      [ "$waited" -le $((limit + 20)) ]
      return
    fi
    sleep 2
  done
  return 1
}
check "systemd kills the frozen daemon and restarts it within WatchdogSec + RestartSec" watchdog_restart
guest_wait 120 'systemctl is-active -q edge' >/dev/null
pull after-watchdog tcp 5
check "video comes back after the watchdog restart ($frames frames)" pulled_ok 20

clean_stop() {
  local start took
  start=$(pi_now)
  guest 'systemctl stop edge'
  took=$(pi_since "$start")
  guest 'systemctl show edge -p Result -p ExecMainStatus -p ActiveState' | tee "$pi_out/edge-stopped.txt"
  measure "systemctl stop edge: $took s (with the SSH round trip)"
  grep -qx 'Result=success' "$pi_out/edge-stopped.txt" && grep -qx 'ExecMainStatus=0' "$pi_out/edge-stopped.txt" &&
    grep -qx 'ActiveState=inactive' "$pi_out/edge-stopped.txt" && awk -v t="$took" 'BEGIN { exit !(t < 10) }'
}
check "systemctl stop edge is clean (exit 0, under TimeoutStopSec)" clean_stop
guest 'systemctl start edge' && guest_wait 120 'systemctl is-active -q edge' >/dev/null
