#!/usr/bin/env bash
# System packages the test suite needs, from Debian: Chromium (the explorer and the site's pages
# are tested in a real headless browser), npm (installs axe-core, which checks the site's pages
# for accessibility: tests/js, `npm ci` from its lock file), Graphviz (DOT exports are checked by `dot`), Noto CJK fonts (Chinese in
# charts and screenshots), OpenLink Virtuoso (publishing and the query library are tested
# against a real server). Installs only what is missing; safe to run again.
# Virtuoso: only the binaries of Debian's virtuoso-opensource (virtuoso-t, isql-vt); the full
# package's install script starts a system server on every interface (ports 1111 and 8890)
# with the default dba password, where the tests start their own, on loopback, and stop it.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 \
  || need+=(virtuoso-opensource-7-bin)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup-system: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# the test suite's JavaScript (axe-core), exactly as tests/js/package-lock.json pins it
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$here/tests/js/node_modules/axe-core/axe.min.js" ] \
   || ! cmp -s "$here/tests/js/package-lock.json" "$here/tests/js/node_modules/.package-lock.json.ctocgraph"; then
  (cd "$here/tests/js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null \
     && cp package-lock.json node_modules/.package-lock.json.ctocgraph)
fi
