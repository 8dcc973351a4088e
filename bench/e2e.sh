#!/usr/bin/env bash
# End-to-end benchmark of the command line, on a national-size generated data set.
#
#   bench/e2e.sh [DATA_DIR]          (default /tmp/cotation-bench; never inside the repository)
#
# Builds the release binaries (cotation, cahc_baseline) in $BUILD_DIR, generates 2.76 M demands and
# 384 000 allocations into DATA_DIR (kept between runs: regenerated only when missing), then times
# each command RUNS times with /usr/bin/time -v and prints, per command, the best wall time with its
# user and system time, the peak resident memory (the largest over the runs) and the input's size;
# then each target of docs/performance.md, met or not. It also checks that the hand-written
# baseline writes exactly what `cotation score` writes (the score columns on 100 000 demands, then
# the whole files on the large set). Load averages are printed: on a shared machine the wall times
# are only as good as the load allows.
#
# Environment: RUNS (3), DEMANDS (2760000), ALLOCATIONS (384000), SEED (1), BUILD_DIR
# (<repo>/build-bench), JOBS (2, for ninja), SKIP_BUILD (set: do not build), JSONL (set: also score
# the same demands written as JSON Lines, and check the output equals the CSV run's).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${1:-/tmp/cotation-bench}
BUILD=${BUILD_DIR:-$ROOT/build-bench}
RUNS=${RUNS:-3}
DEMANDS=${DEMANDS:-2760000}
ALLOCATIONS=${ALLOCATIONS:-384000}
SEED=${SEED:-1}
JOBS=${JOBS:-2}
AS_OF=2025-06-01

case "$(realpath -m "$DATA")/" in
  "$ROOT"/*) echo "e2e.sh: the data directory must be outside the repository ($DATA)" >&2; exit 2 ;;
esac
[ -x /usr/bin/time ] || { echo "e2e.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }
mkdir -p "$DATA"

if [ -z "${SKIP_BUILD:-}" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$BUILD" -j"$JOBS" cotation_cli cahc_baseline cotation_bench csv_to_jsonl
fi
COTATION=$BUILD/cotation
BASELINE=$BUILD/bench/cahc_baseline

# --- data --------------------------------------------------------------------------------------
gen() {  # gen KIND COUNT FILE
  local stamp="$3.stamp" want="$1 $2 $SEED"
  if [ ! -f "$3" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "generating $2 $1 -> $3"
    "$COTATION" gen "$1" --count "$2" --seed "$SEED" -o "$3"
    echo "$want" >"$stamp"
  fi
}
gen demands "$DEMANDS" "$DATA/demands.csv"
gen allocations "$ALLOCATIONS" "$DATA/allocations.csv"
gen demands 100000 "$DATA/demands-100k.csv"
if [ -n "${JSONL:-}" ]; then  # the same demands as JSON Lines (1.6 GB), made once
  if [ ! -f "$DATA/demands.jsonl" ] || [ "$DATA/demands.jsonl" -ot "$DATA/demands.csv" ]; then
    echo "writing $DATA/demands.jsonl"
    "$BUILD/bench/csv_to_jsonl" "$ROOT/rules/cahc/cahc.yaml" "$DATA/demands.csv" "$DATA/demands.jsonl"
  fi
fi

# --- the baseline agrees with cotation ------------------------------------------------------------
echo "checking the baseline against cotation score on 100 000 demands"
"$COTATION" score "$ROOT/rules/cahc/cahc.yaml" "$DATA/demands-100k.csv" --as-of $AS_OF -o "$DATA/scores-100k.csv" 2>/dev/null
"$BASELINE" "$DATA/demands-100k.csv" --as-of $AS_OF -o "$DATA/baseline-100k.csv" 2>/dev/null
if diff <(cut -d, -f1-3 "$DATA/scores-100k.csv") <(cut -d, -f1-3 "$DATA/baseline-100k.csv") >"$DATA/score-diff-100k.txt"; then
  echo "  id,grid,score columns: identical"
else
  echo "  id,grid,score columns DIFFER: $(grep -c '^<' "$DATA/score-diff-100k.txt") rows (see $DATA/score-diff-100k.txt)"
  exit 1
fi
cmp -s "$DATA/scores-100k.csv" "$DATA/baseline-100k.csv" && echo "  whole files (positions, flags): identical" \
  || echo "  whole files differ outside the score columns (see: diff $DATA/scores-100k.csv $DATA/baseline-100k.csv)"

# --- timing ------------------------------------------------------------------------------------
# time_cmd NAME INPUT CMD...: RUNS runs; keeps the best wall and the largest peak RSS.
declare -A WALL USER SYS RSS INPUT LOAD
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
time_cmd() {
  local name=$1 input=$2
  shift 2
  local best="" rss=0 r
  for ((r = 1; r <= RUNS; r++)); do
    local load_before
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    local t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$DATA/time-$name.txt" "$@" >"$DATA/out-$name.txt" 2>"$DATA/err-$name.txt" || {
      echo "e2e.sh: '$name' failed:" >&2; cat "$DATA/err-$name.txt" >&2; exit 1; }
    local t1=$EPOCHREALTIME
    local wall user sys peak
    # /usr/bin/time prints the wall time in hundredths; the shell's clock gives microseconds.
    wall=$(calc "$t1 - $t0")
    user=$(grep 'User time' "$DATA/time-$name.txt" | awk '{print $NF}')
    sys=$(grep 'System time' "$DATA/time-$name.txt" | awk '{print $NF}')
    peak=$(grep 'Maximum resident' "$DATA/time-$name.txt" | awk '{print $NF}')
    printf '  %-22s run %d: wall %6.2f s  user %6.2f s  sys %5.2f s  peak %7.1f MB  (load %s)\n' \
      "$name" "$r" "$wall" "$user" "$sys" "$(calc "$peak / 1024")" "$load_before"
    (( peak > rss )) && rss=$peak
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall; USER[$name]=$user; SYS[$name]=$sys; LOAD[$name]=$load_before
    fi
  done
  WALL[$name]=$best; RSS[$name]=$rss; INPUT[$name]=$(stat -c %s "$input")
}

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "timing ($RUNS runs each)"
P=$ROOT/rules
time_cmd score "$DATA/demands.csv" "$COTATION" score "$P/cahc/cahc.yaml" "$DATA/demands.csv" --as-of $AS_OF -o "$DATA/scores.csv"
[ -n "${JSONL:-}" ] && time_cmd score_jsonl "$DATA/demands.jsonl" "$COTATION" score "$P/cahc/cahc.yaml" "$DATA/demands.jsonl" --as-of $AS_OF -o "$DATA/scores-jsonl.csv"
time_cmd score_1thread "$DATA/demands.csv" "$COTATION" score "$P/cahc/cahc.yaml" "$DATA/demands.csv" --as-of $AS_OF -o "$DATA/scores-1t.csv" --threads 1
time_cmd baseline_1thread "$DATA/demands.csv" "$BASELINE" "$DATA/demands.csv" --as-of $AS_OF -o "$DATA/baseline.csv" --threads 1
time_cmd baseline_2threads "$DATA/demands.csv" "$BASELINE" "$DATA/demands.csv" --as-of $AS_OF -o "$DATA/baseline-2t.csv" --threads 2
time_cmd audit_national "$DATA/allocations.csv" "$COTATION" audit "$P/national/quotas.yaml" "$DATA/allocations.csv" --year 2024 --format csv -o "$DATA/audit-national.csv"
time_cmd audit_cahc "$DATA/allocations.csv" "$COTATION" audit "$P/cahc/quotas.yaml" "$DATA/allocations.csv" --year 2024 --format csv -o "$DATA/audit-cahc.csv"
time_cmd check_cahc "$P/cahc/cahc.yaml" "$COTATION" check "$P/cahc/cahc.yaml"
time_cmd compare "$DATA/demands.csv" "$COTATION" compare "$P/cahc/cahc.yaml" "$P/cahc/cahc_variant.yaml" "$DATA/demands.csv" --as-of $AS_OF \
  --format csv -o "$DATA/compare.csv"
time_cmd compare_text "$DATA/demands.csv" "$COTATION" compare "$P/cahc/cahc.yaml" "$P/cahc/cahc_variant.yaml" "$DATA/demands.csv" --as-of $AS_OF \
  -o "$DATA/compare.txt"
time_cmd coverage "$DATA/demands.csv" "$COTATION" coverage "$P/cahc/cahc.yaml" "$DATA/demands.csv" --as-of $AS_OF --format csv -o "$DATA/coverage.csv"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "checking the baseline against cotation score on $DEMANDS demands"
same_scores=no
diff -q <(cut -d, -f1-3 "$DATA/scores.csv") <(cut -d, -f1-3 "$DATA/baseline.csv") >/dev/null && same_scores=yes
cmp -s "$DATA/scores.csv" "$DATA/baseline.csv" && whole=identical || whole=different
cmp -s "$DATA/scores.csv" "$DATA/scores-1t.csv" && threads_same=identical || threads_same=different
echo "  id,grid,score columns identical: $same_scores; whole files: $whole; cotation 1 thread vs all: $threads_same"
if [ -n "${JSONL:-}" ]; then
  cmp -s "$DATA/scores.csv" "$DATA/scores-jsonl.csv" && jsonl_same=identical || jsonl_same=different
  echo "  cotation on the JSON Lines file vs the CSV file: $jsonl_same"
fi

# --- the table ---------------------------------------------------------------------------------
mb() { calc "$1 / 1048576"; }
echo
printf '| %-18s | %8s | %8s | %7s | %10s | %10s | %s |\n' command "wall s" "user s" "sys s" "peak MB" "input MB" "load"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' -------------------- ---------- ---------- --------- ------------ ------------ ------
for name in score ${JSONL:+score_jsonl} score_1thread baseline_1thread baseline_2threads audit_national audit_cahc check_cahc compare compare_text coverage; do
  printf '| %-18s | %8.2f | %8.2f | %7.2f | %10.1f | %10.1f | %s |\n' "$name" "${WALL[$name]}" "${USER[$name]}" "${SYS[$name]}" \
    "$(calc "${RSS[$name]} / 1024")" "$(mb "${INPUT[$name]}")" "${LOAD[$name]}"
done

# --- the targets -------------------------------------------------------------------------------
rows_mut=$(awk -F, '$2 == "mutation"' "$DATA/scores.csv" | wc -l)
rows_pri=$(awk -F, '$2 == "primo"' "$DATA/scores.csv" | wc -l)
evals=$(( rows_mut * 17 + rows_pri * 20 ))
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "met" : "NOT met" }'; }
cpu() { calc "${USER[$1]} + ${SYS[$1]}"; }
echo
echo "targets (the best run of each):"
printf '  score %s demands, CSV to CSV, wall <= 3 s:            %6.2f s   %s\n' "$DEMANDS" "${WALL[score]}" "$(verdict "${WALL[score]}" 3)"
printf '  peak memory <= input CSV (%.0f MB):                     %6.0f MB  %s\n' "$(mb "${INPUT[score]}")" \
  "$(calc "${RSS[score]} / 1024")" "$(verdict "$(( RSS[score] * 1024 ))" "${INPUT[score]}")"
# The evaluator's rate: the benchmark of the scorer over rows already read (one worker, 100 000
# rows), 5 repetitions; the verdict on their median.
rates=$("$BUILD/bench/cotation_bench" --benchmark_filter='^eval/cahc_grid_1thread' --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=false 2>/dev/null | grep -v '_mean\|_median\|_stddev\|_cv' |
  grep -o 'criteria/s=[0-9.]*M' | sed 's|criteria/s=||; s|M||' | sort -g)
median=$(echo "$rates" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
printf '  evaluator, criterion evaluations per second per core, >= 50 M: %.1f M median (%s M)  %s\n' \
  "$median" "$(echo $rates | tr ' ' ',')" "$(verdict 50 "$median")"
printf '  (whole command, 1 thread, reading and writing included: %.1f M evaluations per CPU second)\n' \
  "$(calc "$evals / $(cpu score_1thread) / 1000000")"
ratio_cpu=$(calc "$(cpu score_1thread) / $(cpu baseline_1thread)")
ratio_wall=$(calc "${WALL[score]} / ${WALL[baseline_2threads]}")
printf '  within 2x of the baseline, per core (CPU, 1 thread each): %.2fx   %s\n' "$ratio_cpu" "$(verdict "$ratio_cpu" 2)"
printf '  within 2x of the baseline, wall (2 threads each):        %.2fx   %s\n' "$ratio_wall" "$(verdict "$ratio_wall" 2)"
printf '  audit %s allocations, national quotas, wall <= 0.5 s: %6.2f s   %s\n' "$ALLOCATIONS" "${WALL[audit_national]}" "$(verdict "${WALL[audit_national]}" 0.5)"
printf '  audit %s allocations, CAHC quotas, wall <= 0.5 s:     %6.2f s   %s\n' "$ALLOCATIONS" "${WALL[audit_cahc]}" "$(verdict "${WALL[audit_cahc]}" 0.5)"
printf '  cotation check cahc.yaml (process), wall <= 0.02 s:      %6.3f s   %s\n' "${WALL[check_cahc]}" "$(verdict "${WALL[check_cahc]}" 0.02)"
echo "  (load_policy alone, without the process: cotation_bench --benchmark_filter=load/)"
ratio_compare=$(calc "${WALL[compare]} / ${WALL[score]}")
printf '  compare (CSV of every demand) <= 1.6x one score, wall:  %.2fx (%.2f s)   %s\n' "$ratio_compare" "${WALL[compare]}" "$(verdict "$ratio_compare" 1.6)"
printf '  (compare, the summary alone: %.2fx; coverage: %.2fx)\n' "$(calc "${WALL[compare_text]} / ${WALL[score]}")" "$(calc "${WALL[coverage]} / ${WALL[score]}")"
[ "$same_scores" = yes ] || { echo "e2e.sh: the baseline's scores differ from cotation's" >&2; exit 1; }
