#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, bundled rules, golden diagnostics, install, examples).
# With COTATION_SANITIZE=1 it also builds and runs the suite under ASan + UBSan in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
COTATION_WITH_BROWSER=1 bash scripts/build.sh
ctest --test-dir build -j 2 --output-on-failure
if [[ "${COTATION_SANITIZE:-0}" == 1 ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOTATION_SANITIZE=ON \
        -DCOTATION_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j "${COTATION_JOBS:-2}"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -j 2 --output-on-failure -LE install
fi
