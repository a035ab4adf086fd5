# shellcheck shell=bash
# The unit's hardening is in force on the running daemon (systemctl show, and the kernel's own
# view in /proc), and every device Edge needs still opens under it: the running daemon holds
# the camera and the GPIO chip, and a probe started with the unit's own sandbox (every
# [Service] setting of /lib/systemd/system/edge.service but the start and restart ones) opens
# each /dev/video*, /dev/gpiochip* and /dev/dma_heap/* node. MemoryDenyWriteExecute=yes is
# then tried on the real daemon: it must start, stream and pass the watchdog.

in_force() {
  guest 'systemctl show edge -p User -p NoNewPrivileges -p ProtectSystem -p ProtectHome -p PrivateTmp -p DevicePolicy \
    -p CapabilityBoundingSet -p RestrictNamespaces -p RestrictAddressFamilies -p SystemCallArchitectures \
    -p ProtectKernelModules -p ProtectKernelTunables -p ProtectClock -p LockPersonality -p MemoryDenyWriteExecute -p UMask
    pid=$(systemctl show -p MainPID --value edge); grep -E "^(NoNewPrivs|Seccomp|CapEff|CapBnd):" /proc/$pid/status' |
    tee "$pi_out/hardening.txt"
  local want
  for want in User=edge NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes DevicePolicy=closed \
    CapabilityBoundingSet= RestrictNamespaces=yes ProtectKernelModules=yes LockPersonality=yes UMask=0077 \
    MemoryDenyWriteExecute=yes; do
    grep -qx "$want" "$pi_out/hardening.txt" || { echo "missing: $want"; return 1; }
  done
  grep -qP '^NoNewPrivs:\t1$' "$pi_out/hardening.txt" && grep -qP '^Seccomp:\t2$' "$pi_out/hardening.txt" &&
    grep -qP '^CapEff:\t0+$' "$pi_out/hardening.txt"
}
check "the unit's hardening is in force (systemctl show; NoNewPrivs, seccomp, no capabilities in /proc)" in_force

holds_devices() {
  guest 'ls -l /proc/$(systemctl show -p MainPID --value edge)/fd' | tee "$pi_out/edge-fds.txt"
  grep -q -- '-> /dev/video0' "$pi_out/edge-fds.txt"
}
check "the running daemon holds /dev/video0 open" holds_devices

sandbox_probe() {
  guest_in 'bash -s' <<'PROBE' | tee "$pi_out/sandbox-probe.txt"
set -u
args=()
while IFS= read -r line; do args+=(-p "$line"); done < <(
  sed -n '/^\[Service\]/,/^\[/p' /lib/systemd/system/edge.service | grep -E '^[A-Za-z]+=' |
    grep -vE '^(Type|NotifyAccess|ExecStart|WatchdogSec|Restart|RestartSec|RestartPreventExitStatus|TimeoutStartSec|TimeoutStopSec|ConfigurationDirectory|ConfigurationDirectoryMode|RuntimeDirectory|StateDirectory)=')
ls -l /dev/video* /dev/gpiochip* /dev/dma_heap/* 2>&1
systemd-run --quiet --wait --pipe --collect "${args[@]}" /bin/bash -c '
  id
  for d in /dev/video* /dev/gpiochip* /dev/dma_heap/*; do
    [ -e "$d" ] || { echo "absent $d"; continue; }
    if (exec 3<>"$d") 2>/dev/null; then echo "opens $d"; else echo "REFUSED $d"; fi
  done'
PROBE
  ! grep -q REFUSED "$pi_out/sandbox-probe.txt" && grep -q 'opens /dev/video0' "$pi_out/sandbox-probe.txt" &&
    grep -q 'opens /dev/gpiochip0' "$pi_out/sandbox-probe.txt"
}
check "under the unit's sandbox every /dev/video*, /dev/gpiochip* and /dev/dma_heap/* node opens" sandbox_probe
grep -q 'absent /dev/dma_heap' "$pi_out/sandbox-probe.txt" &&
  measure "hardening: Debian's kernel on the emulated Pi 3 has no DMA heap (no /dev/dma_heap)"

mdwe() {
  local mdwe_now
  mdwe_now=$(guest 'systemctl show -p MemoryDenyWriteExecute --value edge')
  echo "unit: MemoryDenyWriteExecute=$mdwe_now"
  if [ "$mdwe_now" != yes ]; then
    guest 'mkdir -p /run/systemd/system/edge.service.d && printf "[Service]\nMemoryDenyWriteExecute=yes\n" > /run/systemd/system/edge.service.d/mdwe.conf && systemctl daemon-reload'
  fi
  guest 'systemctl restart edge' && guest_wait 120 'systemctl is-active -q edge' &&
    guest 'systemctl show -p MemoryDenyWriteExecute -p NRestarts edge' || return 1
  pull mdwe tcp 10
  local ok=0
  pulled_ok 50 || ok=1
  guest 'journalctl -u edge -b --no-pager -o cat -p err --since "-1min"'
  guest 'rm -rf /run/systemd/system/edge.service.d && systemctl daemon-reload'
  return "$ok"
}
check "with MemoryDenyWriteExecute=yes Edge starts and streams (NativeAOT, libavcodec, libx264)" mdwe
