#!/usr/bin/env bash
# scripts/cpu-seconds.sh NAME COMMAND…: runs COMMAND and prints its wall time and the CPU-seconds it
# and everything it started used, daemons included (Chromium's GPU process, a PostgreSQL server
# started with pg_ctl), counted in a cpuacct cgroup of its own. /usr/bin/time misses those: it
# counts only children that were waited for (docs/testing.md). Needs root and cgroup v1's cpuacct
# at /sys/fs/cgroup/cpuacct, as on this machine; the machine being shared, compare CPU-seconds.
set -u
name=$1
shift
cg=/sys/fs/cgroup/cpuacct/lageskarta-$name-$$
mkdir "$cg" || exit 1
t0=$(date +%s.%N)
bash -c 'echo $$ > "$0/tasks" && exec "$@"' "$cg" "$@"
code=$?
t1=$(date +%s.%N)
sleep 1 # processes still stopping
cpu=$(cat "$cg/cpuacct.usage")
echo "── $name: $(echo "scale=1; ($t1 - $t0) / 1" | bc) s wall, $(echo "scale=1; $cpu / 1000000000" | bc) CPU-s, load $(cut -d' ' -f1-3 /proc/loadavg), exit $code" >&2
for pid in $(cat "$cg/tasks"); do echo "still running in $cg: $(ps -o pid=,args= -p "$pid")" >&2; done
rmdir "$cg" 2>/dev/null
exit "$code"
