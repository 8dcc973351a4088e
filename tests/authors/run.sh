#!/usr/bin/env bash
# The authors' tools on the command line (policy format, sections 10.1-10.3):
#   - `compare` and `coverage` on the fixtures of data/ write exactly the files of expected/ in each
#     format (--update rewrites them, to be read before committing); the same bytes with 1, 2 or 3 threads;
#   - compare_check.py, an independent computation of `compare` from `cotation score`, agrees with
#     it on the fixtures, on the CAHC grid against its bundled variant, with and without --set; and
#     it is shown to fail on a wrong figure;
#   - --set on score, explain, rank, audit, compare, coverage: the value typed by the parameter,
#     every usage mistake exit 2 in the one style, a dated parameter replaced, CANDIDATE's only;
#   - compare's own usage and file errors; `test --coverage`.
# usage: run.sh [--update] COTATION
set -uo pipefail
update=0
if [[ ${1:-} == --update ]]; then update=1; shift; fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$here/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

base=$data/base.yaml
candidate=$data/candidate.yaml
demands=$data/demands.csv
as_of=(--as-of 2025-06-01)

# golden NAME -- COMMAND...: COMMAND's stdout must be expected/NAME (exit status 0).
golden() {
  local name=$1
  shift 2
  if ! (cd "$here" && "$@") >"$work/$name" 2>"$work/$name.err"; then
    fail "$name: exit status $? ($(head -3 "$work/$name.err"))"
    return
  fi
  if ((update)); then cp "$work/$name" "$here/expected/$name"; fi
  if cmp -s "$work/$name" "$here/expected/$name"; then pass; else
    fail "$name differs from expected/$name"
    diff -u "$here/expected/$name" "$work/$name" | head -20
  fi
}
for format in text csv json html; do
  golden "compare.$format" -- "$bin" compare data/base.yaml data/candidate.yaml data/demands.csv "${as_of[@]}" --format "$format"
done
golden "compare-set.text" -- "$bin" compare data/base.yaml data/candidate.yaml data/demands.csv "${as_of[@]}" --set pts_grand=20 \
  --set 'plafond_mois=12'
for format in text csv json; do
  golden "coverage.$format" -- "$bin" coverage data/base.yaml data/demands.csv "${as_of[@]}" --format "$format"
done

# The same bytes whatever the threads.
for threads in 1 2 3; do
  for format in text csv json html; do
    "$bin" compare "$base" "$candidate" "$demands" "${as_of[@]}" --format "$format" --threads "$threads" -o "$work/t$threads.$format" 2>/dev/null
  done
  "$bin" coverage "$base" "$demands" "${as_of[@]}" --format csv --threads "$threads" -o "$work/t$threads.coverage" 2>/dev/null
done
for file in text csv json html coverage; do
  if cmp -s "$work/t1.$file" "$work/t2.$file" && cmp -s "$work/t1.$file" "$work/t3.$file"; then pass; else fail "$file differs across --threads 1, 2, 3"; fi
done

# The same demands as JSON Lines (typed values, lists as arrays): the same comparison, the same rows rejected.
python3 - "$demands" "$work/demands.jsonl" <<'PY'
import csv, json, sys
types = {"size": int, "income": float, "extra": float, "hlm": "bool", "motifs": "list"}
with open(sys.argv[2], "w") as out:
    for row in csv.DictReader(open(sys.argv[1], newline="")):
        obj = {}
        for key, text in row.items():
            kind = types.get(key, str)
            if text == "" or key == "note":
                continue
            obj[key] = text == "true" if kind == "bool" else text.split("|") if kind == "list" else kind(text)
        out.write(json.dumps(obj) + "\n")
PY
"$bin" compare "$base" "$candidate" "$work/demands.jsonl" "${as_of[@]}" --format csv -o "$work/jsonl.csv" --rejects "$work/jsonl.rejects" 2>/dev/null
"$bin" compare "$base" "$candidate" "$demands" "${as_of[@]}" --format csv -o "$work/csv.csv" --rejects "$work/csv.rejects" 2>/dev/null
# (a JSON Lines file has no header line: its rows are one line higher)
if cmp -s "$work/jsonl.csv" "$work/csv.csv" && [[ $(cut -d, -f2 "$work/jsonl.rejects") == $(cut -d, -f2 "$work/csv.rejects") ]]; then pass; else
  fail "compare of the JSON Lines demands differs from the CSV's"
fi

# compare_check.py: compare agrees with score (CSV and JSON, figure by figure).
check_compare() {
  local name=$1 b=$2 c=$3 d=$4
  shift 4
  local sets=()
  for s in "$@"; do sets+=(--set "$s"); done
  "$bin" compare "$b" "$c" "$d" "${as_of[@]}" "${sets[@]}" --format csv -o "$work/$name.csv" 2>/dev/null &&
    "$bin" compare "$b" "$c" "$d" "${as_of[@]}" "${sets[@]}" --format json -o "$work/$name.json" 2>/dev/null ||
    { fail "$name: compare failed"; return; }
  if python3 "$here/compare_check.py" "$bin" "$b" "$c" "$d" 2025-06-01 "$work/$name.csv" "$work/$name.json" "$@" >"$work/$name.check"; then pass; else
    fail "$name: compare_check.py: $(head -5 "$work/$name.check")"
  fi
}
check_compare fixtures "$base" "$candidate" "$demands"
check_compare fixtures_set "$base" "$candidate" "$demands" pts_grand=20 plafond_mois=12
check_compare cahc_variant "$root/rules/cahc/cahc.yaml" "$root/rules/cahc/cahc_variant.yaml" "$root/examples/data/demands.csv"
"$bin" gen demands --count 4000 --seed 13 -o "$work/gen.csv" 2>/dev/null
check_compare cahc_variant_gen "$root/rules/cahc/cahc.yaml" "$root/rules/cahc/cahc_variant.yaml" "$work/gen.csv" pts_dalo=80
check_compare cahc_itself "$root/rules/cahc/cahc.yaml" "$root/rules/cahc/cahc.yaml" "$work/gen.csv" 'communes_cahc=[]'
# ... and the checker fails on a wrong figure: a rank change, a count, a mean.
wrong() {
  local name=$1 csv=$2 json=$3
  if python3 "$here/compare_check.py" "$bin" "$base" "$candidate" "$demands" 2025-06-01 "$csv" "$json" >"$work/wrong.out"; then
    fail "compare_check.py passed a wrong $name"
  else pass; fi
}
sed '0,/,3$/s//,4/' "$work/fixtures.csv" >"$work/wrong.csv"
cmp -s "$work/wrong.csv" "$work/fixtures.csv" && fail "the wrong CSV is not wrong"
wrong "rank change" "$work/wrong.csv" "$work/fixtures.json"
sed 's/"moved_up": \([0-9]*\)/"moved_up": 1\1/' "$work/fixtures.json" >"$work/wrong.json"
wrong "count" "$work/fixtures.csv" "$work/wrong.json"
sed '0,/"mean_rank_change": \([0-9-]*\)\.\([0-9]\)/s//"mean_rank_change": \1.\29/' "$work/fixtures.json" >"$work/wrong_mean.json"
cmp -s "$work/wrong_mean.json" "$work/fixtures.json" && fail "the wrong mean is not wrong"
wrong "mean" "$work/fixtures.csv" "$work/wrong_mean.json"

# expect NAME STATUS STDERR -- COMMAND...: exit status STATUS and stderr exactly STDERR ('' for anything).
expect() {
  local name=$1 status=$2 stderr=$3
  shift 4
  "$@" >"$work/out" 2>"$work/err"
  local actual=$?
  local problems=
  ((actual == status)) || problems+=" exit $actual, expected $status;"
  [[ -z $stderr || $(<"$work/err") == "$stderr" ]] || problems+=" stderr is: $(<"$work/err")"
  if [[ -z $problems ]]; then pass; else fail "$name:$problems"; fi
}
# usage NAME COMMAND MESSAGE -- ARGS...: a usage mistake of `cotation COMMAND`: exit 2, MESSAGE.
usage() {
  local name=$1 command=$2 message=$3
  shift 4
  expect "$name" 2 "cotation $command: $message"$'\n'"(see cotation $command --help)" -- "$bin" "$command" "$@"
}

# --set on each command that takes it: an unknown name (with the closest), a wrong type.
cahc=$root/rules/cahc/cahc.yaml
example=$root/examples/data/demands.csv
unknown="--set pts_dallo=80: 'pts_dallo' is not a parameter of the policy; did you mean 'pts_dalo'?"
wrong_type="--set pts_dalo=beaucoup: parameter 'pts_dalo' is int; 'beaucoup' is not a number"
declare -A lines=(
  [score]="$cahc $example ${as_of[*]}"
  [explain]="$cahc $example --id 062111900011 ${as_of[*]}"
  [rank]="$root/rules/cahc/matching.yaml $example --offer $root/examples/data/offers/henin-beaumont-t3-plus.yaml ${as_of[*]}"
  [coverage]="$cahc $example ${as_of[*]}"
  [compare]="$cahc $cahc $example ${as_of[*]}"
)
for command in score explain rank coverage compare; do
  # shellcheck disable=SC2086
  usage "--set unknown ($command)" "$command" "$unknown" -- ${lines[$command]} --set pts_dallo=80
  # shellcheck disable=SC2086
  usage "--set wrong type ($command)" "$command" "$wrong_type" -- ${lines[$command]} --set pts_dalo=beaucoup
  # shellcheck disable=SC2086
  expect "--set accepted ($command)" 0 '' -- "$bin" "$command" ${lines[$command]} --set pts_dalo=80 -o "$work/ok"
done
quotas=$root/rules/cahc/quotas.yaml
usage "--set unknown (audit)" audit "--set q1_treshold=8000: 'q1_treshold' is not a parameter of the policy; did you mean 'q1_threshold'?" \
  -- "$quotas" "$root/examples/data/allocations.csv" --year 2024 --set q1_treshold=8000
expect "--set accepted (audit)" 0 '' -- "$bin" audit "$quotas" "$root/examples/data/allocations.csv" --year 2024 --set q1_threshold=99999 -o "$work/audit.txt"
"$bin" audit "$quotas" "$root/examples/data/allocations.csv" --year 2024 -o "$work/audit0.txt" 2>/dev/null
cmp -s "$work/audit.txt" "$work/audit0.txt" && fail "audit --set q1_threshold=99999 changed nothing" || pass
# Every form of mistake, on one command.
usage "--set without =" score "--set pts_dalo: 'pts_dalo' is not NAME=VALUE (a parameter's name, \`=\`, its value)" -- $cahc $example "${as_of[@]}" --set pts_dalo
usage "--set without a value" score "--set pts_dalo=: parameter 'pts_dalo' is int; no value given" -- $cahc $example "${as_of[@]}" --set pts_dalo=
usage "--set a decimal for an int" score "--set pts_dalo=80.5: parameter 'pts_dalo' is int; '80.5' is not a whole number" -- $cahc $example "${as_of[@]}" --set pts_dalo=80.5
usage "--set a number for a list" score "--set communes_cahc=62427: parameter 'communes_cahc' is list<string>; '62427' is not a list (write [a, b], or [] for none)" \
  -- $cahc $example "${as_of[@]}" --set communes_cahc=62427
usage "--set a list for a number" score "--set taux_effort_seuil=[0.3]: parameter 'taux_effort_seuil' is number; expected a single value" \
  -- $cahc $example "${as_of[@]}" --set 'taux_effort_seuil=[0.3]'
usage "--set not YAML" score "--set pts_dalo={: parameter 'pts_dalo' is int; '{' is not a YAML value" -- $cahc $example "${as_of[@]}" --set 'pts_dalo={'
usage "--set the first mistake" score "--set pts_dallo=1: 'pts_dallo' is not a parameter of the policy; did you mean 'pts_dalo'?" \
  -- $cahc $example "${as_of[@]}" --set pts_dalo=80 --set pts_dallo=1 --set zzz=2
usage "--set needs a value" score "--set needs a value (NAME=VALUE)" -- $cahc $example "${as_of[@]}" --set
# The last of a name wins; a number, a list and a table change the scores; the value printed by compare.
"$bin" score "$cahc" "$example" "${as_of[@]}" -o "$work/s0.csv" 2>/dev/null
"$bin" score "$cahc" "$example" "${as_of[@]}" --set pts_dalo=500 --set pts_dalo=50 -o "$work/s1.csv" 2>/dev/null
if cmp -s "$work/s0.csv" "$work/s1.csv"; then pass; else fail "--set pts_dalo=500 --set pts_dalo=50 is not pts_dalo=50 (the last wins)"; fi
"$bin" score "$cahc" "$example" "${as_of[@]}" --set pts_dalo=500 -o "$work/s2.csv" 2>/dev/null
if ! cmp -s "$work/s0.csv" "$work/s2.csv" && grep -q ',5[0-9][0-9],' "$work/s2.csv"; then pass; else fail "--set pts_dalo=500 changed nothing"; fi
"$bin" score "$cahc" "$example" "${as_of[@]}" --set 'communes_cahc=[]' -o "$work/s3.csv" 2>/dev/null
if ! cmp -s "$work/s0.csv" "$work/s3.csv"; then pass; else fail "--set communes_cahc=[] changed nothing"; fi
# A dated parameter: none in force before its first date, unless --set gives it.
expect "dated parameter without --set" 1 '' -- "$bin" score "$base" "$demands" --as-of 2023-06-01 -o "$work/ok"
grep -q "parameter 'plafond_mois' has no value in force on 2023-06-01" "$work/err" || fail "dated parameter: $(<"$work/err")"
expect "dated parameter with --set" 0 '' -- "$bin" score "$base" "$demands" --as-of 2023-06-01 --set plafond_mois=24 -o "$work/ok"
expect "dated parameter with --set (coverage)" 0 '' -- "$bin" coverage "$base" "$demands" --as-of 2023-06-01 --set plafond_mois=24 -o "$work/ok"
# compare: --set is CANDIDATE's: BASE's parameter plafond_mois still has no value then.
expect "compare --set is CANDIDATE's" 1 "cotation: compare: BASE: parameter 'plafond_mois' has no value in force on 2023-06-01 (its first value starts 2024-01-01)" \
  -- "$bin" compare "$base" "$candidate" "$demands" --as-of 2023-06-01 --set plafond_mois=24
usage "compare --set names CANDIDATE's parameters" compare "--set pts_motif=3: 'pts_motif' is not a parameter of the policy" \
  -- "$base" "$candidate" "$demands" "${as_of[@]}" --set pts_motif=3
expect "compare --set of CANDIDATE's own parameter" 0 '' -- "$bin" compare "$base" "$candidate" "$demands" "${as_of[@]}" --set pts_extra=7 -o "$work/ok"
# A grid compared with a variant of itself: only --set makes the difference (not pts_dalo: DALO
# demands come first by ranking.order whatever their points).
"$bin" compare "$cahc" "$cahc" "$example" "${as_of[@]}" --format json -o "$work/self.json" 2>/dev/null
"$bin" compare "$cahc" "$cahc" "$example" "${as_of[@]}" --format json -o "$work/self80.json" --set pts_handicap=80 2>/dev/null
self=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print(a["unchanged"]==a["demands"], b["moved_up"]>0, [f["mean_rank_change"]>0 for f in b["by_flag"] if f["flag"]=="public_prioritaire"])' "$work/self.json" "$work/self80.json")
[[ $self == "True True [True]" ]] && pass || fail "compare g g: $self"

# compare's own mistakes.
printf 'cotation: 1\nrecords:\n  demand:\n    key: id\n    fields: {id: string, size: number}\n' >"$work/other_type.yaml"
usage "compare: a field of two types" compare "field 'size' is int in BASE and number in CANDIDATE" -- "$base" "$work/other_type.yaml" "$demands" "${as_of[@]}"
printf 'cotation: 1\nrecords:\n  demand:\n    key: typ\n    fields: {id: string, typ: "enum[T1, T2, T3]"}\n' >"$work/other_key.yaml"
usage "compare: different keys" compare "the policies identify demands by different fields: 'id' (BASE) and 'typ' (CANDIDATE)" -- "$base" "$work/other_key.yaml" "$demands" "${as_of[@]}"
usage "compare: a missing argument" compare "expected BASE CANDIDATE DEMANDS" -- "$base" "$candidate" "${as_of[@]}"
usage "compare: a bad format" compare "--format: 'pdf' is not text, csv, json or html" -- "$base" "$candidate" "$demands" "${as_of[@]}" --format pdf
usage "coverage: a bad format" coverage "--format: 'html' is not text, csv or json" -- "$base" "$demands" "${as_of[@]}" --format html
expect "compare: no such file" 2 '' -- "$bin" compare "$base" "$candidate" "$work/none.csv" "${as_of[@]}"
expect "compare: a missing policy" 2 '' -- "$bin" compare "$base" "$work/missing.yaml" "$demands" "${as_of[@]}"
printf 'cotation: 1\nrecords:\n  demand:\n    key: id\n    fields: {id: string, size: nombre}\n' >"$work/broken.yaml"
expect "compare: a policy with errors" 1 '' -- "$bin" compare "$base" "$work/broken.yaml" "$demands" "${as_of[@]}"
printf 'id,filed_on,size,income,hlm,typ,commune,motifs\n' >"$work/no_extra.csv"
expect "compare: a field of CANDIDATE missing from the file" 2 "cotation: $work/no_extra.csv: missing column for declared field: extra" \
  -- "$bin" compare "$base" "$candidate" "$work/no_extra.csv" "${as_of[@]}"
printf 'id,filed_on,size,income,hlm,typ,commune,motifs,extra\n' >"$work/header_only.csv"
expect "compare: an empty file" 0 '' -- "$bin" compare "$base" "$candidate" "$work/header_only.csv" "${as_of[@]}" --format json -o "$work/empty.json"
grep -q '"demands": 0,' "$work/empty.json" && grep -q '"largest_moves": \[\]' "$work/empty.json" && pass || fail "compare of an empty file: $(cat "$work/empty.json")"
expect "compare --strict" 1 '' -- "$bin" compare "$base" "$candidate" "$demands" "${as_of[@]}" --strict -o "$work/ok"
expect "compare --rejects" 0 '' -- "$bin" compare "$base" "$candidate" "$demands" "${as_of[@]}" --rejects "$work/rejects.csv" -o "$work/ok"
[[ $(cut -d, -f1,2 "$work/rejects.csv" | paste -sd' ') == "line,field 32,extra 33,motifs" ]] && pass || fail "compare --rejects: $(cat "$work/rejects.csv")"
grep -q '^rows read: 60, rejected: 2, both scored: 31, only base: 3, only candidate: 9, scored by neither: 15$' "$work/err" && pass ||
  fail "compare's counts on stderr: $(<"$work/err")"

# test --coverage: after `N passed, N failed`, the criteria no case saw applied; the exit status unchanged.
mkdir -p "$work/tests"
cp "$base" "$work/tests/policy.yaml"
cat >"$work/tests/a.yaml" <<'YAML'
policy: policy.yaml
as_of: 2025-06-01
cases:
  - name: "primo, motif 05"
    demand: {id: A, filed_on: 2025-01-01, size: 1, income: 2000, hlm: false, typ: T1, commune: A, motifs: ["05"]}
    expect: {grid: primo, criteria: {situation.motif: 5}}
YAML
cat >"$work/tests/b.yaml" <<'YAML'
policy: ./policy.yaml
as_of: 2025-06-01
cases:
  - name: "mutation, large household"
    demand: {id: B, filed_on: 2025-01-01, size: 4, income: 2000, hlm: true, typ: T1, commune: A}
    expect: {grid: mutation, score: 15}
YAML
expect "test --coverage" 0 '' -- "$bin" test "$work/tests/a.yaml" "$work/tests/b.yaml" --coverage
expected_lines="2 passed, 0 failed
not covered: primo/situation/grand
not covered: primo/situation/revenu"
[[ $(sed -n '/passed, /,$p' "$work/out") == "$expected_lines" ]] && pass || fail "test --coverage printed: $(cat "$work/out")"
sed -i 's/score: 15/score: 16/' "$work/tests/b.yaml"
expect "test --coverage, a case failing" 1 '' -- "$bin" test "$work/tests/a.yaml" "$work/tests/b.yaml" --coverage
[[ $(grep -c '^not covered: ' "$work/out") == 2 && $(grep -A9 'passed, ' "$work/out" | head -1) == "1 passed, 1 failed" ]] && pass ||
  fail "test --coverage with a failing case: $(cat "$work/out")"
expect "test without --coverage" 1 '' -- "$bin" test "$work/tests/a.yaml" "$work/tests/b.yaml"
grep -q '^not covered' "$work/out" && fail "test without --coverage lists uncovered criteria" || pass

echo "$passed passed, $failed failed"
((failed == 0))
