#!/usr/bin/env bash
# Checks every notebook in notebooks/ against its saved outputs (`ssr-run --check`, release build).
#
#   scripts/check-notebooks.sh                       # with this shell's OpenBLAS settings
#   scripts/check-notebooks.sh --kernels "default Haswell Zen" --threads "1 2"
#
# --kernels runs the checks once per OpenBLAS kernel ("default": OPENBLAS_CORETYPE unset, so
# OpenBLAS and SSR pick the kernel for this CPU); kernels this CPU cannot run (AVX-512 ones on a
# CPU without AVX-512) are skipped with a message. --threads runs them once per compute-thread
# count (OPENBLAS_NUM_THREADS). Notebooks run in reproducible numerics unless they say otherwise,
# so their outputs do not depend on either. A notebook whose `requires` datasets are absent is
# reported as skipped (ssr-run exit code 3), not failed.
#
# The paper's notebooks (notebooks/paper/*.ssrnb) hold outputs of full runs that take hours, so
# they are not compared: each runs once in its quick mode (`ssr-run -p quick=true`: reduced data
# and epochs), without the cell cache and the run registry and without writing into the notebook
# or bench/results/, and must finish (exit 0) or be skipped for a missing dataset (exit 3).
set -euo pipefail
cd "$(dirname "$0")/.."

kernels="inherit"
threads="inherit"
while [ $# -gt 0 ]; do
  case "$1" in
    --kernels) kernels="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "usage: $0 [--kernels \"default Haswell ...\"] [--threads \"1 2\"]" >&2; exit 64 ;;
  esac
done

# ssr-run, and ssr-serve beside it: notebooks/server-device.ssrnb's `serve` starts it as a child.
swift build -c release --product ssr-run
swift build -c release --product ssr-serve
runner=.build/release/ssr-run

has_avx512=no
grep -qw avx512f /proc/cpuinfo 2>/dev/null && has_avx512=yes

status=0
for kernel in $kernels; do
  case "$kernel" in
    SkylakeX|Cooperlake|SapphireRapids)
      if [ "$has_avx512" = no ]; then
        echo "check: kernel $kernel skipped: this CPU has no AVX-512"
        continue
      fi ;;
  esac
  for thread_count in $threads; do
    env_args=()
    label=""
    case "$kernel" in
      inherit) label="OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" ;;
      default) env_args+=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE); label="OPENBLAS_CORETYPE=unset" ;;
      *) env_args+=("OPENBLAS_CORETYPE=$kernel"); label="OPENBLAS_CORETYPE=$kernel" ;;
    esac
    if [ "$thread_count" = inherit ]; then
      label="$label threads=${OPENBLAS_NUM_THREADS:-all}"
    else
      env_args+=("OPENBLAS_NUM_THREADS=$thread_count")
      label="$label threads=$thread_count"
    fi
    for notebook in notebooks/*.ssrnb; do
      started=$SECONDS
      set +e
      env "${env_args[@]}" "$runner" --check --quiet "$notebook" > /dev/null 2> /tmp/ssr-check.$$.err
      code=$?
      set -e
      case $code in
        0) echo "check: $notebook ok ($label, $((SECONDS - started)) s)" ;;
        3) echo "check: $notebook skipped ($label): $(tail -n 1 /tmp/ssr-check.$$.err)" ;;
        *) echo "check: $notebook FAILED ($label)" >&2
           cat /tmp/ssr-check.$$.err >&2
           status=1 ;;
      esac
    done
  done
done

# The paper's notebooks in quick mode, once (their outputs are not compared, so the BLAS kernel
# and thread loops above add nothing but time).
for notebook in notebooks/paper/*.ssrnb; do
  [ -e "$notebook" ] || continue
  started=$SECONDS
  set +e
  "$runner" --quiet --no-cache --no-runs -p quick=true "$notebook" > /dev/null 2> /tmp/ssr-check.$$.err
  code=$?
  set -e
  case $code in
    0) echo "check: $notebook quick mode ok ($((SECONDS - started)) s)" ;;
    3) echo "check: $notebook quick mode skipped: $(tail -n 1 /tmp/ssr-check.$$.err)" ;;
    *) echo "check: $notebook quick mode FAILED (exit $code)" >&2
       cat /tmp/ssr-check.$$.err >&2
       status=1 ;;
  esac
done
rm -f /tmp/ssr-check.$$.err
exit $status
