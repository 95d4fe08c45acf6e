#!/usr/bin/env bash
# Supply-chain checks, part of `make test` (policy: "Supply chain" in ARCHITECTURE.md).
#  1. cargo deny licences, bans and sources (deny.toml): needs only crates.io; always enforced.
#  2. Known vulnerabilities: RustSec advisories (cargo deny) and `npm audit` of the packages the
#     window ships (--omit=dev). Both need an online database. Where one cannot be reached the run
#     says so in an UNCHECKED line and goes on; it never reports a check it did not make.
#     FACTDESK_REQUIRE_AUDIT=1 (release builds) turns an unreachable database into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

echo "supply chain: licences, bans, sources"
cargo deny --log-level error check licenses bans sources

unchecked=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "supply chain: RustSec advisories"
if cargo deny --log-level error fetch db >"$log" 2>&1; then
  cargo deny --log-level error check --disable-fetch advisories
else
  unchecked+=("RustSec advisories: the advisory database (github.com/RustSec/advisory-db) cannot be reached: $(grep -m1 -o 'Could not resolve host.*\|fatal:.*' "$log" || tail -n1 "$log")")
fi

echo "supply chain: npm audit (shipped UI packages)"
set +e
(cd ui && npm audit --omit=dev --json >"$log" 2>/dev/null)
set -e
verdict=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8") || "{}");
  if (!r.metadata || !r.metadata.vulnerabilities) {
    console.log("unreachable " + (r.message || "no answer from the audit endpoint"));
  } else {
    const v = r.metadata.vulnerabilities;
    const bad = (v.moderate || 0) + (v.high || 0) + (v.critical || 0);
    console.log((bad ? "vulnerable " : "ok ") + JSON.stringify(v));
  }' "$log")
case "$verdict" in
  ok*) echo "npm audit: ${verdict#ok }" ;;
  vulnerable*)
    (cd ui && npm audit --omit=dev --audit-level=moderate) || true
    echo "npm audit: vulnerable packages in the shipped UI: ${verdict#vulnerable }" >&2
    exit 1 ;;
  *) unchecked+=("npm audit: ${verdict#unreachable }") ;;
esac

for u in "${unchecked[@]}"; do echo "UNCHECKED $u" >&2; done
if [ ${#unchecked[@]} -gt 0 ] && [ "${FACTDESK_REQUIRE_AUDIT:-0}" = 1 ]; then
  echo "supply chain: FACTDESK_REQUIRE_AUDIT=1 and ${#unchecked[@]} check(s) could not run" >&2
  exit 1
fi
echo "supply chain: done"
