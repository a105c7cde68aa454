#!/usr/bin/env bash
# The real-browser test of `serve` and of the HTML report: headless Chromium (Debian's chromium) driven by
# playwright-core (npm pack, integrity checked; no browser download), on loopback only.
#   scripts/browser-test.sh MODEL...      each a model trained on 28x28 digits, with its report MODEL.html beside it
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PW_VERSION=1.65.2
PW_INTEGRITY="sha512-aHu9F46Mx5ha9iiB+VLZMUUtex3PBw4am9MHptc0IXaJhz++6YXsH96eEyThwCwMkIUiB8TdZcwXqnb3xKDzmA=="
TOOLS="$ROOT/data/.tools"

die() { echo "browser-test: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: scripts/browser-test.sh MODEL..."

if ! command -v chromium >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "Installing Debian's chromium ..."
  $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || { $SUDO apt-get update -qq >/dev/null 2>&1 || true; $SUDO apt-get install -y -qq chromium >/dev/null; } \
    || die "apt-get install chromium failed"
fi
command -v node >/dev/null || die "node is needed (Debian's nodejs)"

pw="$TOOLS/playwright-core-$PW_VERSION/package"
if [ ! -f "$pw/package.json" ]; then
  command -v npm >/dev/null || die "npm is needed to fetch playwright-core@$PW_VERSION"
  mkdir -p "$TOOLS"
  tmp="$(mktemp -d "$TOOLS/.pw.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "playwright-core@$PW_VERSION" --silent >/dev/null) || die "npm pack playwright-core@$PW_VERSION failed"
  got="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' \
    "$tmp/playwright-core-$PW_VERSION.tgz")"
  [ "$got" = "$PW_INTEGRITY" ] || die "playwright-core-$PW_VERSION.tgz has integrity $got, expected $PW_INTEGRITY"
  tar --no-same-owner -xzf "$tmp/playwright-core-$PW_VERSION.tgz" -C "$tmp"
  mkdir -p "$TOOLS/playwright-core-$PW_VERSION"
  mv "$tmp/package" "$pw"
fi

CHROMIUM="$(command -v chromium)" timeout 300 node "$ROOT/scripts/browser-test.mjs" "$pw" "$@"
