#!/usr/bin/env bash
# Installs what Factdesk needs on Debian 12, and only what is missing, so a second run is quick.
#   scripts/setup.sh run    — build and run the app
#   scripts/setup.sh test   — everything `make test` needs (adds end-to-end and export checkers)
# Without root or password-less sudo it prints the exact command to run and stops.
set -euo pipefail
mode=${1:-run}
here=$(cd "$(dirname "$0")/.." && pwd)

build_pkgs=(pkg-config build-essential libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
  libayatana-appindicator3-dev libsoup-3.0-dev libssl-dev xdg-utils)
test_pkgs=(webkit2gtk-driver xvfb xauth x11-utils pandoc imagemagick poppler-utils chromium)
pkgs=("${build_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else
    echo "Factdesk needs these Debian packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing; install Rust (rustup) and Node.js 20" >&2; exit 1; }
done

# npm packages: reinstall only when the lock file changed since the last install.
stamp="$here/ui/node_modules/.factdesk-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$here/ui/package-lock.json" "$stamp"; then
  echo "setup: installing the UI's npm packages"
  (cd "$here/ui" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/ui/package-lock.json" "$stamp"
fi

if [ "$mode" = test ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v tauri-driver >/dev/null; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --locked --quiet
  fi
  if ! cargo deny --version >/dev/null 2>&1; then
    echo "setup: installing cargo-deny"
    cargo install cargo-deny --locked --quiet
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "setup: installing cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
  fi
fi
