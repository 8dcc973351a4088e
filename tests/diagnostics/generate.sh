#!/usr/bin/env bash
# Writes the hostile policy files of the diagnostics tests into DIR (at test time: they are too
# big, or too repetitive, to commit). Their expected outputs are tests/diagnostics/generated/*.expected.
#
#   tests/diagnostics/generate.sh DIR
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
out=$1
mkdir -p "$out"

# repeat TEXT N: TEXT written N times, without a newline.
repeat() {
    local n=$2 chunk=$1
    # Doubling, so that 10 000 copies cost a dozen appends.
    local result=
    while [ "$n" -gt 0 ]; do
        if [ $((n & 1)) -eq 1 ]; then result+=$chunk; fi
        chunk+=$chunk
        n=$((n >> 1))
    done
    printf '%s' "$result"
}

# The records every generated policy declares.
header() {
    cat <<'EOF'
cotation: 1
name: "Généré"
records:
  demand:
    key: id
    fields:
      id: string
      household_size: int
EOF
}

grid() {  # grid POINTS-EXPRESSION-LINE
    cat <<EOF
grids:
  - id: primo
    rubrics:
      - id: urgence
        criteria:
          - id: c
            points: $1
EOF
}

# 10 MiB: above the 8 MiB limit of a policy file. Mostly comments, so it is valid YAML.
{
    header
    grid 1
    line="# $(repeat 'remplissage ' 8)"
    block=$(repeat "$line"$'\n' 1024)
    while :; do
        printf '%s\n' "$block"
        size=$(( ${size:-0} + ${#block} + 1 ))
        [ "$size" -lt 10485760 ] || break
    done
} | head -c 10485760 > "$out/huge_10mb.yaml"

# 10 000 nested YAML flow lists in a parameter's value.
{
    header
    printf 'parameters:\n  deep: %s1%s\n' "$(repeat '[' 10000)" "$(repeat ']' 10000)"
    grid 'deep'
} > "$out/deep_yaml_lists.yaml"

# 10 000 nested YAML flow mappings.
{
    header
    printf 'parameters:\n  deep: %s1%s\n' "$(repeat '{a: ' 10000)" "$(repeat '}' 10000)"
    grid 1
} > "$out/deep_yaml_maps.yaml"

# 10 000 nested block sequences ("- - - - ... 1"): each item opens a level on the same line.
{
    header
    printf 'parameters:\n  deep:\n    %s1\n' "$(repeat '- ' 10000)"
    grid 1
} > "$out/deep_yaml_block.yaml"

# 10 000 nested parentheses in an expression.
{
    header
    grid "$(repeat '(' 10000)household_size$(repeat ')' 10000)"
} > "$out/deep_expr_parens.yaml"

# 10 000 prefix operators: `0 - - - ... household_size` and `not not ... true`.
{
    header
    grid "0 $(repeat '- ' 10000)household_size"
    cat <<EOF
flags:
  - id: f
    when: $(repeat 'not ' 10000)true
EOF
} > "$out/deep_expr_prefix.yaml"

# A flat sum of 10 000 terms: deep as a tree, though not nested as written.
{
    header
    grid "$(repeat 'household_size + ' 9999)household_size"
} > "$out/deep_expr_sum.yaml"

# One line of about 100 000 characters, with an unknown field near its end.
{
    header
    grid "max($(repeat 'household_size, ' 6250)housholdsize)"
} > "$out/long_line.yaml"

# A policy that includes the 10 MiB file.
{
    header
    printf 'include: [huge_10mb.yaml]\n'
    grid 1
} > "$out/include_huge.yaml"

# Binary garbage: the first bytes of a gzip stream, NUL bytes and all.
printf '\037\213\010\000\000\000\000\000\000\003\355\301\001\015\000\000\000\302\240\367Om\016' > "$out/binary_garbage.yaml"

# A file saved in Latin-1 (Windows-1252) instead of UTF-8: 0xE9 is "é".
{
    printf 'cotation: 1\n'
    printf 'name: "Grille H\351nin-Carvin"\n'
} > "$out/latin1.yaml"

# Windows line endings: an unknown field in a folded expression.
{
    header
    grid '>'
    printf '              household_size >= 4\n              and housholdsize < 8\n'
} | sed 's/$/\r/' > "$out/crlf.yaml"

# A byte order mark (as editors on Windows write one); an unknown field further down.
{
    printf '\357\273\277'
    header
    grid 'housholdsize'
} > "$out/bom.yaml"
