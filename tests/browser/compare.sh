#!/usr/bin/env bash
# Browser test of the HTML page of `cotation compare` (label `browser`): the CAHC grid against its
# bundled variant on the example demands, rendered by headless Chromium:
#   - self-contained: no script, image, stylesheet link, frame, url() or src;
#   - Chromium logs no console message about it;
#   - in the DOM Chromium built, the histogram <svg class="chart" data-groups="N"> holds N
#     <g class="group"> and N <rect class="bar">, one per bin, whose counts add up to the demands
#     both grids scored (read off the JSON output); the by-flag table has a row per entry of
#     `by_flag`, the largest moves a row per entry of `largest_moves`;
#   - a screenshot of the first A4-sized screen can be taken (kept in OUT_DIR).
# Without Chromium: skipped (exit 77) unless COTATION_REQUIRE_BROWSER=1 (then it fails).
# usage: compare.sh COTATION_BINARY SOURCE_DIR [OUT_DIR]   (CHROMIUM=/path picks the browser)
#   SPOIL=SED_EXPRESSION spoils the page before it is checked: the test that shows the checks fail.
set -uo pipefail
bin=$1
src=$2
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [[ -z $browser ]]; then
  [[ ${COTATION_REQUIRE_BROWSER:-0} == 1 ]] && { echo "FAIL: chromium is not installed, and this run requires it"; exit 1; }
  echo "browser test skipped: chromium is not installed (COTATION_WITH_BROWSER=1 bash scripts/setup.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT
out=${3:-$work}
mkdir -p "$out"
failed=0
fail() { echo "FAIL: $*"; failed=1; }

page=$out/compare.html
compare=("$bin" compare "$src/rules/cahc/cahc.yaml" "$src/rules/cahc/cahc_variant.yaml" "$src/examples/data/demands.csv" --as-of 2025-06-01)
"${compare[@]}" --format html -o "$page" 2>"$work/err" || { cat "$work/err"; fail "cotation compare did not write the page"; exit 1; }
"${compare[@]}" --format json -o "$work/compare.json" 2>/dev/null
[[ -n ${SPOIL:-} ]] && sed -i "$SPOIL" "$page"
read -r both flag_entries moves < <(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["both_scored"], len(j["by_flag"]), len(j["largest_moves"]))' "$work/compare.json")

if grep -Eion '<(script|img|link|iframe|object|embed)[ >]|[ "]src=|url\(' "$page" | head -3 | grep .; then fail "the page is not self-contained"; fi

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync
       --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page" >"$work/dom.html" 2>"$work/dom.err" || fail "chromium --dump-dom failed"
grep -q '</html>' "$work/dom.html" || fail "the dumped DOM is not the whole page"
if grep -E 'CONSOLE' "$work/dom.err" | head -5 | grep .; then fail "the page logged console messages"; fi

dom=$(tr '\n' ' ' <"$work/dom.html")
svg=$(sed 's/<svg /\n<svg /g' <<<"$dom" | grep '^<svg class="chart"' | sed 's#</svg>.*#</svg>#')
[[ $(grep -c . <<<"$svg") == 1 ]] || fail "expected one histogram, found $(grep -c . <<<"$svg")"
[[ $svg =~ data-groups=\"([0-9]+)\" ]] && bins=${BASH_REMATCH[1]} || bins=0
groups=$(grep -o '<g class="group"' <<<"$svg" | wc -l)
bars=$(grep -o '<rect class="bar [a-z]*"' <<<"$svg" | wc -l)
((bins > 0 && groups == bins && bars == bins)) || fail "histogram: data-groups=$bins, $groups groups, $bars bars"
counted=$(($(grep -o '<text class="count"[^>]*>[0-9]*<' <<<"$svg" | sed 's/.*>\([0-9]*\)</\1/' | paste -sd+)))
[[ $counted == "$both" ]] || fail "the bars count $counted demands, the JSON $both both scored"
section_rows() { sed -n "s#.*<section id=\"$1\">\(.*\)</section>.*#\1#p" <<<"$(sed 's#</section>#</section>\n#g' <<<"$dom")" | grep -o '<tr><td' | wc -l; }
[[ $(section_rows indicateurs) == "$flag_entries" ]] || fail "by-flag table: $(section_rows indicateurs) rows, $flag_entries flags"
[[ $(section_rows deplacements) == "$moves" ]] || fail "largest moves: $(section_rows deplacements) rows, $moves moves"

shot=$out/compare.png
rm -f "$shot"
timeout 120 "$browser" "${flags[@]}" --hide-scrollbars --window-size=1240,1754 --screenshot="$shot" "file://$page" >/dev/null 2>&1
[[ $(head -c 8 "$shot" 2>/dev/null | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "no screenshot"

((failed)) && exit 1
echo "browser test passed: the compare page, $bins bins for $both demands, $flag_entries flags, $moves moves, no console message"
