#!/usr/bin/env bash
# Golden tests of `cotation check` diagnostics.
#
#   tests/diagnostics/run.sh [--update] [--only GLOB] [--cases DIR] COTATION [WORKDIR]
#
# A case is an expected-output file:
#   cases/NAME.expected        `cotation check NAME.yaml`, run from cases/
#   cases/NAME.json.expected   `cotation check --format json NAME.yaml`, run from cases/
#   generated/NAME.expected    (and .json.expected) the same, run from WORKDIR/generated/, where
#                              generate.sh writes the hostile inputs (huge, deeply nested...) at test time
# When cases/NAME.args exists, its words replace `NAME.yaml` as the arguments after `check`
# (several policies, a missing file...). When cases/NAME.command exists, its words are the whole
# command line after `cotation` (for the codes of test files, which `cotation test` reports).
# The expected text is stderr, then stdout, then a last line `exit: N`.
#
# Every mismatch prints a unified diff; the last line is `N passed, N failed`; exit 1 on any failure.
# --update rewrites the expected files from the actual output instead (review them with git diff).
#   Only this option rewrites anything: ctest never passes it, and no environment variable does it.
# --only GLOB runs (or updates) only the cases whose expected file name matches, e.g. 'include_*'.
# --cases DIR reads the cases from DIR instead of cases/ (the suite's test of this script).
set -u

update=0
only='*'
here=$(cd "$(dirname "$0")" && pwd)
cases=$here/cases
while [ $# -gt 0 ]; do
    case $1 in
        --update) update=1; shift ;;
        --only) only=${2:?--only needs a GLOB}; shift 2 ;;
        --cases) cases=$(cd "${2:?--cases needs a DIR}" && pwd) || exit 2; shift 2 ;;
        --) shift; break ;;
        -*) echo "$0: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 [--update] [--only GLOB] [--cases DIR] COTATION [WORKDIR]" >&2
    exit 2
fi
cotation=$1
case $cotation in /*) ;; *) cotation=$(pwd)/$cotation ;; esac
if [ ! -x "$cotation" ]; then
    echo "$0: '$cotation' is not an executable" >&2
    exit 2
fi

if [ $# -eq 2 ]; then
    work=$2
    mkdir -p "$work"
    work=$(cd "$work" && pwd)
    cleanup=
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/cotation-diagnostics.XXXXXX")
    cleanup=$work
fi
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT

# Hostile inputs are written at test time, never committed.
if ! bash "$here/generate.sh" "$work/generated"; then
    echo "$0: generate.sh failed" >&2
    exit 2
fi

passed=0
failed=0
failures=()

# run_case DIR NAME EXPECTED [--format json]
run_case() {
    local dir=$1 name=$2 expected=$3
    shift 3
    local -a command args
    command=(check "$@")
    if [ -f "$cases/$name.command" ] && [ "$dir" = "$cases" ]; then
        read -r -a command < "$cases/$name.command"
        args=()
    elif [ -f "$cases/$name.args" ] && [ "$dir" = "$cases" ]; then
        read -r -a args < "$cases/$name.args"
    else
        args=("$name.yaml")
    fi
    local out
    out="$work/out/$(basename "$expected")"
    mkdir -p "$work/out"
    local status
    (
        cd "$dir" || exit 99
        # stderr first, then stdout, as the .expected files hold them; a crash is caught by the
        # timeout and by the exit status (128 + signal).
        timeout 60 "$cotation" "${command[@]}" "${args[@]}" > "$out.stdout" 2> "$out.stderr"
    )
    status=$?
    { cat "$out.stderr" "$out.stdout"; echo "exit: $status"; } > "$out"
    if [ "$update" = 1 ]; then
        if ! cmp -s "$out" "$expected"; then
            cp "$out" "$expected"
            echo "updated ${expected#"$here"/}"
        fi
        passed=$((passed + 1))
        return
    fi
    if cmp -s "$out" "$expected"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures+=("${expected#"$here"/}")
        echo "FAIL ${expected#"$here"/}"
        diff -u --label "expected: ${expected#"$here"/}" --label "actual" "$expected" "$out"
    fi
}

shopt -s nullglob
# --update also starts the expected file of a new case (a cases/NAME.yaml with none yet).
if [ "$update" = 1 ]; then
    for policy in "$cases"/*.yaml; do
        name=${policy%.yaml}
        # shellcheck disable=SC2254
        case $(basename "$name").expected in $only) ;; *) continue ;; esac
        [ -e "$name.expected" ] || [ -e "$name.json.expected" ] || : > "$name.expected"
    done
fi
for expected in "$cases"/*.expected "$here"/generated/*.expected; do
    dir=$(dirname "$expected")
    [ "$dir" = "$here/generated" ] && rundir=$work/generated || rundir=$dir
    base=$(basename "$expected")
    # shellcheck disable=SC2254
    case $base in $only) ;; *) continue ;; esac
    case $base in
        *.json.expected) run_case "$rundir" "${base%.json.expected}" "$expected" --format json ;;
        *) run_case "$rundir" "${base%.expected}" "$expected" ;;
    esac
done

if [ ${#failures[@]} -gt 0 ]; then
    echo
    echo "failed:"
    printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
