#!/usr/bin/env bash
# The project's test command: unit and tool tests, then every notebook checked against its saved
# outputs with `ssr-run --check` (release build, as users run it). Extra arguments go to
# scripts/check-notebooks.sh (for example --kernels "default Haswell Zen" --threads "1 2").
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build

scripts/check-notebooks.sh "$@"
