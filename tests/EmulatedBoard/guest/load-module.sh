#!/bin/sh
# Inside the emulated board: loads a kernel module with everything it depends on, from the
# guest's module tree (EDGE_BOARD_MODULES, /lib/modules/<abi>: Debian's modules plus the test
# drivers prepare.sh built, in extra/).
#
#   load-module.sh [--reload] NAME [PARAM=VALUE ...]
#
# --reload unloads NAME first, so new parameters take effect (vivid's n_devs, node_types, ...).
# Exits non-zero, with the kernel's last messages, when the module does not load.
set -eu
reload=0
if [ "${1:-}" = --reload ]; then reload=1; shift; fi
if [ $# -lt 1 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
name=$1
shift
if [ "${EDGE_BOARD_GUEST:-}" != 1 ]; then
  echo "load-module.sh: run me inside the emulated board (run-in-guest.sh)" >&2
  exit 2
fi
modprobe=/sbin/modprobe
[ -x "$modprobe" ] || modprobe="/bin/busybox modprobe"
if [ "$reload" = 1 ]; then
  $modprobe -r "$name" 2>/dev/null || true
fi
if ! $modprobe "$name" "$@"; then
  echo "load-module.sh: modprobe $name $* failed; the kernel said:" >&2
  dmesg 2>/dev/null | tail -n 15 >&2 || true
  exit 1
fi
