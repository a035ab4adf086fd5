#!/bin/sh
# Runs as PID 1 in the emulated board after init.sh switched into the overlay of the host's
# root (so this is the host's /bin/sh): runs the job that run-in-guest.sh wrote into the results
# directory, records its exit code there, and powers the guest off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
board=$edge_results/board

read -r up _ </proc/uptime
echo "$up" >"$board/guest-uptime-at-start"
/bin/bash "$board/job.sh" </dev/null >>"$board/stdout.log" 2>>"$board/stderr.log"
echo $? >"$board/exit-code"
read -r up _ </proc/uptime
echo "$up" >"$board/guest-uptime-at-end"
sync
echo o >/proc/sysrq-trigger
exec sleep 10
