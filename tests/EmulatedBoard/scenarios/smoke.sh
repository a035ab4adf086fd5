#!/usr/bin/env bash
# Smoke test of the emulated board itself: the kernel's test drivers load and behave as the
# Edge code expects (vivid capture, vicodec M2M encoder, gpio-sim), ffmpeg captures from vivid,
# a host port forwarded into the guest carries TCP both ways, and .NET runs in the guest.
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"

if board_on_host; then
  mkdir -p "$EDGE_BOARD_RESULTS"
  rm -f "$EDGE_BOARD_RESULTS"/{forward-ready,host-got,guest-got}
  port=$(board_free_port) || board_die "no free TCP port on 127.0.0.1"
  # The host's half of the forwarding check: once the guest listens on 8554, connect to the
  # forwarded port, read the guest's greeting, answer, and leave what arrived for the guest.
  (
    wait_for_file "$EDGE_BOARD_RESULTS/forward-ready" 240 || exit 1
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    IFS= read -r -t 30 line <&3 || line="(nothing)"
    echo "hello-from-host" >&3
    exec 3>&-
    printf '%s\n' "$line" >"$EDGE_BOARD_RESULTS/host-got"
  ) &
  client=$!
  rc=0
  board_run_guest --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-420}" --forward "$port:8554" || rc=$?
  kill "$client" 2>/dev/null
  wait "$client" 2>/dev/null
  exit "$rc"
fi

# ---- inside the guest --------------------------------------------------------------------
R=$EDGE_BOARD_RESULTS
repo=$(cd "$EDGE_BOARD_HOME/../.." && pwd)

# Listen first, so the host can connect while the other checks run.
/bin/busybox nc -l -p 8554 -e /bin/sh -c "echo hello-from-guest; read -r l; echo \"\$l\" >$R/guest-got" &
nc_pid=$!
touch "$R/forward-ready"

check "vivid loads" "$BOARD_GUEST/load-module.sh" vivid
check "/dev/video0 is vivid's capture node" bash -c 'v4l2-ctl -d /dev/video0 --info | grep -q "Driver name *: vivid"'
check "vivid offers YUYV" bash -c 'v4l2-ctl -d /dev/video0 --list-formats-ext | tee /dev/stderr | grep -q "YUYV"'
check "vicodec loads" "$BOARD_GUEST/load-module.sh" vicodec
encoder() {
  local n
  for n in /sys/class/video4linux/video*; do
    [ "$(cat "$n/name")" = stateful-encoder ] && { echo "/dev/${n##*/}"; return 0; }
  done
  return 1
}
enc=$(encoder) || enc=/dev/null
echo "vicodec encoder: $enc" >>"$R/checks.log"
check "vicodec shows an M2M encoder ($enc)" bash -c "v4l2-ctl -d $enc --all | tee /dev/stderr | grep -q 'Driver name *: vicodec' && v4l2-ctl -d $enc --all | grep -q 'Video Memory-to-Memory' && v4l2-ctl --list-devices | grep -q vicodec"
check "vicodec encodes YUYV to FWHT" bash -c "v4l2-ctl -d $enc --set-fmt-video-out=width=640,height=480,pixelformat=YUYV --stream-mmap --stream-out-mmap --stream-count=5 --stream-to=$R/vicodec.fwht && test -s $R/vicodec.fwht"

gpio_env=$("$BOARD_GUEST/make-gpio-sim.sh" --pi-names --label pinctrl-bcm2835 --pull 22=up 2>>"$R/checks.log")
eval "$gpio_env"
check "a gpio-sim chip is /dev/gpiochip0" test "${EDGE_GPIO_CHIP:-}" = /dev/gpiochip0 -a -c /dev/gpiochip0
check "gpio-sim: a consumer reads the simulated pull (GPIO22 up, GPIO23 down)" bash -c 'test "$(gpioget gpiochip0 22 23)" = "1 0"'
gpio_drive() {
  gpioset --mode=signal gpiochip0 17=1 &
  local pid=$! v=""
  for _ in $(seq 1 50); do
    v=$(cat "$EDGE_GPIO_SYSFS/sim_gpio17/value")
    [ "$v" = 1 ] && break
    sleep 0.1
  done
  kill "$pid"
  wait "$pid" 2>/dev/null
  echo "GPIO17 value while driven: $v"
  [ "$v" = 1 ]
}
check "gpio-sim: a line driven by a consumer reads back in sim_gpio17/value" gpio_drive

check "ffmpeg captures 25 frames from vivid" bash -c "ffmpeg -hide_banner -nostdin -loglevel error -f v4l2 -framerate 25 -video_size 640x480 -i /dev/video0 -frames:v 25 -f framemd5 $R/vivid.framemd5 && test \$(grep -vc '^#' $R/vivid.framemd5) = 25"

if command -v dotnet >/dev/null 2>&1; then
  check ".NET runs in the guest (dotnet --list-runtimes)" bash -c 'dotnet --list-runtimes | tee /dev/stderr | grep -q Microsoft.NETCore.App'
else
  echo "# skip - dotnet is not on PATH"
fi
edge=$repo/artifacts/native/linux-x64/edge
if [ -x "$edge" ]; then
  check "the NativeAOT edge binary runs in the guest" "$edge" --version
else
  echo "# skip - no NativeAOT build at $edge"
fi

forward() {
  wait_for_file "$R/host-got" 60 && wait_for_file "$R/guest-got" 10 || true
  echo "host read: $(cat "$R/host-got" 2>/dev/null); guest read: $(cat "$R/guest-got" 2>/dev/null)"
  kill "$nc_pid" 2>/dev/null
  [ "$(cat "$R/host-got" 2>/dev/null)" = hello-from-guest ] && [ "$(cat "$R/guest-got" 2>/dev/null)" = hello-from-host ]
}
check "TCP through --forward, host to guest port 8554 and back" forward

board_finish
