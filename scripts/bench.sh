#!/usr/bin/env bash
# `make bench`: every speed and memory figure, printed. Benchmarks, not tests: they report,
# and the targets they are read against are in docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== core: import, analyze, library, export (release) =="
for bench in src-tauri/core/benches/*.rs; do
  name=$(basename "$bench" .rs)
  cargo bench -q -p factdesk-core --bench "$name" 2>/dev/null | grep -v '^$' || echo "bench $name failed" >&2
done
echo "== window (release build through WebDriver) =="
node tests/e2e/bench/ui.mjs
