#!/usr/bin/env bash
# Smoke-runs every import fuzz target for a short while (default 20 s each).
# Usage: tests/fuzz-smoke.sh [SECONDS]. Needs cargo-fuzz; the stable toolchain is enough with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz passes nightly-only sanitizer flags).
set -euo pipefail
secs="${1:-20}"
cd "$(dirname "$0")/../fuzz"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
mkdir -p corpus
for target in text markdown html docx; do
  mkdir -p "corpus/$target"
  # Seed each corpus with the sample article in that format.
  for f in ../tests/fixtures/sample/trump-kim.*; do cp -n "$f" "corpus/$target/" 2>/dev/null || true; done
  echo "fuzz $target: ${secs}s"
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -rss_limit_mb=4096 \
    -max_len=262144 2>&1 | grep -E "^(Done|==|SUMMARY|#[0-9]+ +DONE)|panicked|ERROR" || true
  if ls artifacts/"$target"/crash-* artifacts/"$target"/oom-* artifacts/"$target"/timeout-* >/dev/null 2>&1; then
    echo "fuzz $target: FOUND a crash, see fuzz/artifacts/$target" >&2
    exit 1
  fi
done
echo "fuzz smoke: all targets ran ${secs}s without a finding"
