# shellcheck shell=bash
# The status LED on the Pi's GPIO17 (pinctrl-bcm2835, the SoC's own GPIO block, emulated by
# QEMU): read back in the guest from the kernel's GPIO debugfs, it blinks while Edge starts and
# is solid while it streams. `edge gpio` lists the Pi's lines by their names.

lists_lines() {
  guest 'edge gpio' | tee "$pi_out/edge-gpio.txt"
  grep -q 'pinctrl-bcm2835' "$pi_out/edge-gpio.txt" && grep -q 'GPIO17' "$pi_out/edge-gpio.txt"
}
check "edge gpio lists gpiochip0 [pinctrl-bcm2835] with the Pi's line names (GPIO17)" lists_lines

# led_samples COUNT INTERVAL: GPIO17's level COUNT times, one per line (hi or lo), read from
# the pin controller's debugfs (the pin's level whether or not a program holds the line).
# Sampled in the guest: an SSH round trip is slower than a blink.
led_sampler='led_samples() { i=0; while [ $i -lt $1 ]; do
  v=$(sed -n "s/^pin 17 (gpio17) .* in \(hi\|lo\).*/\1/p" /sys/kernel/debug/pinctrl/*bcm2835*/pins); echo "${v:--}"; sleep $2; i=$((i + 1)); done; }'

solid() {
  guest "$led_sampler; led_samples 10 0.3" | tee "$pi_out/led-solid.txt"
  [ "$(sort -u "$pi_out/led-solid.txt")" = hi ]
}
check "the status LED (GPIO17) is solid on while streaming" solid

blinks_while_starting() {
  guest "$led_sampler; systemctl restart --no-block edge; led_samples 60 0.2" | tee "$pi_out/led-start.txt"
  # Transitions between hi and lo before the LED settles on hi.
  awk '$1 != "-" { if (last != "" && $1 != last) t++; last = $1 } END { print t + 0 " transitions"; exit !(t >= 2 && last == "hi") }' "$pi_out/led-start.txt"
}
check "the status LED blinks while Edge starts, then stays on" blinks_while_starting
guest_wait 120 'systemctl is-active -q edge' >/dev/null
