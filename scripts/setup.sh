#!/usr/bin/env bash
# Installs the build and test dependencies from Debian's packages. Idempotent: when every
# package is present it returns at once without touching the network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libyaml-cpp-dev librange-v3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libfmt-dev nlohmann-json3-dev libfast-float-dev libcli11-dev
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
  python3  # the command-line tests read JSON outputs with it
  python3-jsonschema python3-yaml  # the JSON Schema of policies, checked against the bundled ones
  neovim  # the language server's end-to-end test, in Neovim's own LSP client
  pybind11-dev python3-dev python3-pybind11  # the Python package `cotation` (python/)
  python3-numpy python3-pandas python3-pytest python3-matplotlib  # its tests and its example
)
if [[ "${COTATION_WITH_BROWSER:-0}" == 1 ]]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) != 0 ]]; then sudo_cmd=(sudo); fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
