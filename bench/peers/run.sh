#!/usr/bin/env bash
# Peer comparison (not run by CI): `cotation score` with the CAHC grid against the same grid as one
# DuckDB SQL query (duckdb_cahc.mjs, package @duckdb/node-api from the npm registry), on the same
# demands CSV, timed alternately in the same run.
#
#   bench/peers/run.sh [DATA_DIR]     (default /tmp/cotation-bench; demands.csv is generated there
#                                      by `cotation gen` when missing, as bench/e2e.sh does)
#
# Prints, for each tool, the best wall time over RUNS runs (process wall time, from the shell; for
# DuckDB also the query's own time, without starting node and DuckDB), peak memory, and the ratios;
# then checks that DuckDB's scores equal cotation's on every row. Both use every core.
# The DuckDB query writes id,score; with POSITIONING=1 it also computes what `cotation score`
# writes besides (rank, group size, percentile, flags) and the check compares those too.
#
# Environment: RUNS (3), DEMANDS (2760000), SEED (1), BUILD_DIR (<repo>/build-bench), POSITIONING.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${1:-/tmp/cotation-bench}
BUILD=${BUILD_DIR:-$ROOT/build-bench}
RUNS=${RUNS:-3}
DEMANDS=${DEMANDS:-2760000}
SEED=${SEED:-1}
AS_OF=2025-06-01
COTATION=$BUILD/cotation
POS=()
[ -n "${POSITIONING:-}" ] && POS=(--positioning)

[ -x "$COTATION" ] || { echo "run.sh: build cotation first ($COTATION): see bench/e2e.sh" >&2; exit 2; }
[ -d "$HERE/node_modules/@duckdb/node-api" ] || (cd "$HERE" && npm install --no-audit --no-fund)
mkdir -p "$DATA"
CSV=$DATA/demands.csv
if [ ! -f "$CSV" ] || [ "$(cat "$CSV.stamp" 2>/dev/null)" != "demands $DEMANDS $SEED" ]; then
  "$COTATION" gen demands --count "$DEMANDS" --seed "$SEED" -o "$CSV"
  echo "demands $DEMANDS $SEED" >"$CSV.stamp"
fi

calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
peak_mb() { calc "$(grep 'Maximum resident' "$1" | awk '{print $NF}') / 1024"; }
cpu_s() { calc "$(grep 'User time' "$1" | awk '{print $NF}') + $(grep 'System time' "$1" | awk '{print $NF}')"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); input $(calc "$(stat -c %s "$CSV") / 1048576") MB, $(($(wc -l <"$CSV") - 1)) rows"
echo "node $(node --version), @duckdb/node-api $(node -p "require('$HERE/node_modules/@duckdb/node-api/package.json').version")"
best_c="" best_d="" best_q="" best_cc="" best_dc=""
for ((r = 1; r <= RUNS; r++)); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$DATA/peer-time-cotation.txt" \
    "$COTATION" score "$ROOT/rules/cahc/cahc.yaml" "$CSV" --as-of $AS_OF -o "$DATA/peer-cotation.csv" 2>/dev/null
  t1=$EPOCHREALTIME
  c=$(calc "$t1 - $t0")
  t0=$EPOCHREALTIME
  q=$(/usr/bin/time -v -o "$DATA/peer-time-duckdb.txt" \
    node "$HERE/duckdb_cahc.mjs" "$CSV" "$DATA/peer-duckdb.csv" --as-of $AS_OF "${POS[@]}" | sed -n 's/^duckdb_seconds=//p')
  t1=$EPOCHREALTIME
  d=$(calc "$t1 - $t0")
  cc=$(cpu_s "$DATA/peer-time-cotation.txt")
  dc=$(cpu_s "$DATA/peer-time-duckdb.txt")
  printf 'run %d (load %s): cotation %.2f s wall, %.2f s CPU (peak %.0f MB) | duckdb %.2f s wall, query %.2f s, %.2f s CPU (peak %.0f MB)\n' \
    "$r" "$load" "$c" "$cc" "$(peak_mb "$DATA/peer-time-cotation.txt")" "$d" "$q" "$dc" "$(peak_mb "$DATA/peer-time-duckdb.txt")"
  best_c=$(min "$c" "$best_c"); best_d=$(min "$d" "$best_d"); best_q=$(min "$q" "$best_q")
  best_cc=$(min "$cc" "$best_cc"); best_dc=$(min "$dc" "$best_dc")
done
echo
printf 'best of %d: cotation score %.2f s; duckdb %.2f s (process), %.2f s (query alone)\n' "$RUNS" "$best_c" "$best_d" "$best_q"
printf 'best CPU time (user + system): cotation %.2f s; duckdb %.2f s (node included)\n' "$best_cc" "$best_dc"
printf 'ratio duckdb / cotation: %.2f (process wall), %.2f (query alone / cotation wall), %.2f (CPU time)\n' \
  "$(calc "$best_d / $best_c")" "$(calc "$best_q / $best_c")" "$(calc "$best_dc / $best_cc")"
node "$HERE/duckdb_cahc.mjs" --check "$DATA/peer-duckdb.csv" "$DATA/peer-cotation.csv" "${POS[@]}"
