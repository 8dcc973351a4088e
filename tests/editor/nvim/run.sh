#!/usr/bin/env bash
# End-to-end test of `cotation lsp` in a real editor: Neovim, headless, with its built-in LSP client
# (client.lua), opens a policy with a mistake and reads the diagnostic back (its line, its column
# after non-ASCII text, its code, source and message), asks for a hover, then stops the server.
# Without Neovim it is skipped (exit 77), unless COTATION_REQUIRE_NEOVIM=1 (scripts/test.sh, after
# scripts/setup.sh installed it): then a missing Neovim fails it.
#
# usage: run.sh COTATION_BINARY
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

if ! command -v nvim >/dev/null 2>&1; then
  if [[ ${COTATION_REQUIRE_NEOVIM:-0} == 1 ]]; then
    echo "FAIL: neovim is not installed, and this run requires it (COTATION_REQUIRE_NEOVIM); bash scripts/setup.sh installs it"
    exit 1
  fi
  echo "neovim test skipped: neovim is not installed (bash scripts/setup.sh installs it)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/policy.yaml" <<'YAML'
cotation: 1
name: "Essai dans Neovim"
records:
  demand:
    key: id
    fields:
      id: string
      commune: string
      household_size: int
parameters:
  large_household:
    label: "Taille d'un grand ménage"
    values: 4
grids:
  - id: primo
    rubrics:
      - id: taille
        criteria:
          - id: grand
            when: 'commune != "Hénin" and housholdsize >= large_household'
            points: 5
YAML

failed=0
fail() { echo "FAIL: $*"; failed=1; }
# Line 19 (0-based): `when: 'commune != "Hénin" and housholdsize ...`; the mistake starts at byte 43
# (é is two bytes and one UTF-16 unit: the server says character 42, Neovim converts it to bytes).
(cd "$work" && COTATION_BIN=$bin COTATION_NVIM_OUT=$work/out.txt COTATION_HOVER_LINE=19 COTATION_HOVER_CHARACTER=65 \
  timeout 60 nvim --headless --clean -c "luafile $here/client.lua" policy.yaml >"$work/nvim.log" 2>&1)
status=$?
if [[ ! -s $work/out.txt ]]; then
  cat "$work/nvim.log"
  fail "neovim wrote nothing (exit $status)"
  exit 1
fi
sed 's/^/    /' "$work/out.txt"
grep -q '^error ' "$work/out.txt" && fail "$(grep '^error ' "$work/out.txt" | head -1)"
line=19
[[ ${COTATION_WRONG_EXPECTATION:-0} == 1 ]] && line=20  # the checker's own test: a place one line off
diagnostic="diagnostic $line 43 E0301 cotation unknown field 'housholdsize'; did you mean 'household_size'? | did you mean 'household_size'?"
grep -qxF "$diagnostic" "$work/out.txt" || fail "expected the line: $diagnostic"
(($(grep -c '^diagnostic ' "$work/out.txt") == 1)) || fail "expected one diagnostic"
grep -qF "hover **large_household**: \`int\` — parameter |  | Taille d'un grand ménage |  | Value: \`4\` (always in force)" "$work/out.txt" ||
  fail "expected the hover of large_household"
grep -qx 'stopped yes' "$work/out.txt" || fail "the server did not stop when Neovim asked"
if ((failed)); then exit 1; fi
echo "neovim test passed: the diagnostic and the hover read back through Neovim's LSP client"
