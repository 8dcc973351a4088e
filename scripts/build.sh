#!/usr/bin/env bash
# Sets up the dependencies and builds the release tree in build/ (Ninja, -j2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "${COTATION_JOBS:-2}"
