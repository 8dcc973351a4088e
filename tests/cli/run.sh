#!/usr/bin/env bash
# Command-line tests: bad input files get a clear message and lose no row
# (rows read = scored + unscored + rejected), exit statuses are those of the contract.
# usage: run.sh COTATION_BINARY
set -uo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect NAME STATUS PATTERN... -- COMMAND...: runs COMMAND, checks its exit status and that its
# stdout+stderr match every (extended) regular expression.
expect() {
  local name=$1 status=$2
  shift 2
  local patterns=()
  while [[ $1 != -- ]]; do patterns+=("$1"); shift; done
  shift
  local out
  out=$("$@" 2>&1)
  local actual=$?
  local ok=1
  [[ $actual == "$status" ]] || { ok=0; echo "FAIL $name: exit $actual, expected $status"; }
  for p in "${patterns[@]}"; do
    grep -Eq -- "$p" <<<"$out" || { ok=0; echo "FAIL $name: output lacks /$p/"; }
  done
  if ((ok)); then passed=$((passed + 1)); else failed=$((failed + 1)); echo "$out" | head -20 | sed 's/^/    /'; fi
}

# rows read = scored + unscored + rejected, read off the summary line.
balanced='rows read: ([0-9]+), scored: ([0-9]+), unscored: ([0-9]+), rejected: ([0-9]+)'
check_balance() {
  local name=$1 file=$2
  shift 2
  local out
  out=$("$bin" score "$data/policy.yaml" "$file" --as-of 2025-06-01 "$@" 2>&1 >/dev/null)
  if [[ $out =~ $balanced ]] && ((BASH_REMATCH[1] == BASH_REMATCH[2] + BASH_REMATCH[3] + BASH_REMATCH[4])); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: rows do not balance: $out"
  fi
}

score() { "$bin" score "$data/policy.yaml" "$@" --as-of 2025-06-01; }

expect good 0 '^A,primo,27,1,2,50,scored,pauvre$' '^C,,,,,,unscored:no_grid,pauvre$' 'rows read: 3, scored: 2, unscored: 1, rejected: 0' \
  "policy: Politique d'essai \(version t1\)" -- score "$data/good.csv"
expect explain_columns 0 '^id,grid,score,rank,group_size,percentile,status,flags,c.r.grand,c.r.motif,c.r.anciennete$' '^A,primo,27,1,2,50,scored,pauvre,10,5,12$' \
  -- score "$data/good.csv" --explain
expect jsonl 0 '^\{"id":"A","grid":"primo","score":27,"rank":1,"group_size":2,"percentile":50,"status":"scored","flags":\["pauvre"\]\}$' \
  -- score "$data/good.csv" --format jsonl
expect semicolon_bom_decimal_comma 0 '^A,primo,27,1,1,100,scored,pauvre$' '^"B;x",,,,,,unscored:no_grid,$' -- score "$data/semicolon.csv" --decimal-comma
expect empty_file 2 'empty file: no header row' -- score "$data/empty.csv"
expect header_only 0 'rows read: 0, scored: 0, unscored: 0, rejected: 0' -- score "$data/header_only.csv"
expect missing_column 2 'missing column for declared field: income' -- score "$data/missing_column.csv"
expect wrong_types 0 '5 row\(s\) rejected; first at line 2, field filed_on: not a date' 'rows read: 6, scored: 1, unscored: 0, rejected: 5' \
  -- score "$data/wrong_types.csv" --rejects "$work/rejects.csv"
expect rejects_file 0 '^line,field,value,reason$' '^3,size,2.5,not a whole number$' '^6,typ,T9,"' -- cat "$work/rejects.csv"
expect strict 1 'rejected' -- score "$data/wrong_types.csv" --strict
expect truncated_last_line 0 'rows read: 2, scored: 1, unscored: 0, rejected: 1' 'line 3: expected 7 cells, found 6' -- score "$data/truncated.csv"
expect unterminated_quote 0 'unterminated quoted cell' 'rows read: 2, scored: 1, unscored: 0, rejected: 1' -- score "$data/unterminated.csv"
expect mixed_delimiters 0 'rows read: 3, scored: 1, unscored: 0, rejected: 2' -- score "$data/mixed.csv"
expect extra_column 0 'warning: ignored columns not declared in the policy: extra' -- score "$data/extra_column.csv"
expect jsonl_input 0 'rows read: 4, scored: 1, unscored: 1, rejected: 2' -- score "$data/demands.jsonl"
python3 - "$work/long.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,filed_on,size,income,hlm,typ,motifs\n")
    f.write("A,2024-06-01,4,900,false,T1," + "|".join(["05"] * 300000) + "\n")
    f.write("B,2024-06-01,1,900,false,T1,01\n")
PY
expect very_long_line 0 'rows read: 2, scored: 2, unscored: 0, rejected: 0' -- score "$work/long.csv"
for f in good semicolon header_only wrong_types truncated unterminated mixed extra_column; do
  extra=()
  [[ $f == semicolon ]] && extra=(--decimal-comma)
  check_balance "balance $f" "$data/$f.csv" "${extra[@]}"
done
check_balance "balance jsonl" "$data/demands.jsonl"
check_balance "balance long line" "$work/long.csv"

expect no_as_of 2 'as-of DATE is required' -- "$bin" score "$data/policy.yaml" "$data/good.csv"
expect bad_as_of 2 "'2025-02-30' is not a date" -- "$bin" score "$data/policy.yaml" "$data/good.csv" --as-of 2025-02-30
expect unknown_option 2 'unknown option --exlpain; did you mean --explain\?' -- score "$data/good.csv" --exlpain
expect unknown_command 2 "unknown command 'scroe'" -- "$bin" scroe
expect missing_file 2 'cannot open' -- score "$work/nope.csv"
expect missing_policy 2 'cannot read file' -- "$bin" check "$work/nope.yaml"
expect check_ok 0 'policy.yaml: ok' -- "$bin" check "$data/policy.yaml"
expect explain 0 'Grille : primo' 'Positionnement : rang 1 sur 2 demandes \(typ = T1\), percentile 50' 'Indicateurs :' \
  -- "$bin" explain "$data/policy.yaml" "$data/good.csv" --id A --as-of 2025-06-01
expect explain_unknown_id 1 "no demand with id 'Z'" -- "$bin" explain "$data/policy.yaml" "$data/good.csv" --id Z --as-of 2025-06-01

# The audit of a CSV file (fast path) and of a JSON Lines file (rows): the same counts; a row
# without its period date is rejected and listed, never dropped.
root=$(cd "$here/../.." && pwd)
python3 - "$root/examples/data/allocations.csv" "$work/alloc.csv" "$work/alloc.jsonl" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
rows[3]["lease_signed_on"] = ""
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
numbers = {"monthly_income", "persons_14_plus", "children_under_14"}
with open(sys.argv[3], "w") as f:
    for r in rows:
        out = {}
        for k, v in r.items():
            if v == "":
                continue
            if v in ("true", "false"):
                out[k] = v == "true"
            elif k in numbers:
                out[k] = float(v)
            else:
                out[k] = v
        f.write(json.dumps(out) + "\n")
PY
audit_policy=$root/rules/national/quotas.yaml
expect audit_csv_period_reject 0 'rows read: 120, in period: 119, outside period: 0, rejected: 1 \(1 without period, 0 unreadable\)' \
  'first at line 5' -- "$bin" audit "$audit_policy" "$work/alloc.csv" --year 2024 --format csv -o "$work/audit_csv.csv" --rejects "$work/audit_rejects.csv"
expect audit_rejects_file 0 '^5,lease_signed_on,,the period field is empty$' -- cat "$work/audit_rejects.csv"
expect audit_jsonl_same_counts 0 'rows read: 120, in period: 119, outside period: 0, rejected: 1' \
  -- "$bin" audit "$audit_policy" "$work/alloc.jsonl" --year 2024 --format csv -o "$work/audit_jsonl.csv"
expect audit_paths_agree 0 '' -- cmp "$work/audit_csv.csv" "$work/audit_jsonl.csv"
expect audit_strict 1 'stopping on rejected rows' -- "$bin" audit "$audit_policy" "$work/alloc.csv" --year 2024 --strict -o /dev/null

# --version prints the CMake project's VERSION, the one place it is written.
cmake_version=$(sed -nE 's/^project\(cotation VERSION ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p' "$root/CMakeLists.txt")
expect version 0 "^cotation ${cmake_version//./\\.} \\(policy format 1\\)\$" -- "$bin" --version
[[ -n $cmake_version ]] || { failed=$((failed + 1)); echo "FAIL version: no VERSION found in CMakeLists.txt"; }

echo "$passed passed, $failed failed"
((failed == 0))
