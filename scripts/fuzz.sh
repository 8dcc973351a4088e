#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan) in build-fuzz and runs each for SECONDS
# (default 60) from its seed corpus. New corpus entries go to build-fuzz/corpus/<target>/ (the
# committed seeds under fuzz/corpus/ are only read); crashes, timeouts and leaks go to
# build-fuzz/crashes/<target>/. Prints a summary and exits 1 when any target found something.
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 600        # 10 min per target
#   JOBS=2 scripts/fuzz.sh     # build parallelism (default 2)
#
# Replay one crash:  build-fuzz/fuzz/expr_fuzzer build-fuzz/crashes/expr_fuzzer/crash-<sha1>
# Minimize it:       build-fuzz/fuzz/expr_fuzzer -minimize_crash=1 -runs=100000 <crash file>
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "usage: $0 [SECONDS]   (default 60, per target)" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
jobs="${JOBS:-2}"

cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target expr_fuzzer policy_fuzzer csv_fuzzer jsonl_fuzzer api_fuzzer

# target:corpus:max_len. Policies are a few KB (the largest bundled one is 25 KB); expressions
# and CSV rows are short, and short inputs make mutations fast.
targets=(expr_fuzzer:expr:1024 policy_fuzzer:policy:16384 csv_fuzzer:csv:4096 jsonl_fuzzer:jsonl:4096 api_fuzzer:api:1024)

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

summary=()
failed=0
for entry in "${targets[@]}"; do
  IFS=: read -r target corpus max_len <<<"$entry"
  work="$build/corpus/$corpus"
  crashes="$build/crashes/$target"
  log="$build/logs/$target.log"
  mkdir -p "$work" "$crashes" "$(dirname "$log")"
  stamp="$build/logs/$target.start"
  touch "$stamp"
  echo "== $target: ${seconds}s, -max_len=$max_len"
  status=0
  # The first corpus directory receives new inputs; the committed seeds are only read.
  "$build/fuzz/$target" "$work" "$root/fuzz/corpus/$corpus" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)"
  found=$(find "$crashes" -type f -newer "$stamp" | wc -l)  # this run's findings only
  if ((status != 0 || found > 0)); then
    failed=1
    summary+=("$(printf '%-14s FAIL  exit %s, %s executions, %s finding(s) in %s (log: %s)' \
      "$target" "$status" "${runs:-?}" "$found" "${crashes#"$root"/}" "${log#"$root"/}")")
    # What went wrong and where the input is.
    grep -E 'Assertion|^==[0-9]+==ERROR|runtime error|^(expr|policy|csv)_fuzzer: |Test unit written' "$log" | head -4 >&2 || true
  else
    summary+=("$(printf '%-14s ok    %s executions, coverage %s, corpus %s files' \
      "$target" "${runs:-?}" "${cov:-?}" "$(find "$work" -type f | wc -l)")")
  fi
done

echo
echo "== fuzzing summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$failed"
