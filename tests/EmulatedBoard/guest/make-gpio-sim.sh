#!/bin/sh
# Inside the emulated board: creates a simulated GPIO chip with gpio-sim (through configfs) and
# prints where to find it, as shell assignments plus one comment line per GPIO line, so a
# scenario can `eval "$(make-gpio-sim.sh ...)"`.
#
#   make-gpio-sim.sh [--chip NAME] [--label LABEL] [--lines N] [--pi-names]
#                    [--name OFFSET=NAME ...] [--pull OFFSET=up|down ...]
#                    [--hog OFFSET=CONSUMER:input|output-high|output-low ...]
#   make-gpio-sim.sh --remove NAME
#
#   --chip      the configfs directory (default edge-gpio-sim); one chip per name
#   --label     the chip's label, as gpiodetect and GPIO_GET_CHIPINFO report it (default: NAME)
#   --lines     number of lines (default 32; 54 with --pi-names)
#   --pi-names  name line N "GPION", as on a Raspberry Pi (GPIO17 is offset 17)
#   --pull      the simulated level of an input line: what a consumer reads (default down)
#
# Prints:
#   EDGE_GPIO_CHIP=/dev/gpiochipN     the character device
#   EDGE_GPIO_CHIP_NAME=gpiochipN
#   EDGE_GPIO_CHIP_LABEL=LABEL
#   EDGE_GPIO_SYSFS=/sys/devices/platform/gpio-sim.K/gpiochipN
#   EDGE_GPIO_CONFIGFS=/sys/kernel/config/gpio-sim/NAME
#   # line OFFSET NAME value=$EDGE_GPIO_SYSFS/sim_gpioOFFSET/value pull=.../pull (pull-down)
# A line's `value` reads back what a consumer drives on an output (0/1); writing `pull-up` or
# `pull-down` into its `pull` sets what a consumer reads on an input (and raises edge events).
set -eu
chip=edge-gpio-sim
label=""
lines=""
pi=0
names=""
pulls=""
hogs=""
remove=""
while [ $# -gt 0 ]; do
  case $1 in
    --chip) chip=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --lines) lines=$2; shift 2 ;;
    --pi-names) pi=1; shift ;;
    --name) names="$names $2"; shift 2 ;;
    --pull) pulls="$pulls $2"; shift 2 ;;
    --hog) hogs="$hogs $2"; shift 2 ;;
    --remove) remove=$2; shift 2 ;;
    -h | --help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) echo "make-gpio-sim.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
here=${0%/*}
cfg=/sys/kernel/config
if [ ! -d "$cfg/gpio-sim" ]; then
  "$here/load-module.sh" gpio-sim >&2
  [ -d "$cfg/gpio-sim" ] || mount -t configfs configfs "$cfg"
  [ -d "$cfg/gpio-sim" ] || { echo "make-gpio-sim.sh: no $cfg/gpio-sim after loading gpio-sim" >&2; exit 1; }
fi

if [ -n "$remove" ]; then
  d=$cfg/gpio-sim/$remove
  [ -d "$d" ] || { echo "make-gpio-sim.sh: no chip $remove" >&2; exit 1; }
  echo 0 >"$d/live"
  hogdirs=""
  linedirs=""
  for l in "$d"/bank*/line*; do
    [ -d "$l/hog" ] && hogdirs="$hogdirs $l/hog"
    [ -d "$l" ] && linedirs="$linedirs $l"
  done
  # shellcheck disable=SC2086
  [ -z "$hogdirs" ] || rmdir $hogdirs
  # shellcheck disable=SC2086
  [ -z "$linedirs" ] || rmdir $linedirs
  rmdir "$d"/bank* "$d"
  exit 0
fi

[ -n "$lines" ] || { if [ "$pi" = 1 ]; then lines=54; else lines=32; fi; }
[ -n "$label" ] || label=$chip
d=$cfg/gpio-sim/$chip
[ ! -e "$d" ] || { echo "make-gpio-sim.sh: chip $chip exists already (--remove $chip first)" >&2; exit 1; }
mkdir "$d" "$d/bank0"
echo "$label" >"$d/bank0/label"
echo "$lines" >"$d/bank0/num_lines"
# Under emulation every process start costs a good fraction of a second: one mkdir for all the
# line directories, shell built-ins for the rest.
offsets=""
if [ "$pi" = 1 ]; then
  i=0
  while [ "$i" -lt "$lines" ]; do offsets="$offsets $i"; i=$((i + 1)); done
fi
for x in $names $hogs; do offsets="$offsets ${x%%=*}"; done
dirs=""
hogdirs=""
for o in $offsets; do
  case " $dirs " in *" $d/bank0/line$o "*) ;; *) dirs="$dirs $d/bank0/line$o" ;; esac
done
for h in $hogs; do hogdirs="$hogdirs $d/bank0/line${h%%=*}/hog"; done
# shellcheck disable=SC2086
[ -z "$dirs" ] || mkdir $dirs
# shellcheck disable=SC2086
[ -z "$hogdirs" ] || mkdir $hogdirs
if [ "$pi" = 1 ]; then
  i=0
  while [ "$i" -lt "$lines" ]; do echo "GPIO$i" >"$d/bank0/line$i/name"; i=$((i + 1)); done
fi
for n in $names; do echo "${n#*=}" >"$d/bank0/line${n%%=*}/name"; done
for h in $hogs; do
  spec=${h#*=}
  echo "${spec%%:*}" >"$d/bank0/line${h%%=*}/hog/name"
  echo "${spec#*:}" >"$d/bank0/line${h%%=*}/hog/direction"
done
echo 1 >"$d/live"

read -r dev <"$d/dev_name"
read -r gchip <"$d/bank0/chip_name"
sysfs=/sys/devices/platform/$dev/$gchip
tries=0
while [ ! -e "/dev/$gchip" ] && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
[ -e "/dev/$gchip" ] || { echo "make-gpio-sim.sh: /dev/$gchip did not appear" >&2; exit 1; }
for p in $pulls; do
  case ${p#*=} in up | pull-up) v="pull-up" ;; down | pull-down) v="pull-down" ;; *) echo "make-gpio-sim.sh: bad pull $p" >&2; exit 2 ;; esac
  echo "$v" >"$sysfs/sim_gpio${p%%=*}/pull"
done

echo "EDGE_GPIO_CHIP=/dev/$gchip"
echo "EDGE_GPIO_CHIP_NAME=$gchip"
echo "EDGE_GPIO_CHIP_LABEL='$label'"
echo "EDGE_GPIO_SYSFS=$sysfs"
echo "EDGE_GPIO_CONFIGFS=$d"
i=0
while [ "$i" -lt "$lines" ]; do
  n=""
  if [ -f "$d/bank0/line$i/name" ]; then read -r n <"$d/bank0/line$i/name" || true; fi
  read -r pull <"$sysfs/sim_gpio$i/pull"
  echo "# line $i ${n:--} value=$sysfs/sim_gpio$i/value pull=$sysfs/sim_gpio$i/pull ($pull)"
  i=$((i + 1))
done
