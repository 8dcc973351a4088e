#!/usr/bin/env bash
# The golden runner (run.sh) itself, on a case of its own in a temporary directory: a wrong expected
# output fails with a diff and is left as it was, even with UPDATE=1 in the environment; --update
# writes the actual output, and the run then passes.
#
#   tests/diagnostics/selftest.sh COTATION
set -u
here=$(cd "$(dirname "$0")" && pwd)
cotation=${1:?usage: $0 COTATION}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cotation-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cases"
printf 'cotation: 1\nnam: "faute de frappe"\n' > "$tmp/cases/selftest.yaml"
printf 'wrong\nexit: 0\n' > "$tmp/cases/selftest.expected"
failed=0
fail() { echo "FAIL: $*"; failed=1; }
run() { bash "$here/run.sh" --cases "$tmp/cases" --only 'selftest*' "$@" "$cotation" "$tmp/work" > "$tmp/out" 2>&1; }

UPDATE=1 ONLY='*' run
status=$?
[ "$status" -eq 1 ] || fail "a wrong expected output: exit $status, expected 1"
grep -qx '0 passed, 1 failed' "$tmp/out" || fail "a wrong expected output: no '0 passed, 1 failed' line"
grep -qx -- '-wrong' "$tmp/out" || fail "a wrong expected output: no diff"
[ "$(cat "$tmp/cases/selftest.expected")" = $'wrong\nexit: 0' ] || fail "the expected file was rewritten without --update"

run --update
status=$?
[ "$status" -eq 0 ] || fail "--update: exit $status, expected 0"
grep -q "error\[E0101\]: unknown key 'nam'" "$tmp/cases/selftest.expected" || fail "--update did not write the actual output"
[ "$(tail -1 "$tmp/cases/selftest.expected")" = 'exit: 1' ] || fail "--update: the last line is not the exit status"

run
status=$?
[ "$status" -eq 0 ] || fail "after --update: exit $status, expected 0"
grep -qx '1 passed, 0 failed' "$tmp/out" || fail "after --update: no '1 passed, 0 failed' line"

if [ "$failed" -ne 0 ]; then
    echo "last output of run.sh:"
    sed 's/^/    /' "$tmp/out"
    exit 1
fi
echo "the golden runner fails on a wrong output, passes on the right one, rewrites only with --update"
