#!/usr/bin/env bash
# Starts (or continues) the full run of paper notebooks in the background, resumably.
#
#   scripts/paper-run.sh table3-accuracy            # one notebook
#   scripts/paper-run.sh table3-accuracy fig5-timesteps   # several, one after the other
#   scripts/paper-run.sh --status                   # what is running, and each job's progress
#
# Each notebook runs as `ssr-run --save notebooks/paper/NAME.ssrnb` with its own parameters (two
# worker processes, one compute thread each), at a lower priority so that building and testing
# stay responsive. The release `ssr-run` is copied to .ssr-cache/runner/ first, so rebuilding the
# package does not change the binary of a run in progress. Output goes to
# .ssr-cache/paper-runs/NAME.log.
#
# Stopping is safe at any time (the session ends, `kill`, a reboot): every (model, seed) run of a
# sweep keeps its training state after each epoch in notebooks/paper/.ssr-cache/jobs/, and
# starting the same notebook again continues each unfinished run after its last completed epoch.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=.ssr-cache/paper-runs
if [ "${1:-}" = "--status" ]; then
  pgrep -af 'ssr-run --save notebooks/paper/' || echo "no paper run is running"
  for job in notebooks/paper/.ssr-cache/jobs/*/; do
    [ -e "$job/job.json" ] || continue
    model=$(sed -n 's/.*"model" *: *"\([^"]*\)".*/\1/p' "$job/job.json")
    done_count=$(find "$job/results" -name '*.json' ! -name '*.recorded' 2>/dev/null | wc -l)
    total=$(find "$job/points" -name '*.json' 2>/dev/null | wc -l)
    echo "$(basename "$job") $model: $done_count/$total runs done, $(find "$job/state" -name '*.safetensors' 2>/dev/null | wc -l) in progress"
    # Each run in progress: the last epoch its worker logged.
    for state in "$job"/state/*.safetensors; do
      [ -e "$state" ] || continue
      task=$(basename "$state" .safetensors)
      last=$(grep '^epoch ' "$job/logs/$task.log" 2>/dev/null | tail -n 1 | cut -d, -f1)
      echo "  run $task: ${last:-no epoch logged yet}"
    done
  done
  exit 0
fi
[ $# -ge 1 ] || { echo "usage: $0 NAME [NAME ...] | --status" >&2; exit 64; }
for name in "$@"; do
  [ -f "notebooks/paper/$name.ssrnb" ] || { echo "no notebook notebooks/paper/$name.ssrnb" >&2; exit 66; }
done
if pgrep -f 'ssr-run --save notebooks/paper/' > /dev/null; then
  echo "a paper run is already running:" >&2
  pgrep -af 'ssr-run --save notebooks/paper/' >&2
  exit 75
fi

swift build -c release --product ssr-run
mkdir -p .ssr-cache/runner "$runs"
cp .build/release/ssr-run .ssr-cache/runner/ssr-run
runner=$(pwd)/.ssr-cache/runner/ssr-run

(
  for name in "$@"; do
    echo "== $name: started $(date -u +%FT%TZ)"
    OPENBLAS_NUM_THREADS=1 nice -n 5 "$runner" --save "notebooks/paper/$name.ssrnb" || { echo "== $name: exit $?"; exit 1; }
    echo "== $name: finished $(date -u +%FT%TZ)"
  done
) >> "$runs/$(IFS=+; echo "$*").log" 2>&1 < /dev/null &
disown
echo "started in the background: $*; log in $runs/$(IFS=+; echo "$*").log; '$0 --status' shows progress"
