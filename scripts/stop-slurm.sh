#!/usr/bin/env bash
# Stops the one-node Slurm cluster of scripts/start-slurm.sh: ends the daemons whose pids it
# recorded in /run/ssr-slurm (and nothing else), in reverse order of starting.
set -uo pipefail
pids=/run/ssr-slurm
for name in slurmd slurmctld munged; do
  file="$pids/$name.pid"
  [ -f "$file" ] || continue
  pid=$(cat "$file")
  # Only a process that is still the daemon of that name (a pid can be reused).
  if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$name" ]; then
    kill "$pid" && echo "stop-slurm.sh: stopped $name (pid $pid)"
    for _ in $(seq 1 20); do [ -d /proc/"$pid" ] || break; sleep 0.25; done
  fi
  rm -f "$file"
done
