#!/usr/bin/env bash
# `cotation audit --candidates` on the command line: the what-if of three candidate allocations
# (one towards the targets, one away, one out of scope for lack of a value) written as CSV, JSON and
# text must be exactly expected.csv, expected.json and expected.txt (computed by hand: see the
# comments of policy.yaml and the numbers below), the same from a JSON Lines candidates file, and
# the HTML report must hold one what-if row per effect. Exit status 0, the candidates counted on stderr.
#
# Hand check (period 2025; Z1 is outside): `pauvres` counts A1 A2 A3 B1 (B2 is in a QPV), k 2 of 4;
# Alpha 1 of 3. `plafond` counts A1 B1 B2, 3 > 2. C1 (Alpha, 950) adds a modest household: towards
# `pauvres`, away from `plafond`. C2 (Beta, 2000): away from `pauvres` (2/5), no effect on `plafond`.
# C3 (Gamma, qpv unknown): only `unknown` of `pauvres` moves; away from `plafond`.
#
#   tests/audit_candidates/run.sh COTATION
set -u
here=$(cd "$(dirname "$0")" && pwd)
cotation=${1:?usage: $0 COTATION}
work=$(mktemp -d "${TMPDIR:-/tmp}/cotation-candidates.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

audit() {  # audit CANDIDATES FORMAT: stdout to $work/out, stderr to $work/err, returns the exit status
    (cd "$here" && "$cotation" audit policy.yaml allocations.csv --year 2025 --candidates "$1" --format "$2") >"$work/out" 2>"$work/err"
}

for candidates in candidates.csv candidates.jsonl; do
    for format in csv json text; do
        expected=$here/expected.${format/text/txt}
        audit "$candidates" "$format"
        status=$?
        [ "$status" -eq 0 ] || fail "$candidates --format $format: exit $status, expected 0 ($(cat "$work/err"))"
        grep -qx 'candidates: 3 read, 0 rejected' "$work/err" || fail "$candidates --format $format: stderr lacks 'candidates: 3 read, 0 rejected'"
        if ! cmp -s "$work/out" "$expected"; then
            fail "$candidates --format $format differs from ${expected#"$here"/}"
            diff -u --label "expected: ${expected#"$here"/}" --label actual "$expected" "$work/out"
        fi
    done
done

audit candidates.csv html
status=$?
[ "$status" -eq 0 ] || fail "--format html: exit $status, expected 0"
rows=$(sed -n '/<section class="what-if">/,/<\/section>/p' "$work/out" | grep -c '^<tr><td>C[123]</td>')
[ "$rows" -eq 9 ] || fail "--format html: $rows what-if rows, expected 9 (one per effect)"

if [ "$failed" -ne 0 ]; then exit 1; fi
echo "audit --candidates: CSV, JSON, text and HTML as expected, from CSV and JSON Lines candidates"
