#!/usr/bin/env bash
# The JSON Schema of a policy file (label `editor`):
#   - `cotation schema` prints exactly schema/policy.schema.json (else it says how to regenerate it);
#   - every bundled policy (rules/, not the test files) validates against it, and so does every other
#     policy of the repository that `cotation check` accepts (the schema never flags a valid policy);
#   - the wrong policies of tests/editor/wrong/ do not validate, and `cotation check` rejects each;
#   - its checkers fail on a wrong value: a schema one byte off, a valid policy expected invalid.
# Validation is python3's jsonschema (draft 2020-12) over the files read as YAML 1.2 reads them
# (validate_schema.py); scripts/setup.sh installs python3-jsonschema and python3-yaml.
#
# usage: schema.sh COTATION_BINARY SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# 1. The command and the file hold the same text.
"$bin" schema >"$work/schema.json" || fail "cotation schema exited with $?"
if ! cmp -s "$work/schema.json" "$src/schema/policy.schema.json"; then
  diff -u "$src/schema/policy.schema.json" "$work/schema.json" | head -20
  fail "schema/policy.schema.json is not what cotation schema prints; regenerate it with: build/cotation schema -o schema/policy.schema.json"
fi
# The comparison fails on a schema one byte off.
{ cat "$src/schema/policy.schema.json"; echo; } >"$work/off.json"
cmp -s "$work/schema.json" "$work/off.json" && fail "the comparison did not see a changed schema"

# 2. A python3 with jsonschema and yaml.
python=
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import jsonschema, yaml' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [[ -z $python ]]; then
  echo "FAIL: no python3 with jsonschema and yaml (bash scripts/setup.sh installs python3-jsonschema and python3-yaml)"
  exit 1
fi
validate() { "$python" "$here/validate_schema.py" "$src/schema/policy.schema.json" "$@"; }

# 3. The bundled policies validate; so does every other policy of the repository that the loader
# accepts; the wrong ones do not, and the loader rejects them too.
mapfile -t bundled < <(cd "$src" && find rules -name '*.yaml' ! -name '*tests.yaml' | sort)
((${#bundled[@]} >= 10)) || fail "only ${#bundled[@]} bundled policies found"
accepted=()
while IFS= read -r file; do
  "$bin" check "$src/$file" >/dev/null 2>&1 && accepted+=("$file")
done < <(cd "$src" && find tests fuzz/corpus examples -name '*.yaml' ! -name '*tests.yaml' ! -path 'tests/editor/*' -print0 2>/dev/null |
         xargs -0 grep -l '^cotation: *1 *$' | sort)
((${#accepted[@]} >= 5)) || fail "only ${#accepted[@]} other accepted policies found"
wrong=("$here"/wrong/*.yaml)
for file in "${wrong[@]}"; do
  "$bin" check "$file" >/dev/null 2>&1
  (($? == 1)) || fail "cotation check does not reject $(basename "$file")"
done
(cd "$src" && validate --valid "${bundled[@]}" "${accepted[@]}" --invalid "${wrong[@]}") ||
  fail "a policy that cotation check accepts does not validate, or a wrong one does"

# 4. The validation fails on wrong expectations: a valid policy said invalid, a wrong one said valid.
swapped=$(cd "$src" && validate --invalid rules/cahc/cahc.yaml --valid "${wrong[0]}")
(($? == 1)) && [[ $swapped == *"0 as expected, 2 not"* ]] || fail "the validation passed wrong expectations: $swapped"

if ((failed)); then exit 1; fi
echo "schema test passed: ${#bundled[@]} bundled policies and ${#accepted[@]} other accepted ones valid, ${#wrong[@]} wrong ones invalid"
