#!/usr/bin/env bash
# Installs what Cabinet needs on Debian/Ubuntu: system packages (asks for sudo when
# not root), a Python 3.12+ virtual environment in .venv/ with the pinned
# dependencies, Node.js and the npm packages of the test OpenID provider (tests/oidc),
# and the compiled translations. Safe to run again: it only installs
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # build pyscard (PC/SC) from source
  gcc libpcsclite-dev swig pcscd
  # the virtual card reader driver the tests and the demo's simulated cards plug into
  vsmartcard-vpcd
  # Qt runtime (xcb, offscreen and Wayland platforms, fonts, D-Bus, audio)
  libegl1 libgl1 libglx0 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
  libxcb-xkb1 libxcb-sync1 libxcb-shm0 libwayland-client0 libwayland-cursor0 libpulse0
  fonts-dejavu-core
  # Qt Multimedia's FFmpeg backend (cameras, microphones) loads VA-API when it starts
  libva2 libva-drm2 libva-x11-2
  # the tests' own loudspeaker and microphone (null sinks of a private sound server)
  pulseaudio pulseaudio-utils
  # a virtual screen for machines without one (CI, servers)
  xvfb xauth
  # the backend's server mode runs on PostgreSQL; tests start their own cluster
  postgresql
  # the patient's side of a teleconsultation in tests: headless Chromium and Firefox,
  # fake devices (Firefox driven over its built-in WebDriver BiDi)
  chromium firefox-esr
  # TURN relay for teleconsultations; the tests start their own on loopback
  coturn
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

sudo_cmd() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing system packages: ${missing[*]}"
    sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -q
    sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

find_python() {
  # Python 3.12+ is required (PySide6 + qasync abort on 3.11).
  local candidates=("${PYTHON:-}" python3.14 python3.13 python3.12)
  for c in /root/.pyenv/versions/3.1[2-9]*/bin/python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3; do
    candidates+=("$c")
  done
  candidates+=(python3)
  for c in "${candidates[@]}"; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 &&
      "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

make_venv() {
  local py
  if [ -x .venv/bin/python ] && .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    return 0
  fi
  if ! py=$(find_python); then
    echo "Python 3.12 or newer is required (set PYTHON=/path/to/python3.12). On Ubuntu 24.04: sudo apt install python3 python3-venv" >&2
    exit 1
  fi
  log "Creating .venv with $py ($("$py" --version))"
  rm -rf .venv
  if ! "$py" -m venv .venv 2>/dev/null; then
    # Debian/Ubuntu split venv support into pythonX.Y-venv.
    local ver
    ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python${ver}-venv"
    rm -rf .venv
    "$py" -m venv .venv
  fi
}

install_python_packages() {
  local stamp=.venv/.cabinet-installed
  local want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "Installing Python packages (pinned in pyproject.toml)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
  echo "$want" >"$stamp"
}

install_node() {
  # The e-CPS tests run a real OpenID provider (oidc-provider, from npm) under Node.js.
  # Only when node or npm is missing: a Node.js installed otherwise (NodeSource, say)
  # ships its own npm, which Debian's npm package would conflict with.
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    return 0
  fi
  log "Installing Node.js and npm (Debian packages)"
  sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -q
  sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm
}

install_test_provider() {
  local dir=tests/oidc
  local stamp=$dir/node_modules/.cabinet-installed
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "warning: oidc-provider needs Node.js 20.19 or newer (found $(node --version)); the e-CPS tests will fail until it is upgraded" >&2
  fi
  log "Installing the test OpenID provider's npm packages (pinned in $dir/package-lock.json)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

compile_translations() {
  local ts
  for ts in resources/translations/*.ts; do
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"
  done
}

install_system_packages
make_venv
install_python_packages
install_node
install_test_provider
compile_translations
