#!/usr/bin/env bash
# Browser test of the published grid (label `browser`): `cotation publish` of the CAHC grid, as
# HTML, rendered by headless Chromium; checks that
#   - the page is self-contained (no script, image, stylesheet link, frame or url()) and asks for A4
#     pages (@page { size: A4 });
#   - it loads and Chromium logs no console message;
#   - the DOM Chromium built holds the statement of R441-2-10/R441-2-17 word for word, one section
#     per grid, every criterion row of the page, the positioning and the values in force;
#   - printed to PDF, its pages are A4 (595 x 842 points); a screenshot of the first A4-sized screen
#     can be taken (both kept in OUT_DIR).
# Without Chromium it is skipped (exit 77), unless COTATION_REQUIRE_BROWSER=1: then it fails.
#
# usage: publish.sh [COTATION_BINARY [SOURCE_DIR [OUT_DIR]]]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${2:-$(cd "$here/../.." && pwd)}
bin=${1:-$src/build/cotation}
out_dir=${3:-}
# shellcheck source=common.sh
source "$here/common.sh"

page=$out/grille.html
if ! "$bin" publish "$src/rules/cahc/cahc.yaml" --as-of 2025-06-01 -o "$page" 2>"$work/publish.err"; then
  cat "$work/publish.err"
  fail "cotation publish did not write the page"
  exit 1
fi

# Self-contained, and printed on A4.
self_contained "$page"
grep -q '@page { size: A4' "$page" || fail "the page does not ask for A4 (@page { size: A4 })"
url="file://$page"
dump_dom "$url"

# What the DOM holds.
statement="La cotation est une aide à la décision : la commission d'attribution décide."
count() { grep -o "$1" "$2" | wc -l; }
(($(count "$statement" "$work/dom.html") >= 1)) || fail "the DOM lacks the statement « $statement »"
for id in grid-mutation grid-primo positionnement parametres indicateurs; do
  grep -q "id=\"$id\"" "$work/dom.html" || fail "the DOM has no section id=\"$id\""
done
rows_source=$(tr '\n' ' ' <"$page" | grep -o '<table class="criteria">.*' | grep -o '<td class="points">' | wc -l)
rows_dom=$(tr '\n' ' ' <"$work/dom.html" | grep -o '<td class="points">' | wc -l)
# The CAHC grid: 21 criteria for mutation, 25 for primo.
((rows_source == 46 && rows_dom == rows_source)) || fail "criterion rows: $rows_source in the page, $rows_dom in the DOM, expected 46"
grep -q 'Reconnu prioritaire et urgent DALO (décision en vigueur), « oui » d’abord\|Reconnu prioritaire et urgent DALO (décision en vigueur), « oui » d'"'"'abord' "$work/dom.html" \
  || fail "the positioning does not put the DALO households first"

# Printed: A4 pages.
pdf=$out/grille.pdf
rm -f "$pdf"
timeout 120 "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >/dev/null 2>"$work/pdf.err"
if [[ ! -s $pdf ]]; then
  tail -5 "$work/pdf.err"
  fail "no PDF"
elif grep -ao '/MediaBox \[[^]]*\]' "$pdf" | grep -vqE '/MediaBox \[0 0 59[45](\.[0-9]+)? 84[12](\.[0-9]+)?\]' ||
     ! grep -aq '/MediaBox' "$pdf"; then  # A4 is 595.28 x 841.89 points (Letter would be 612 x 792)
  grep -ao '/MediaBox \[[^]]*\]' "$pdf" | sort | uniq -c | head -3
  fail "the PDF's pages are not A4"
fi
shot=$out/grille.png
screenshot "$url" "$shot"

if ((failed)); then exit 1; fi
echo "browser test passed: the published grid is self-contained, prints on A4 ($(grep -ao '/MediaBox' "$pdf" | wc -l) pages), holds the statement and its $rows_dom criteria"
[[ $out != "$work" ]] && echo "page: $page, PDF: $pdf, screenshot: $shot"
exit 0
