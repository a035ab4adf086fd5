#!/usr/bin/env bash
# Boots the emulated board (Debian's kernel under qemu-system-x86_64) and runs one command in it
# as root, with this machine's root filesystem as the guest's (read-only 9p under a tmpfs
# overlay: same paths, writes stay in the guest), the results directory mounted writable at the
# same path, the working directory and environment carried over. Exits with the command's exit
# code, 124 on timeout, 125 when the harness itself fails.
#
#   run-in-guest.sh [--timeout SECONDS] [--forward [tcp:|udp:]HOSTPORT:GUESTPORT ...]
#                   [--host-port GUESTPORT[:HOSTPORT] ...] [--results DIR]
#                   [--env NAME[=VALUE] ...] [--memory MB] [--cpus N] [--quiet]
#                   -- COMMAND [ARGS...]
#
# --forward    the host's 127.0.0.1:HOSTPORT reaches the guest's GUESTPORT (eth0 or 0.0.0.0)
# --host-port  the guest's connections to 10.0.2.100:GUESTPORT reach the host's
#              127.0.0.1:HOSTPORT (TCP; one busybox nc on the host per connection). Otherwise
#              the guest reaches nothing outside itself (QEMU user network with restrict=on).
#
# The guest command's stdout and stderr stream to this script's stdout and stderr and are kept in
# DIR/board/stdout.log and DIR/board/stderr.log; the serial console (kernel and init) goes to
# DIR/board/console.log. Without --results, a temporary directory is used and removed at the end.
# Run prepare.sh first.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 125; }

timeout_s=${EDGE_BOARD_TIMEOUT:-600}
memory_mb=${EDGE_BOARD_MEMORY:-1536}
cpus=${EDGE_BOARD_CPUS:-2}
results=""
quiet=0
forwards=()
host_ports=()
extra_env=()
while (($#)); do
  case $1 in
    --timeout) timeout_s=${2:?}; shift 2 ;;
    --forward) forwards+=("${2:?}"); shift 2 ;;
    --host-port) host_ports+=("${2:?}"); shift 2 ;;
    --results) results=${2:?}; shift 2 ;;
    --env) extra_env+=("${2:?}"); shift 2 ;;
    --memory) memory_mb=${2:?}; shift 2 ;;
    --cpus) cpus=${2:?}; shift 2 ;;
    --quiet) quiet=1; shift ;;
    --) shift; break ;;
    -h | --help) usage ;;
    *) echo "run-in-guest.sh: unknown option $1 (the command goes after --)" >&2; usage ;;
  esac
done
(($#)) || usage

[ -f "$board_cache/current.env" ] || board_die "nothing prepared in $board_cache: run $EDGE_BOARD_HOME/prepare.sh first" 125
# shellcheck disable=SC1091
. "$board_cache/current.env"
for f in "$EDGE_BOARD_KERNEL_IMAGE" "$EDGE_BOARD_INITRAMFS" "$EDGE_BOARD_MODULE_TREE/modules.dep"; do
  [ -e "$f" ] || board_die "$f is missing: run $EDGE_BOARD_HOME/prepare.sh" 125
done
command -v qemu-system-x86_64 >/dev/null 2>&1 || board_die "qemu-system-x86_64 is missing: run $EDGE_BOARD_HOME/prepare.sh" 125

temp_results=""
if [ -z "$results" ]; then
  results=$(mktemp -d "${TMPDIR:-/tmp}/edge-board.XXXXXX")
  temp_results=$results
fi
mkdir -p "$results"
results=$(cd "$results" && pwd -P)
cwd=$(pwd -P)
# The kernel command line carries these paths and cannot quote.
for p in "$results" "$EDGE_BOARD_HOME" "$EDGE_BOARD_MODULE_TREE"; do
  case $p in *[[:space:]]*) board_die "paths with white space are not supported: '$p'" 125 ;; esac
done

board=$results/board
mkdir -p "$board"
rm -f "$board"/{console.log,qemu.log,stdout.log,stderr.log,exit-code,dhcp.log,guest-uptime-at-start,guest-uptime-at-end,job.sh}
: >"$board/stdout.log"
: >"$board/stderr.log"

# The job: this shell's environment (the parts that make sense in the guest), the working
# directory, the command. bash's printf %q quotes for bash, which runs it in the guest.
{
  echo "# Written by run-in-guest.sh; run by guest/stage2.sh."
  while IFS= read -r name; do
    case $name in
      PATH | HOME | USER | LOGNAME | LANG | LANGUAGE | LC_* | TZ | TERM | TMPDIR | CI | \
        EDGE_* | DOTNET_* | NUGET_* | XDG_CACHE_HOME | XDG_CONFIG_HOME | XDG_DATA_HOME) ;;
      *) continue ;;
    esac
    case $name in EDGE_BOARD_GUEST | EDGE_BOARD_MODULES | EDGE_BOARD_RESULTS | EDGE_BOARD_ABI) continue ;; esac
    printf 'export %s=%q\n' "$name" "${!name}"
  done < <(compgen -e | LC_ALL=C sort)
  for e in "${extra_env[@]}"; do
    if [[ $e == *=* ]]; then printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
    elif [ -n "${!e+x}" ]; then printf 'export %s=%q\n' "$e" "${!e}"
    fi
  done
  printf 'export EDGE_BOARD_GUEST=1 EDGE_BOARD_HOME=%q EDGE_BOARD_RESULTS=%q\n' "$EDGE_BOARD_HOME" "$results"
  printf 'export EDGE_BOARD_ABI=%q EDGE_BOARD_MODULES=%q\n' "$EDGE_BOARD_ABI" "/lib/modules/$EDGE_BOARD_ABI"
  printf 'cd -- %q || exit 125\n' "$cwd"
  printf 'exec'
  printf ' %q' "$@"
  printf '\n'
} >"$board/job.sh"

netdev=user,id=net0,restrict=on
for f in "${forwards[@]}"; do
  proto=tcp
  case $f in tcp:* | udp:*) proto=${f%%:*}; f=${f#*:} ;; esac
  [[ $f =~ ^[0-9]+:[0-9]+$ ]] || board_die "--forward wants HOSTPORT:GUESTPORT, got '$f'" 125
  netdev+=",hostfwd=$proto:127.0.0.1:${f%%:*}-:${f#*:}"
done

for f in "${host_ports[@]}"; do
  [[ $f =~ ^[0-9]+(:[0-9]+)?$ ]] || board_die "--host-port wants GUESTPORT[:HOSTPORT], got '$f'" 125
  netdev+=",guestfwd=tcp:10.0.2.100:${f%%:*}-cmd:/bin/busybox nc 127.0.0.1 ${f#*:}"
done

if [ -w /dev/kvm ] && [ "${EDGE_BOARD_ACCEL:-}" != tcg ]; then
  accel=(-accel kvm -cpu host)
  accel_name=kvm
else
  # shellcheck disable=SC2054 # QEMU's option values have commas
  accel=(-accel tcg,thread=multi -cpu max)
  accel_name="tcg (software emulation)"
fi

append="console=ttyS0,115200 quiet panic=-1 rdinit=/init"
append+=" ${EDGE_BOARD_APPEND:-}"
append+=" edge_home=$EDGE_BOARD_HOME edge_results=$results edge_abi=$EDGE_BOARD_ABI edge_modules=$EDGE_BOARD_MODULE_TREE"

# shellcheck disable=SC2054 # QEMU's option values have commas
qemu=(qemu-system-x86_64 -nodefaults -no-user-config -no-reboot
  -machine pc "${accel[@]}" -smp "$cpus" -m "$memory_mb"
  -display none -monitor none -serial "file:$board/console.log"
  -kernel "$EDGE_BOARD_KERNEL_IMAGE" -initrd "$EDGE_BOARD_INITRAMFS" -append "$append"
  -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
  -virtfs "local,path=$results,mount_tag=edgeresults,security_model=none,multidevs=remap"
  -netdev "$netdev" -device virtio-net-pci,netdev=net0
  -device virtio-rng-pci)

[ "$quiet" = 1 ] || board_log "booting $EDGE_BOARD_ABI ($accel_name, $cpus vCPUs, $memory_mb MB), timeout ${timeout_s} s: $*"
start=$(board_now)
timeout --kill-after=10 "$timeout_s" "${qemu[@]}" </dev/null >"$board/qemu.log" 2>&1 &
qemu_pid=$!
tails=()
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$qemu_pid" ]; then kill "$qemu_pid" 2>/dev/null || true; fi
  for t in "${tails[@]}"; do kill "$t" 2>/dev/null || true; done
  if [ -n "$temp_results" ]; then rm -rf "$temp_results"; fi
}
trap cleanup EXIT
trap 'board_log "interrupted"; exit 130' INT TERM
if [ "$quiet" != 1 ]; then
  tail -n +1 -f --pid="$qemu_pid" "$board/stdout.log" &
  tails+=($!)
  tail -n +1 -f --pid="$qemu_pid" "$board/stderr.log" >&2 &
  tails+=($!)
fi
qemu_rc=0
wait "$qemu_pid" || qemu_rc=$?
qemu_pid=""
for t in "${tails[@]}"; do wait "$t" 2>/dev/null || true; done
tails=()
elapsed=$(board_elapsed "$start")

boot=""
if [ -f "$board/guest-uptime-at-start" ]; then
  boot="; guest kernel up $(cat "$board/guest-uptime-at-start") s before the command started"
fi
if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
  board_log "timed out after ${timeout_s} s$boot; the console's last lines ($board/console.log):"
  tail -n 40 "$board/console.log" >&2 || true
  exit 124
fi
if [ ! -f "$board/exit-code" ]; then
  board_log "the guest stopped without reporting an exit code (qemu exit $qemu_rc, after $elapsed s$boot)"
  board_log "qemu said:"; tail -n 20 "$board/qemu.log" >&2 || true
  board_log "the console's last lines ($board/console.log):"; tail -n 40 "$board/console.log" >&2 || true
  exit 125
fi
rc=$(cat "$board/exit-code")
[ "$quiet" = 1 ] || board_log "guest command exited $rc; qemu ran $elapsed s$boot"
exit "$rc"
