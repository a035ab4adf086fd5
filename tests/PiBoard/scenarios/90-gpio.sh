# shellcheck shell=bash
# The Pi's own GPIO: the card boots as a Raspberry Pi 3 (raspi3b: the card's device tree, the
# SoC's pin controller pinctrl-bcm2835 emulated by QEMU). That machine has no network Debian's
# kernel can use, so a probe unit in the guest (guest/pi-board-probe) does the work and reports
# on the serial console: `edge gpio` lists the Pi's lines by their names; the status LED on
# GPIO17, read from the pin controller's debugfs, is solid while Edge streams, blinks while it
# starts, is off once it stopped, and fast-blinks on a broken edge.toml.

pi_poweroff
edge_config led >"$pi_work/edge.toml"
check "edge.toml with the status LED on GPIO17 goes onto the card" mcopy -o -i "$pi_work/card.img@@1M" "$pi_work/edge.toml" ::/edge.toml
probe_files() {
  debugfs -w -f - "$pi_work/card.img?offset=$root_offset" <<DEBUGFS 2>&1 | tee "$pi_out/debugfs-probe.log"
cd /usr/local/sbin
write $PI_BOARD_HOME/guest/pi-board-probe pi-board-probe
cd /etc/systemd/system
write $PI_BOARD_HOME/guest/pi-board-probe.service pi-board-probe.service
mkdir multi-user.target.wants
cd multi-user.target.wants
symlink pi-board-probe.service /etc/systemd/system/pi-board-probe.service
DEBUGFS
  ! grep -qi 'error\|not found' "$pi_out/debugfs-probe.log"
}
check "the probe unit goes into the card's root filesystem" probe_files
check "the card boots as a Raspberry Pi 3 (raspi3b)" pi_boot pi raspi3b

serial=$pi_out/serial-pi.log
probe_done() {
  local start
  start=$(date +%s)
  while (($(date +%s) - start < 900)); do
    grep -q 'pi-board-probe: done' "$serial" && return 0
    kill -0 "$qemu_pid" 2>/dev/null || return 1
    sleep 5
  done
  return 1
}
check "the probe in the guest ran to the end" probe_done
probe() { sed -n "s/.*pi-board-probe: $1: //p" "$serial" | tr -d '\r' | tail -n1; }
grep 'pi-board-probe:' "$serial" | tr -d '\r' >"$pi_out/probe.txt"

lists_lines() {
  grep 'gpio|' "$pi_out/probe.txt"
  grep -q 'gpio|.*pinctrl-bcm2835' "$pi_out/probe.txt" && grep -q 'gpio|.*GPIO17' "$pi_out/probe.txt"
}
check "edge gpio lists gpiochip0 [pinctrl-bcm2835] with the Pi's line names (GPIO17)" lists_lines
# transitions "SAMPLES": how often the level changes, and the last level.
transitions() { echo "$1" | tr ' ' '\n' | awk '$1 != "-" && $1 != "" { if (last != "" && $1 != last) t++; last = $1 } END { print t + 0, last }'; }
solid() {
  echo "solid: $(probe solid)"
  [ "$(probe solid | tr ' ' '\n' | grep -v '^$' | sort -u)" = hi ]
}
check "the status LED (GPIO17) is solid on while streaming" solid
# While Edge starts (no camera streaming yet) the LED slow-blinks, one second on and one off, from
# the moment Edge holds the line; before that, between the old process and the new, it is off.
# A start that streams within the first on-second shows only that second before the LED stays
# on: the samples then go off, on, and stay on. A start that takes longer shows the blink.
blinks() {
  local t samples
  samples=$(probe start)
  t=$(transitions "$samples")
  echo "start: $samples -> $t"
  measure "raspi3b: the status LED over the restart (0.2 s samples): $((${t% *})) changes of level, then ${t#* }"
  [ "${t#* }" = hi ] || return 1
  [ "${t% *}" -ge 2 ] && return 0
  # One change: off while no process holds the line, then on for good.
  [ "${t% *}" = 1 ] && echo "$samples" | tr ' ' '\n' | grep -v -e '^$' -e '^-$' | head -n1 | grep -qx lo
}
check "the status LED is off while Edge restarts, slow-blinks (its first on-second at least) while it starts, then stays on" blinks
off() {
  echo "$(probe stop); stopped: $(probe stopped)"
  probe stop | grep -q '^exit 0, success' && [ "$(probe stopped | tr ' ' '\n' | grep -v '^$' | sort -u)" = lo ]
}
check "systemctl stop edge is clean and the status LED is off" off
# The fast blink is 100 ms on, 100 ms off. Samples of the pin show that both levels reach it, but
# a shell in the emulated guest samples about as slowly as the blink changes, so they alias into
# long runs of one level (the check failed once on exactly that). The timing comes from the
# kernel's trace of every level set on the line ("TIME:GPIO:LEVEL", 3 s of it): the median time
# between changes must be a fast blink's 100 ms, far from the slow blink's 1 s.
fast_blink() {
  local samples edges
  samples=$(probe broken)
  edges=$(probe broken-edges)
  echo "broken: $samples"
  echo "traced: $edges"
  echo "$samples" | grep -qw hi && echo "$samples" | grep -qw lo || return 1
  echo "$edges" | tr ' ' '\n' | awk -F: '
    NF == 3 && $3 != last[$2] { if ($2 in at) gaps[n++] = $1 - at[$2]; at[$2] = $1; last[$2] = $3 }
    END {
      if (n < 6) { print n " changes of level traced"; exit 1 }
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (gaps[j] < gaps[i]) { g = gaps[i]; gaps[i] = gaps[j]; gaps[j] = g }
      median = gaps[int(n / 2)] * 1000
      printf "%d changes of level traced, median %.0f ms apart\n", n, median
      exit !(median >= 60 && median <= 300)
    }'
}
check "the status LED fast-blinks on a broken edge.toml" fast_blink
measure "raspi3b: $(grep -m1 'streaming after' "$pi_out/probe.txt" | sed 's/.*probe: //')"
