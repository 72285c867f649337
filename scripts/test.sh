#!/usr/bin/env bash
# The project's test command: unit and tool tests, then every notebook checked against its saved
# outputs with `ssr-run --check` (release build, as users run it).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build

swift build -c release --product ssr-run
status=0
for notebook in notebooks/*.ssrnb; do
  if .build/release/ssr-run --check --quiet "$notebook" > /dev/null; then
    echo "check: $notebook ok"
  else
    echo "check: $notebook FAILED" >&2
    status=1
  fi
done
exit $status
