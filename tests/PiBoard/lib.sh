# The emulated Raspberry Pi's host side, shared by run-all.sh and the scenarios. Source it.
#
#   pi_boot NAME [MACHINE] boots the card image (card.img) under qemu-system-aarch64 (-M virt,
#                         or raspi3b) with the kernel, initramfs, device tree and cmdline.txt
#                         taken from its FAT partition, and waits for SSH (the card's
#                         authorized_keys) or, on raspi3b, for the console's login prompt
#   pi_poweroff           powers the guest off and ends QEMU (raspi3b has no power-off device)
#   guest CMD...          runs a shell command line in the guest as root, over SSH (guest_in:
#                         with this shell's standard input)
#   pull TAG TRANSPORT SECONDS [URL]
#                         an ffmpeg client on the host decodes SECONDS of the camera over RTSP
#                         (tcp or udp), or URL; sets frames, distinct, size, first_ms
#   check NAME CMD...     runs CMD; prints and records PASS or FAIL for NAME
#   measure TEXT          records a figure
# shellcheck shell=bash

PI_BOARD_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pi_repo=$(cd "$PI_BOARD_HOME/../.." && pwd)
pi_cache=${EDGE_PI_BOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/edge-pi-board}
pi_out=${EDGE_PI_BOARD_OUT:-$pi_cache/results}
pi_passed=0
pi_failed=0
pi_summary=()

pi_log() { printf 'pi-board: %s\n' "$*" >&2; }
pi_die() { printf 'pi-board: error: %s\n' "$*" >&2; exit 1; }
pi_now() { date +%s.%N; }
pi_since() { awk -v a="$1" -v b="$(pi_now)" 'BEGIN { printf "%.1f", b - a }'; }

# check NAME CMD...: a check's output goes to checks.log; its verdict to the screen as well.
check() {
  local name=$1 rc=0
  shift
  echo "--- $name" >>"$pi_out/checks.log"
  "$@" >>"$pi_out/checks.log" 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then
    echo "PASS $name"
    pi_passed=$((pi_passed + 1))
  else
    echo "FAIL $name (exit $rc; details in $pi_out/checks.log)"
    pi_failed=$((pi_failed + 1))
    pi_summary+=("FAIL $name")
  fi
  echo "$([ "$rc" = 0 ] && echo PASS || echo FAIL) $name" >>"$pi_out/checks.log"
  return "$rc"
}

measure() {
  echo "MEASURE $*" | tee -a "$pi_out/measures.log"
}

# A TCP port on 127.0.0.1 that nothing listens on: the x86_64 board's picker (its lib.sh only
# defines variables and functions, so sourcing it here has no other effect).
# shellcheck source=../EmulatedBoard/lib.sh
. "$PI_BOARD_HOME/../EmulatedBoard/lib.sh"
free_port() { board_free_port; }

ssh_opts() {
  echo "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=15 -o ServerAliveInterval=10 -o BatchMode=yes -i $pi_work/id_ed25519 -p $ssh_port"
}

# guest CMD: one command line in the guest, bounded by GUEST_TIMEOUT (default 120 s); its
# standard input is not read (guest_in passes it on).
guest() {
  # shellcheck disable=SC2046 # the options are words
  timeout "${GUEST_TIMEOUT:-120}" ssh -n $(ssh_opts) root@127.0.0.1 "$@"
}
guest_in() {
  # shellcheck disable=SC2046 # the options are words
  timeout "${GUEST_TIMEOUT:-120}" ssh $(ssh_opts) root@127.0.0.1 "$@"
}

# pi_boot NAME [MACHINE]: MACHINE virt (default) or raspi3b.
#   virt     QEMU's generic arm64 machine: the card as a virtio disk, a virtio network card with
#            user-mode networking (the host is 10.0.2.2; host ports on 127.0.0.1 forwarded to
#            SSH, RTSP and the status page). Waits for SSH.
#   raspi3b  QEMU's Raspberry Pi 3 with the card's own device tree: the Pi's real GPIO driver,
#            but no network Debian's kernel can use (its USB adapter does not enumerate under
#            QEMU 7.2's DWC2 emulation), so the guest reports on its serial console instead.
#            Waits for the serial console's login prompt.
pi_boot() {
  local name=$1 machine=${2:-virt} boot_deadline=${EDGE_PI_BOARD_BOOT_TIMEOUT:-900} fat kernel initrd cmdline
  pi_boot_name=$name
  pi_boot_machine=$machine
  pi_guest_up=0
  fat="$pi_work/fat-$name"
  rm -rf "$fat" && mkdir -p "$fat"
  # What the Pi's firmware would load, taken from the card itself.
  mcopy -n -i "$pi_work/card.img@@1M" ::cmdline.txt ::bcm2837-rpi-3-b.dtb "$fat/" || return 1
  kernel=$(mdir -b -i "$pi_work/card.img@@1M" ::/ | sed -n 's#^::/\(vmlinuz-.*\)#\1#p' | sort -V | tail -n1)
  initrd=$(mdir -b -i "$pi_work/card.img@@1M" ::/ | sed -n 's#^::/\(initrd.img-.*\)#\1#p' | sort -V | tail -n1)
  mcopy -n -i "$pi_work/card.img@@1M" "::$kernel" "::$initrd" "$fat/" || return 1
  cmdline=$(tr -d '\r\n' <"$fat/cmdline.txt")
  ssh_port=$(free_port) && rtsp_port=$(free_port) && http_port=$(free_port) || return 1
  : >"$pi_out/serial-$name.log"
  pi_boot_start=$(pi_now)
  case $machine in
    virt)
      # The console the card names (ttyS1, the Pi's header UART) is ttyAMA0 here.
      cmdline=${cmdline//console=ttyS1/console=ttyAMA0}
      pi_log "booting $name: qemu-system-aarch64 -M virt, $kernel, cmdline: $cmdline"
      qemu-system-aarch64 -M virt -cpu cortex-a53 -smp 2 -m 1G -nographic -monitor none \
        -kernel "$fat/$kernel" -initrd "$fat/$initrd" -append "$cmdline" \
        -drive "file=$pi_work/card.img,if=none,id=card,format=raw" -device virtio-blk-device,drive=card \
        -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$ssh_port-:22,hostfwd=tcp:127.0.0.1:$rtsp_port-:8554,hostfwd=tcp:127.0.0.1:$http_port-:8080" \
        -device virtio-net-device,netdev=n0 \
        -serial "file:$pi_out/serial-$name.log" \
        </dev/null >"$pi_out/qemu-$name.log" 2>&1 &
      ;;
    raspi3b)
      pi_log "booting $name: qemu-system-aarch64 -M raspi3b, $kernel, cmdline: $cmdline"
      # 4 Cortex-A53, 1 GiB, the card on the SD controller. The first serial port is the PL011
      # (Bluetooth on a real Pi 3), the second the mini UART that cmdline.txt's console=ttyS1 names.
      qemu-system-aarch64 -M raspi3b -m 1G -nographic -monitor none \
        -kernel "$fat/$kernel" -initrd "$fat/$initrd" -dtb "$fat/bcm2837-rpi-3-b.dtb" -append "$cmdline" \
        -drive "file=$pi_work/card.img,if=sd,format=raw" \
        -serial null -serial "file:$pi_out/serial-$name.log" \
        </dev/null >"$pi_out/qemu-$name.log" 2>&1 &
      ;;
    *) pi_log "unknown machine $machine"; return 1 ;;
  esac
  qemu_pid=$!
  local waited=0
  while ((waited < boot_deadline)); do
    if ! kill -0 "$qemu_pid" 2>/dev/null; then
      pi_log "QEMU ended during boot; see $pi_out/qemu-$name.log and serial-$name.log"
      return 1
    fi
    if [ "$machine" = raspi3b ]; then
      # The console's login prompt: getty started (multi-user.target itself waits on units that
      # want a network, which this machine does not have).
      if grep -aq ' login: ' "$pi_out/serial-$name.log"; then
        pi_guest_up=1
        measure "$name ($machine): power-on to the console's login prompt: $(pi_since "$pi_boot_start") s"
        return 0
      fi
    elif GUEST_TIMEOUT=20 guest true 2>/dev/null; then
      pi_guest_up=1
      pi_ssh_up_s=$(pi_since "$pi_boot_start")
      measure "$name ($machine): power-on to SSH answering: $pi_ssh_up_s s"
      return 0
    fi
    sleep 5
    waited=$((waited + 5))
  done
  pi_log "no SSH after $boot_deadline s; the end of the serial console:"
  tail -n 30 "$pi_out/serial-$name.log" >&2
  return 1
}

pi_poweroff() {
  [ -n "${qemu_pid:-}" ] || return 0
  # Without SSH (raspi3b) the guest cannot be asked; the card is not used after that boot.
  [ "${pi_boot_machine:-virt}" = raspi3b ] || GUEST_TIMEOUT=20 guest 'systemctl poweroff' >/dev/null 2>&1 || true
  # QEMU's raspi3b cannot power off: wait for the guest to say it halted, then end QEMU.
  local i
  for i in $(seq 1 60); do
    [ "${pi_boot_machine:-virt}" != raspi3b ] || break
    grep -qE 'reboot: (Power down|System halted)' "$pi_out/serial-$pi_boot_name.log" 2>/dev/null && break
    kill -0 "$qemu_pid" 2>/dev/null || break
    sleep 2
  done
  kill "$qemu_pid" 2>/dev/null || true
  wait "$qemu_pid" 2>/dev/null || true
  qemu_pid=""
  pi_guest_up=0
}

# The camera's URL on the host's forwarded port, with the viewer the first boot made
# (10-boot.sh sets viewer_password; empty before that).
pi_rtsp_url() {
  echo "rtsp://${viewer_password:+viewer:$viewer_password@}127.0.0.1:$rtsp_port/cam"
}

# pull TAG TRANSPORT SECONDS [URL]: decodes every frame; framemd5 gives one line per frame
# with the picture's checksum, so "distinct" counts pictures that differ.
pull() {
  local tag=$1 transport=$2 seconds=$3 url=${4:-$(pi_rtsp_url)} start opts=()
  [ "$transport" = "-" ] || opts=(-rtsp_transport "$transport")
  start=$(pi_now)
  timeout --signal=INT --kill-after=10 $((seconds + 90)) \
    ffmpeg -hide_banner -nostdin -v warning "${opts[@]}" -t "$seconds" -i "$url" \
    -map 0:v:0 -f framemd5 "$pi_out/$tag.framemd5" 2>"$pi_out/$tag.stderr"
  pull_rc=$?
  frames=$(grep -vc '^#' "$pi_out/$tag.framemd5" 2>/dev/null) || frames=0
  distinct=$(grep -v '^#' "$pi_out/$tag.framemd5" 2>/dev/null | awk -F', *' '{ print $6 }' | sort -u | grep -c .) || distinct=0
  size=$(sed -n 's/^#dimensions 0: *//p' "$pi_out/$tag.framemd5" 2>/dev/null | head -n1)
  pull_wall=$(pi_since "$start")
  echo "pull $tag ($transport, $url): rc=$pull_rc frames=$frames distinct=$distinct size=$size wall=${pull_wall}s" | tee -a "$pi_out/pulls.log"
}

# pulled_ok MIN_FRAMES: the last pull decoded at least MIN_FRAMES, mostly distinct pictures.
pulled_ok() {
  [ "$frames" -ge "$1" ] && [ "$distinct" -ge $((frames * 8 / 10)) ] && [ "$distinct" -ge 2 ]
}

# Polls CMD (in the guest) until it succeeds, at most SECONDS.
guest_wait() {
  local seconds=$1 start
  shift
  start=$(date +%s)
  while (($(date +%s) - start < seconds)); do
    guest "$@" && return 0
    sleep 3
  done
  return 1
}
