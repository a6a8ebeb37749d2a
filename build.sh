#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   ./build.sh demo   installs what is missing, builds, runs the lost-update demo
#   ./build.sh test   installs what is missing, builds, runs every test
#   ./build.sh build  installs what is missing and builds (build/interleave)
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  cmake g++ make pkg-config git
  libpq-dev libpqxx-dev libboost-dev libtomlplusplus-dev postgresql-15 ccache
  libutfcpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev libpg-query-dev libprotobuf-c-dev
  mariadb-server libmariadb-dev
  googletest libgtest-dev libbenchmark-dev
  libimgui-dev libglfw3-dev libgl-dev libstb-dev fonts-dejavu-core
  xvfb xdotool x11-utils python3 clang libclang-rt-14-dev
  chromium
)

install_missing() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  # interleave starts its own private MariaDB; the system service the package
  # starts is not needed.
  if [[ " ${missing[*]} " == *" mariadb-server "* ]]; then
    $sudo service mariadb stop >/dev/null 2>&1 || true
  fi
}

build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)"
}

case "${1:-}" in
  demo)
    install_missing
    build
    exec build/interleave run scenarios/peakpeeps/peepcoin_lost_update.toml
    ;;
  test)
    install_missing
    build
    cd build
    ctest --output-on-failure -j 2
    ;;
  build)
    install_missing
    build
    ;;
  *)
    echo "usage: ./build.sh demo|test|build" >&2
    exit 2
    ;;
esac
