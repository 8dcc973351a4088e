// The style sheet of the HTML audit report, kept apart from the writer so that the page's look is
// edited in one place. A C++ source rather than a .css file: embedding a .css file would need a
// build step, and the build compiles every .cpp of src/report/ as it is.
#include "report/audit_html_style.hpp"

namespace cotation::internal {

// Written inside the page's <style> element as is: its first and last line breaks included.
const std::string_view audit_html_style = R"(
:root { --met: #2e7d32; --not-met: #c62828; --no-data: #9e9e9e; --ink: #1a1a1a; --rule: #cfcfcf; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1100px; padding: 0 16px; font-size: 14px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 4px; }
.meta { color: #555; margin: 0 0 8px; }
.legend span { display: inline-block; margin-right: 14px; }
.sw { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; }
.sw.met { background: var(--met); } .sw.not_met { background: var(--not-met); } .sw.no_data { background: var(--no-data); }
.sw.target { height: 0; border-top: 2px dashed var(--ink); vertical-align: 3px; }
section.quota { border-top: 2px solid var(--ink); padding-top: 10px; margin-top: 22px; }
.panels { display: flex; flex-wrap: wrap; gap: 6px 10px; margin: 8px 0; }
figure.panel { margin: 0; border: 1px solid var(--rule); padding: 4px 4px 2px; break-inside: avoid; page-break-inside: avoid; }
figure.panel figcaption { font-size: 12px; font-weight: 600; text-align: center; max-width: 180px; overflow-wrap: anywhere; }
svg.chart .axis { stroke: #777; stroke-width: 1; }
svg.chart .bar.met { fill: var(--met); } svg.chart .bar.not_met { fill: var(--not-met); } svg.chart .bar.no_data { fill: var(--no-data); }
svg.chart .target { stroke: var(--ink); stroke-width: 2; stroke-dasharray: 5 3; }
svg.chart text { font-size: 10px; fill: var(--ink); }
svg.chart .value { font-size: 11px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 6px 0 4px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 6px; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.status.met { color: var(--met); font-weight: 600; } td.status.not_met { color: var(--not-met); font-weight: 600; } td.status.no_data { color: #666; }
footer { margin-top: 24px; color: #555; font-size: 12px; }
section.diagnosis { border-top: 2px solid var(--ink); padding-top: 10px; margin-top: 22px; }
section.diagnosis h3 { font-size: 14px; margin: 16px 0 4px; }
.comparison { font-weight: 600; margin: 4px 0 8px; }
.note { color: #8a4b00; margin: 2px 0; font-size: 12px; }
.legend-note { color: #555; font-size: 11px; margin: 0 0 6px; }
figure.hchart { margin: 4px 0; }
figure.hchart figcaption { font-size: 11px; color: #555; }
svg.hbars { display: block; width: 100%; max-width: 740px; height: auto; }
svg.hbars text { font-size: 10.5px; fill: var(--ink); }
svg.hbars .value { font-weight: 400; } svg.hbars .overall .value { font-weight: 600; }
svg.hbars .tick { font-size: 9px; fill: #555; }
svg.hbars .grid { stroke: #e2e2e2; stroke-width: 1; }
svg.hbars .axis { stroke: #777; stroke-width: 1; }
svg.hbars .bar.share { fill: #3b6ea8; } svg.hbars .bar.distribution { fill: #5b8c85; }
svg.hbars .overall .bar.share { fill: #1d4477; } svg.hbars .overall .bar.distribution { fill: #2f5f58; }
svg.hbars .overall text.label { font-weight: 600; }
svg.hbars .reference { stroke: #c62828; stroke-width: 1.5; stroke-dasharray: 4 3; }
.sw.reference { height: 0; border-top: 2px dashed #c62828; vertical-align: 3px; }
table.diagnosis { width: auto; min-width: 560px; }
table.diagnosis tr.overall td { font-weight: 600; }
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  section.quota { break-inside: auto; page-break-inside: auto; }
  section.quota h2, .panels { break-after: avoid; page-break-after: avoid; }
  tr, figure.panel { break-inside: avoid; page-break-inside: avoid; }
  svg.chart:not(.hbars) { width: 150px; height: auto; }
  figure.panel figcaption { max-width: 150px; }
  table.diagnosis { width: auto; min-width: 60%; }
  .dpanel h3, figure.hchart { break-after: avoid; page-break-after: avoid; }
  figure.hchart { break-inside: avoid; page-break-inside: avoid; }
  .sw, svg.chart .bar, svg.chart .reference, td.status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

}  // namespace cotation::internal
