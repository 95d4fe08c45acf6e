#!/usr/bin/env bash
# Smoke-runs every fuzz target (the five readers, the parallel Markdown reader, the export round trip, the export readers): 1,000 inputs from a fixed seed (at most SECONDS each), so
# the test command gives the same verdict on every run; long runs are in fuzz/README.md.
# Usage: tests/fuzz-smoke.sh [SECONDS]. Needs cargo-fuzz; the stable toolchain is enough with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz passes nightly-only sanitizer flags).
set -euo pipefail
secs="${1:-20}"
cd "$(dirname "$0")/../fuzz"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
# The sample article's files are made from ../shared, not kept in git (a no-op when up to date).
python3 ../scripts/sample-fixtures.py
export RUSTC_BOOTSTRAP=1
mkdir -p corpus
for target in text markdown markdown_parallel html docx pdf office_xml roundtrip reimport; do
  mkdir -p "corpus/$target"
  # Seed each corpus with the sample article in every format (made by `make fixtures`, not in
  # git; the PDF for the pdf target only) and the target's own seeds.
  pdf=; [ "$target" = pdf ] && pdf=../tests/fixtures/pdf/trump-kim.pdf
  for f in ../tests/fixtures/sample/trump-kim.{txt,md,html,docx} $pdf seeds/"$target"/*; do
    [ -f "$f" ] && cp -n "$f" "corpus/$target/" 2>/dev/null || true
  done
  echo "fuzz $target: ${secs}s"
  log=$(mktemp)
  if ! cargo fuzz run "$target" "corpus/$target" -- -seed=1 -runs=1000 -max_total_time="$secs" -rss_limit_mb=4096 \
    -max_len=262144 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz $target: FAILED (a finding, or the target did not build); see fuzz/artifacts/$target" >&2
    exit 1
  fi
  grep -E "^#[0-9]+ +DONE|^Done [0-9]+ runs" "$log" || tail -n 2 "$log"
  rm -f "$log"
done
echo "fuzz smoke: all targets ran ${secs}s without a finding"
