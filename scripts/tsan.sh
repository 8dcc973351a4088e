#!/usr/bin/env bash
# Builds the unit tests with ThreadSanitizer (the `tsan` preset, in build-tsan/) and runs the tests
# where threads share the library's objects: one Scorer and one Population scored from four
# threads, the fast path's parts and writers on several threads. Exits 1 on any race reported.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "${COTATION_JOBS:-2}"
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
  build-tsan/tests/cotation_tests --gtest_filter='Threads.*:FastOutputs.ByteIdenticalAcrossThreadCountsAndBlockSizes:FastAudit.*'
