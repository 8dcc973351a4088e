#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, bundled rules, golden diagnostics, install, examples,
# browser, editors). Chromium and Neovim are installed here, so the browser and Neovim tests fail
# instead of skipping when they cannot run (COTATION_REQUIRE_BROWSER, COTATION_REQUIRE_NEOVIM).
# With COTATION_SANITIZE=1 it also builds and runs the suite under ASan + UBSan: the `asan` preset
# of CMakePresets.json (build-asan/), the one definition of the sanitizer build; the install tests
# are left out of that run (the `subdir` one rebuilds the whole library under the sanitizers).
set -euo pipefail
cd "$(dirname "$0")/.."
COTATION_WITH_BROWSER=1 bash scripts/build.sh
cmake -S . -B build -DCOTATION_REQUIRE_BROWSER=ON -DCOTATION_REQUIRE_NEOVIM=ON >/dev/null
ctest --test-dir build -j 2 --output-on-failure
if [[ "${COTATION_SANITIZE:-0}" == 1 ]]; then
  cmake --preset asan -DCOTATION_REQUIRE_BROWSER=ON -DCOTATION_REQUIRE_NEOVIM=ON >/dev/null
  cmake --build --preset asan -j "${COTATION_JOBS:-2}"
  ctest --preset asan -j 2 -LE install
fi
