#!/usr/bin/env bash
# The emulated Raspberry Pi: builds the SD-card image users flash (packaging/pi-image, cached),
# boots a copy of it under qemu-system-aarch64 with systemd as PID 1, and runs the scenarios
# under scenarios/ against Edge as shipped (its arm64 .deb, its systemd unit), in file order:
# QEMU's generic arm64 machine (virt, with a network) for all but the last; broken-config boots
# the card a second time, and gpio boots it as a Raspberry Pi 3 (raspi3b). Prints
# PASS/FAIL per check and per scenario, the figures (MEASURE lines), and a closing
# "pi-board: N passed, N failed" line over the scenarios; exits non-zero if any failed.
#
#   tests/PiBoard/run-all.sh [SCENARIO ...]     e.g. run-all.sh rtsp watchdog (boot runs first)
#
# Outside CI, a host where the prerequisites cannot be installed is a skip; with CI=true it is a
# failure. Environment: EDGE_PI_BOARD_CACHE (work files, default ~/.cache/edge-pi-board),
# EDGE_PI_BOARD_OUT (logs and results), EDGE_PI_BOARD_BOOT_TIMEOUT (seconds to wait for SSH,
# default 900), EDGE_PI_IMAGE (test this image instead of building one).
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ci=0
case ${CI:-} in true | 1 | yes) ci=1 ;; esac
all_start=$(pi_now)

skip_or_fail() {
  if [ "$ci" = 0 ]; then
    echo "SKIP pi-board: $* (in CI this is a failure)"
    exit 0
  fi
  echo "FAIL pi-board: $*"
  echo "pi-board: 0 passed, 1 failed"
  exit 1
}

# ---- prerequisites ---------------------------------------------------------------------------
needed=(qemu-system-aarch64:qemu-system-arm qemu-aarch64-static:qemu-user-static mmdebstrap:mmdebstrap
  mcopy:mtools mkfs.vfat:dosfstools sfdisk:fdisk debugfs:e2fsprogs xz:xz-utils ssh:openssh-client
  ssh-keygen:openssh-client ffmpeg:ffmpeg curl:curl nginx:nginx-light
  /usr/lib/nginx/modules/ngx_rtmp_module.so:libnginx-mod-rtmp)
missing=()
for n in "${needed[@]}"; do
  tool=${n%%:*}
  if [ "${tool#/}" != "$tool" ]; then [ -e "$tool" ] || missing+=("${n#*:}"); else command -v "$tool" >/dev/null || missing+=("${n#*:}"); fi
done
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || skip_or_fail "missing ${missing[*]} and not root to install them"
  pi_log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends "${missing[@]}" >"${TMPDIR:-/tmp}/pi-board-apt.log" 2>&1 ||
    skip_or_fail "apt-get install ${missing[*]} failed (log: ${TMPDIR:-/tmp}/pi-board-apt.log)"
fi
[ "$(id -u)" = 0 ] || skip_or_fail "building the image needs root (mmdebstrap)"

rm -rf "$pi_out" && mkdir -p "$pi_out" || pi_die "cannot create $pi_out"
pi_work=$pi_cache/work
rm -rf "$pi_work" && mkdir -p "$pi_work" || pi_die "cannot create $pi_work"

# ---- the image --------------------------------------------------------------------------------
image=${EDGE_PI_IMAGE:-}
if [ -z "$image" ]; then
  build_start=$(pi_now)
  if ! "$pi_repo/packaging/pi-image/build-image.sh" --raw-only --out "$pi_work/image" 2>&1 | tee "$pi_out/build-image.log"; then
    echo "FAIL pi-board: packaging/pi-image/build-image.sh failed (log: $pi_out/build-image.log)"
    echo "pi-board: 0 passed, 1 failed"
    exit 1
  fi
  if grep -q '(cached)' "$pi_out/build-image.log"; then built="cached"
  elif grep -q 'using the cached base' "$pi_out/build-image.log"; then built="Edge on the cached Debian base"
  else built="fresh, with its Debian base"; fi
  measure "image build (build-image.sh, $built): $(pi_since "$build_start") s"
  image=$pi_work/image/edge-pi-arm64.img
fi

# The card: a copy of the image on a 2 GiB card (QEMU's SD card must be a power of two in size;
# the root filesystem grows to it on first boot, as on a real card).
cp --sparse=always "$image" "$pi_work/card.img" && truncate -s 2G "$pi_work/card.img" || pi_die "cannot make the card"
image_mib=$(($(stat -c %s "$image") / 1048576))

# What a user does on any computer: the FAT partition's files. Plus SSH for this harness.
ssh-keygen -q -t ed25519 -N '' -C pi-board -f "$pi_work/id_ed25519" || pi_die "ssh-keygen failed"
rtmp_port=$(free_port) || pi_die "no free port"
stream_key=pi-board-secret-key
# edge_config [led]: the emulated Pi's config: vivid's webcam input, libx264, a push to the host;
# with "led", the status LED on GPIO17 (the raspi3b machine has the Pi's pin controller; the virt
# machine has no GPIO17).
edge_config() {
  cat <<EOF
# The emulated Pi's config: vivid's webcam input, libx264, a push to the host.
[device]
name = "pi-board"

[rtsp]
listen = "0.0.0.0:8554"
transports = ["udp", "tcp"]

[camera.cam]
source = "v4l2"
device = "/dev/video0"
width = 320
height = 180
fps = 15
format = "yuyv"

[camera.cam.encoder]
kind = "ffmpeg"
codec = "libx264"
keyframe_interval_s = 1

[http]
listen = "0.0.0.0:8080"
# Open to the host's curl without a login: this file has no users (the first boot adds RTSP's
# viewer to the card's copy, and later copies, like broken-config's fixed file, come without
# one), and a page open to the network with no user to log in is a config error.
auth = "none"

[[push]]
camera = "cam"
url = "rtmp://10.0.2.2:$rtmp_port/live/$stream_key"
EOF
  [ "${1:-}" != led ] || printf '\n[leds]\nchip = "gpiochip0"\nstatus = "GPIO17"\n'
}
edge_config >"$pi_work/edge.toml"
echo pi-board-test >"$pi_work/hostname.txt"
mcopy -o -i "$pi_work/card.img@@1M" "$pi_work/edge.toml" "$pi_work/hostname.txt" ::/ &&
  mcopy -o -i "$pi_work/card.img@@1M" "$pi_work/id_ed25519.pub" ::/authorized_keys || pi_die "mcopy onto the card's FAT partition failed"

# The camera: vivid stands in for a USB webcam plugged in at boot (its module loaded by
# systemd-modules-load), written into the root filesystem with debugfs (no loop device needed).
printf 'rc-core\ncec\nvivid\n' >"$pi_work/pi-board.conf"
printf 'options vivid n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0\n' >"$pi_work/pi-board-vivid.conf"
root_start=$(sfdisk -J "$pi_work/card.img" | sed -n 's/.*"start": *\([0-9]*\).*/\1/p' | sed -n 2p)
root_offset=$((${root_start:-0} * 512))
[ "$root_offset" -gt 0 ] || pi_die "cannot read the card's partition table"
debugfs -w -f - "$pi_work/card.img?offset=$root_offset" >"$pi_out/debugfs.log" 2>&1 <<EOF || pi_die "debugfs could not write the test's module files (see $pi_out/debugfs.log)"
cd /etc/modules-load.d
write $pi_work/pi-board.conf pi-board.conf
cd /etc/modprobe.d
write $pi_work/pi-board-vivid.conf pi-board-vivid.conf
EOF
grep -qi 'error\|not found' "$pi_out/debugfs.log" && pi_die "debugfs: $(cat "$pi_out/debugfs.log")"

# nginx-rtmp on the host (the guest reaches it as 10.0.2.2), started by the push scenario.
nginx_dir=$pi_work/nginx
mkdir -p "$nginx_dir"
cat >"$nginx_dir/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
worker_processes 1;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log info;
events { worker_connections 64; }
rtmp {
  server {
    listen 127.0.0.1:$rtmp_port;
    application live { live on; record off; wait_key on; wait_video on; }
  }
}
EOF
nginx_pid=""
finish() {
  pi_poweroff
  [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null
}
trap finish EXIT

# ---- the scenarios ------------------------------------------------------------------------------
scenarios=()
if (($#)); then
  # The named scenarios run on a booted board: boot comes first unless named.
  case " $* " in *" boot "*) ;; *) scenarios+=("$PI_BOARD_HOME/scenarios/10-boot.sh") ;; esac
  for s in "$@"; do scenarios+=("$(ls "$PI_BOARD_HOME"/scenarios/*-"$s".sh 2>/dev/null | head -n1)"); done
else
  for s in "$PI_BOARD_HOME"/scenarios/*.sh; do scenarios+=("$s"); done
fi

s_passed=0
s_failed=0
results=()
for s in "${scenarios[@]}"; do
  name=$(basename "$s" .sh)
  name=${name#*-}
  if [ ! -f "$s" ]; then
    results+=("FAIL $name (no such scenario)")
    s_failed=$((s_failed + 1))
    continue
  fi
  echo "=== scenario $name"
  # Without a running guest (the boot failed), the scenarios that need it fail at once instead of
  # each waiting out its SSH timeouts; boot, broken-config and gpio boot the card themselves.
  if [ "${pi_guest_up:-1}" = 0 ] && [ "$name" != boot ] && [ "$name" != broken-config ] && [ "$name" != gpio ]; then
    results+=("FAIL $name (the guest did not boot)")
    s_failed=$((s_failed + 1))
    echo "${results[-1]}"
    continue
  fi
  before=$pi_failed
  start=$(pi_now)
  # shellcheck source=/dev/null
  . "$s"
  if [ "$pi_failed" = "$before" ]; then
    results+=("PASS $name ($(pi_since "$start") s)")
    s_passed=$((s_passed + 1))
  else
    results+=("FAIL $name ($(pi_since "$start") s; $((pi_failed - before)) checks failed)")
    s_failed=$((s_failed + 1))
  fi
  echo "${results[-1]}"
done
pi_poweroff

echo "=== pi-board summary (logs: $pi_out)"
for line in "${results[@]}"; do echo "$line"; done
cat "$pi_out/measures.log" 2>/dev/null
echo "harness: everything in $(pi_since "$all_start") s; checks: $pi_passed passed, $pi_failed failed"
echo "pi-board: $s_passed passed, $s_failed failed"
[ "$s_failed" = 0 ]
