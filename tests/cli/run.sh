#!/usr/bin/env bash
# Command-line tests: bad input files get a clear message and lose no row
# (rows read = scored + unscored + rejected), exit statuses are those of the contract.
# usage: run.sh COTATION_BINARY
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
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
expect unknown_option 2 'cotation score: unknown option --exlpain; did you mean --explain\?' '^\(see cotation score --help\)$' -- score "$data/good.csv" --exlpain
expect unknown_command 2 "unknown command 'scroe'" -- "$bin" scroe
expect missing_file 2 'cannot open' -- score "$work/nope.csv"
expect missing_policy 2 'cannot read file' -- "$bin" check "$work/nope.yaml"
expect check_ok 0 'policy.yaml: ok' -- "$bin" check "$data/policy.yaml"
expect explain 0 'Grille : primo' 'Positionnement : rang 1 sur 2 demandes du même groupe \(typ : T1\), percentile 50' 'Scores des 2 demandes du groupe : 1er quartile' 'il ne décide pas seul' 'Indicateurs :' \
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

# lint and publish: exit statuses, formats, the statement of the published grid.
cat >"$work/lint_bad.yaml" <<'YAML'
cotation: 1
records:
  demand:
    key: id
    fields: { id: string, dalo: {type: bool, dalo: true}, nationality: {type: "enum[FR, UE]", protected: true} }
grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - { id: a, when: 'nationality == "FR"', points: 1 }
YAML
expect lint_error 1 "error\[L0102\]: criterion 'r.a' of grid 'g' reads 'nationality'" 'error\[L0101\]: grid .g.: a demand that is not DALO can reach 1 point, a DALO demand may have only 0' '2 errors, 14 warnings' -- "$bin" lint "$work/lint_bad.yaml"
expect lint_json 1 '"code": "L0102"' '"severity": "error"' -- "$bin" lint --format json "$work/lint_bad.yaml"
expect lint_missing 2 'cannot read file' -- "$bin" lint "$work/nope.yaml"
expect lint_bad_date 2 "'2025-13-01' is not a date" -- "$bin" lint "$data/policy.yaml" --as-of 2025-13-01
expect publish_md 0 '^# Politique d' '^> \*\*La cotation est une aide à la décision : la commission d.attribution décide\.\*\*$' '^## Positionnement de la demande$' \
  -- "$bin" publish "$data/policy.yaml" --as-of 2025-06-01 --format md
expect publish_html 0 '^<html lang="fr">$' 'La cotation est une aide à la décision : la commission d.attribution décide\.' '@page \{ size: A4' \
  -- "$bin" publish "$data/policy.yaml" --as-of 2025-06-01
expect publish_no_value 1 "cotation publish: parameter 'q1_threshold' has no value in force on 2020-01-01" \
  -- "$bin" publish "$root/rules/cahc/cahc.yaml" --as-of 2020-01-01
# --- The command line itself: help, usage mistakes, completion, version ---------------------
commands=(check lint publish score explain test audit rank gen compare coverage schema lsp completion)

# streams COMMAND...: runs COMMAND; $status, $out and $err are its exit status, stdout and stderr.
streams() {
  out=$("$@" 2>"$work/stderr")
  status=$?
  err=$(<"$work/stderr")
}
# verdict NAME PROBLEMS: counts a check made by hand; PROBLEMS empty is a pass.
verdict() {
  if [[ -z $2 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1:$2"; fi
}
# usage_mistake NAME MESSAGE -- COMMAND...: exit 2, nothing on stdout, and on stderr exactly
# `cotation CMD: MESSAGE` and `(see cotation CMD --help)`, CMD being COMMAND's first word.
usage_mistake() {
  local name=$1 message=$2
  shift 3
  local who="cotation $1"
  streams "$bin" "$@"
  local problems=
  ((status == 2)) || problems+=" exit $status, expected 2;"
  [[ -z $out ]] || problems+=" stdout not empty;"
  [[ $err == "$who: $message"$'\n'"(see $who --help)" ]] || problems+=" stderr is: $err"
  verdict "$name" "$problems"
}

# Each command's help: on stdout, exit 0, its usage, each of its options with a description, and an
# example that works (run from a directory where rules/ and examples/ are those of the repository).
data_options="--delimiter --decimal-comma --rejects --strict"
declare -A options_of=(
  [check]="--format"
  [lint]="--as-of --format"
  [publish]="--as-of --format -o"
  [score]="--as-of -o --format --explain --summary --threads --set $data_options"
  [explain]="--id --as-of --allocations -o --set $data_options"
  [test]="--quiet --coverage"
  [audit]="--year --from --to --as-of --candidates --demands --diagnosis --format -o --set $data_options"
  [rank]="--offer --as-of --top --why --allocations --format -o --set $data_options"
  [compare]="--as-of --set --format -o --threads $data_options"
  [coverage]="--as-of --set --format -o --threads $data_options"
  [gen]="--count --seed -o --threads --territory"
  [schema]="-o"
  [lsp]="--as-of --stdio"
  [completion]=""
)
mkdir -p "$work/examples"
ln -s "$root/rules" "$work/examples/rules"
ln -s "$root/examples" "$work/examples/examples"
for command in "${commands[@]}"; do
  for flag in --help -h; do
    streams "$bin" "$command" "$flag"
    problems=
    ((status == 0)) || problems+=" exit $status;"
    [[ -z $err ]] || problems+=" stderr not empty: $err;"
    grep -q "^Usage: cotation $command \[OPTIONS\]" <<<"$out" || problems+=" no usage line;"
    for option in -h,--help ${options_of[$command]}; do
      grep -Eq -- "^  $option( [^ ]+)*  +[a-z(]" <<<"$out" || problems+=" $option not listed with a description;"
    done
    verdict "$command $flag" "$problems"
  done
  example=$(sed -n '/^Example:$/{n;s/^  //;p;}' <<<"$out")
  problems=
  case $example in
    "cotation $command "*)
      words=${example#cotation }
      (cd "$work/examples" && eval "\"\$bin\" $words" >"$work/example.out" 2>"$work/example.err")
      status=$?
      ((status == 0)) || problems+=" exit $status: $(head -3 "$work/example.err");"
      output=$(sed -nE 's/.* -o ([^ ]+).*/\1/p' <<<"$example")
      if [[ -n $output ]]; then
        [[ -s $work/examples/$output ]] || problems+=" $output not written;"
      else
        [[ -s $work/example.out ]] || problems+=" nothing on stdout;"
      fi
      ;;
    "cotation lsp")
      # A client that says hello and goodbye: initialize, shutdown, exit.
      session=
      for body in '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}' \
                  '{"jsonrpc":"2.0","id":2,"method":"shutdown"}' '{"jsonrpc":"2.0","method":"exit"}'; do
        session+="Content-Length: ${#body}"$'\r\n\r\n'"$body"
      done
      out=$(printf '%s' "$session" | "$bin" lsp 2>&1)
      status=$?
      ((status == 0)) || problems+=" exit $status;"
      grep -q '"capabilities"' <<<"$out" || problems+=" no capabilities in: ${out:0:200};"
      ;;
    "source <(cotation completion bash)")
      bash -c "source <(\"$bin\" completion bash) && complete -p cotation" >/dev/null 2>&1 || problems+=" does not load;"
      ;;
    *) problems+=" no example of cotation $command: '$example'" ;;
  esac
  verdict "$command example" "$problems"
done

streams "$bin" --help
problems=
((status == 0)) || problems+=" exit $status;"
for command in "${commands[@]}"; do
  grep -Eq "^  $command +[^ ]" <<<"$out" || problems+=" $command not listed;"
done
grep -q 'cotation COMMAND --help' <<<"$out" || problems+=" no pointer to the commands' help;"
verdict "cotation --help" "$problems"
streams "$bin"
verdict "no command" "$( ((status == 2)) || echo " exit $status;")$([[ -z $out ]] || echo " stdout not empty;")$(grep -q '^Usage: cotation' <<<"$err" || echo " no usage on stderr")"

# Usage mistakes: one message in one style, exit 2. An unknown option comes first, whatever else
# is missing; a misspelt one gets the closest name.
for command in "${commands[@]}"; do
  usage_mistake "$command unknown option" "unknown option --no-such-option" -- "$command" --no-such-option
done
usage_mistake "publish without --as-of" "--as-of DATE is required" -- publish "$data/policy.yaml"
usage_mistake "publish --format" "--format: 'pdf' is not html or md" -- publish "$data/policy.yaml" --as-of 2025-06-01 --format pdf
usage_mistake "did you mean (check)" "unknown option --fromat; did you mean --format?" -- check --fromat json "$data/policy.yaml"
usage_mistake "did you mean (explain)" "unknown option --alocations; did you mean --allocations?" -- explain --alocations x
usage_mistake "did you mean (test)" "unknown option --quite; did you mean --quiet?" -- test --quite x.yaml
usage_mistake "did you mean (audit)" "unknown option --diagnosys; did you mean --diagnosis?" -- audit --diagnosys
usage_mistake "did you mean (rank)" "unknown option --ofer; did you mean --offer?" -- rank --ofer=o.yaml
usage_mistake "did you mean (gen)" "unknown option --cuont; did you mean --count?" -- gen demands --cuont 5 --seed 1
usage_mistake "did you mean (completion)" "unknown option --hlep; did you mean --help?" -- completion --hlep
policy=$data/policy.yaml
good=$data/good.csv
usage_mistake "missing value" "--as-of needs a value (DATE)" -- score "$policy" "$good" --as-of
usage_mistake "flag with a value" "--explain takes no value" -- score "$policy" "$good" --as-of 2025-06-01 --explain=yes
usage_mistake "bad date" "--as-of: '2025-02-30' is not a date (YYYY-MM-DD)" -- score "$policy" "$good" --as-of 2025-02-30
usage_mistake "bad date (audit)" "--from: '1/2/2024' is not a date (YYYY-MM-DD)" -- audit "$policy" a.csv --from 1/2/2024 --to 2024-12-31
usage_mistake "bad number (threads)" "--threads: '4x' is not a whole number from 0 to 4294967295" -- score "$policy" "$good" --as-of 2025-06-01 --threads 4x
usage_mistake "bad number (top)" "--top: '0' is not a whole number of at least 1" -- rank "$policy" "$good" --offer o.yaml --as-of 2025-06-01 --top 0
usage_mistake "bad number (count)" "--count: '-1' is not a whole number from 0 to 1000000000000" -- gen demands --count -1 --seed 1
usage_mistake "too many rows" "--count: '1000000000001' is not a whole number from 0 to 1000000000000" -- gen demands --count 1000000000001 --seed 1
usage_mistake "bad seed" "--seed: 'abc' is not a whole number" -- gen demands --count 1 --seed abc
usage_mistake "bad year" "--year: '24' is not a year (e.g. 2024)" -- audit "$policy" a.csv --year 24
usage_mistake "bad territory" "--territory: 'paris' is not cahc or a territory number (0 to 425)" -- gen demands --count 1 --seed 1 --territory paris
usage_mistake "bad delimiter" "--delimiter: ';;' is not one character" -- score "$policy" "$good" --as-of 2025-06-01 --delimiter ';;'
usage_mistake "missing option (explain)" "--id ID is required" -- explain "$policy" "$good" --as-of 2025-06-01
usage_mistake "missing option (rank)" "--offer FILE is required" -- rank "$policy" "$good" --as-of 2025-06-01
usage_mistake "missing option (gen)" "--seed S is required" -- gen demands --count 1
usage_mistake "missing option (score)" "--as-of DATE is required" -- score "$policy" "$good"
usage_mistake "missing argument" "expected POLICY DEMANDS" -- score "$policy" --as-of 2025-06-01
usage_mistake "missing arguments (check)" "expected POLICY..." -- check
usage_mistake "missing arguments (test)" "expected TESTFILE..." -- test --quiet
usage_mistake "missing kind (gen)" "expected demands|allocations" -- gen --count 1 --seed 1
usage_mistake "extra argument" "unexpected argument 'extra.csv' (expected POLICY DEMANDS)" -- score "$policy" "$good" extra.csv --as-of 2025-06-01
usage_mistake "bad kind (gen)" "KIND: 'people' is not demands or allocations" -- gen people --count 1 --seed 1
usage_mistake "bad format (check)" "--format: 'xml' is not text or json" -- check --format xml "$policy"
usage_mistake "bad format (score)" "--format: 'json' is not csv or jsonl" -- score "$policy" "$good" --as-of 2025-06-01 --format json
usage_mistake "bad format (audit)" "--format: 'pdf' is not text, csv, json or html" -- audit "$policy" a.csv --year 2024 --format=pdf
usage_mistake "bad format (rank)" "--format: 'html' is not text, csv or json" -- rank "$policy" "$good" --offer o.yaml --as-of 2025-06-01 --format html
usage_mistake "period (audit)" "give either --year or --from and --to, not both" -- audit "$policy" a.csv --year 2024 --from 2024-01-01 --to 2024-12-31
usage_mistake "bad shell" "SHELL: 'zsh' is not bash" -- completion zsh
streams "$bin" chek
verdict "unknown command" "$( ((status == 2)) || echo " exit $status;")$([[ $err == "cotation: unknown command 'chek'; did you mean check?"$'\n''(see cotation --help)' ]] || echo " stderr is: $err")"

# What the hand-written parser accepted still works: --opt=value, an option given twice keeps its
# last value, a repeatable option keeps every value, options before the arguments.
expect opt_equals_value 0 '^\{"id":"A","grid":"primo","score":27' -- "$bin" score "$policy" "$good" --as-of=2025-06-01 --format=jsonl
expect last_value_wins 0 '^\{"id":"A","grid":"primo","score":27' -- "$bin" score --format csv --format jsonl --as-of 2025-06-01 "$policy" "$good"
expect gen_options_first 0 '^id,filed_on,' -- "$bin" gen --count 2 --seed 7 demands
why=$("$bin" rank "$root/rules/cahc/matching.yaml" "$root/examples/data/demands.csv" --why 062111900011 \
  --offer "$root/examples/data/offers/henin-beaumont-t3-plus.yaml" --as-of 2025-06-01 --why 062111900072 --format json 2>/dev/null |
  python3 -c 'import json, sys; print(" ".join(json.load(sys.stdin)["why"]))')
verdict "repeatable --why" "$([[ $why == "062111900011 062111900072" ]] || echo " why holds '$why'")"

# The completion script, sourced in bash and asked what completes a few lines.
"$bin" completion bash >"$work/completion.bash"
mkdir -p "$work/files/sub"
touch "$work/files/demands.csv" "$work/files/policy.yaml"
# complete_line WORD...: the completions of the last word, sorted.
complete_line() {
  (cd "$work/files" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cotation; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$work/completion.bash" "$@") | LC_ALL=C sort | paste -sd ' '
}
completes() {
  local expected=$1
  shift 2
  local actual
  actual=$(complete_line "$@")
  verdict "completion of '$*'" "$([[ $actual == "$expected" ]] || echo " got '$actual', expected '$expected'")"
}
completes "--help --version -h audit check compare completion coverage explain gen lint lsp publish rank schema score test" -- cotation ""
completes "schema score" -- cotation sc
completes "--format" -- cotation score --fo
completes "--decimal-comma --delimiter --demands" -- cotation audit --de
completes "csv jsonl" -- cotation score --format ""
completes "jsonl" -- cotation score --format = j
completes "csv html json text" -- cotation audit a.csv --format ""
completes "" -- cotation score --as-of ""
completes "demands.csv" -- cotation score policy.yaml d
completes "demands.csv policy.yaml sub" -- cotation check policy.yaml --format json ""
completes "" -- cotation score policy.yaml demands.csv ""
completes "allocations demands" -- cotation gen --count 5 ""
completes "bash" -- cotation completion ""
completes "demands.csv policy.yaml sub" -- cotation rank policy.yaml demands.csv --offer ""
verdict "complete -p" "$(bash -c 'source "$1"; complete -p cotation' _ "$work/completion.bash" | grep -q -- '-F _cotation cotation$' || echo ' not registered')"

# --version prints the CMake project's VERSION, the one place it is written.
cmake_version=$(sed -nE 's/^project\(cotation VERSION ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p' "$root/CMakeLists.txt")
streams "$bin" --version
verdict version "$([[ -n $cmake_version && $out == "cotation $cmake_version (policy format 1)" && $status == 0 ]] || echo " '$out' (exit $status), CMake's VERSION '$cmake_version'")"

echo "$passed passed, $failed failed"
((failed == 0))
