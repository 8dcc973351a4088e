#!/usr/bin/env bash
# Browser test of the HTML audit report (label `browser`): renders the report of the national
# quotas on the example allocations and demands in headless Chromium and checks that
#   - the page is self-contained (no script, image, stylesheet link, frame or url());
#   - it loads and Chromium logs no console message (the page has no script: any console line is
#     an error or a warning of the browser about the page);
#   - in the DOM Chromium built, every chart <svg class="chart" data-groups="N"> holds exactly N
#     <g class="group"> and N <rect class="bar">, one bar per group; the diagnosis charts are there;
#   - a screenshot of the first A4-sized screen (1240 x 1754) can be taken (kept in OUT_DIR).
# Without Chromium it prints that it is skipped and exits 77 (CTest's SKIP_RETURN_CODE), unless
# COTATION_REQUIRE_BROWSER=1 (CI, where Chromium must be there): then it fails (exit 1).
# Install Chromium with: COTATION_WITH_BROWSER=1 bash scripts/setup.sh
#
# usage: run.sh [COTATION_BINARY [SOURCE_DIR [OUT_DIR]]]
#   defaults: SOURCE_DIR/build/cotation, this script's ../.., a temporary directory
#   CHROMIUM=/path/to/chromium picks the browser.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${2:-$(cd "$here/../.." && pwd)}
bin=${1:-$src/build/cotation}
out_dir=${3:-}
# shellcheck source=common.sh
source "$here/common.sh"

# 1. The report.
report=$out/audit.html
if ! "$bin" audit "$src/rules/national/quotas.yaml" "$src/examples/data/allocations.csv" --year 2024 \
     --demands "$src/examples/data/demands.csv" --format html -o "$report" 2>"$work/audit.err"; then
  cat "$work/audit.err"
  fail "cotation audit did not write the report"
  exit 1
fi

# 2. Self-contained: nothing to fetch, nothing to run.
self_contained "$report"

# 3. Load it: the DOM as Chromium built it, and what Chromium logged.
url="file://$report"
dump_dom "$url"
if ! grep -q '</html>' "$work/dom.html" || ! grep -q 'id="diagnostic"' "$work/dom.html"; then
  fail "the dumped DOM is not the whole report (no </html> or no diagnosis section)"
fi

# 4. One bar per group in every chart. One <svg> per line, cut at its end.
tr '\n' ' ' <"$work/dom.html" | sed 's/<svg /\n<svg /g' | grep '^<svg ' | sed 's#</svg>.*#</svg>#' >"$work/charts.txt"
charts=0
diagnosis_charts=0
while IFS= read -r svg; do
  [[ $svg =~ class=\"chart ]] || continue
  charts=$((charts + 1))
  [[ $svg =~ class=\"chart\ hbars ]] && diagnosis_charts=$((diagnosis_charts + 1))
  label=$(grep -o 'aria-label="[^"]*"' <<<"$svg" | head -1)
  if [[ ! $svg =~ data-groups=\"([0-9]+)\" ]]; then
    fail "chart $charts ($label) has no data-groups"
    continue
  fi
  expected=${BASH_REMATCH[1]}
  bars=$(grep -o '<rect class="bar[ "]' <<<"$svg" | wc -l)
  groups=$(grep -o '<g class="group[ "]' <<<"$svg" | wc -l)
  if ((expected == 0 || bars != expected || groups != expected)); then
    fail "chart $charts ($label): data-groups=$expected but $groups groups and $bars bars"
  fi
done <"$work/charts.txt"
source_charts=$(grep -o '<svg class="chart' "$report" | wc -l)
if ((charts == 0 || charts != source_charts)); then
  fail "the DOM holds $charts charts, the report $source_charts"
fi
# The diagnosis: 1st quartile, QPV, DALO, priority, DALO or priority, reservataire, residence class.
if ((diagnosis_charts != 7)); then
  fail "expected 7 diagnosis charts, found $diagnosis_charts"
fi

# 5. A screenshot of the first page-sized screen (A4 at 150 dpi is 1240 x 1754).
shot=$out/audit.png
screenshot "$url" "$shot"

if ((failed)); then exit 1; fi
echo "browser test passed: $charts charts ($diagnosis_charts in the diagnosis), one bar per group, no console message"
[[ $out != "$work" ]] && echo "report: $report, screenshot: $shot"
exit 0
