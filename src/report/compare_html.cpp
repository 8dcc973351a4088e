// compare: the summary as a self-contained HTML page (no script, nothing fetched): the figures, a
// histogram of rank changes, the by-flag table and the largest moves.
#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "check/compiled.hpp"
#include "cotation/compare.hpp"
#include "report/audit_words.hpp"
#include "report/authors_words.hpp"
#include "report/html.hpp"
#include "check/policy_access.hpp"

namespace cotation {

using namespace internal;

namespace {

const std::string_view compare_html_style = R"(
:root { --up: #2e7d32; --down: #c62828; --same: #9e9e9e; --ink: #1a1a1a; --rule: #cfcfcf; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1100px; padding: 0 16px; font-size: 14px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 6px; }
section { border-top: 2px solid var(--ink); padding-top: 10px; margin-top: 22px; }
.meta { color: #555; margin: 0 0 8px; }
.figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.figure { border: 1px solid var(--rule); padding: 6px 10px; min-width: 130px; }
.figure .value { display: block; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figure .label { color: #555; font-size: 12px; }
.figure.up .value { color: var(--up); } .figure.down .value { color: var(--down); }
table { border-collapse: collapse; font-size: 12px; margin: 6px 0 4px; min-width: 560px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.up { color: var(--up); font-weight: 600; } td.down { color: var(--down); font-weight: 600; }
svg.chart { display: block; width: 100%; max-width: 900px; height: auto; }
svg.chart text { font-size: 10px; fill: var(--ink); }
svg.chart .axis { stroke: #777; stroke-width: 1; }
svg.chart .grid { stroke: #e2e2e2; stroke-width: 1; }
svg.chart .bar.up { fill: var(--up); } svg.chart .bar.down { fill: var(--down); } svg.chart .bar.same { fill: var(--same); }
svg.chart .count { font-size: 9.5px; }
footer { margin-top: 24px; color: #555; font-size: 12px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  section, tr, figure { break-inside: avoid; page-break-inside: avoid; }
  svg.chart .bar, td.up, td.down { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

std::string num(double v) { return fmt::format("{:.1f}", v); }

const char* direction_class(std::int64_t from) { return from > 0 ? "up" : from < 0 ? "down" : "same"; }

// One bar per bin of rank changes, falls on the left, rises on the right.
std::string svg_histogram(const std::vector<RankChangeBin>& bins) {
    const std::size_t n = bins.size();
    constexpr double left = 48, top_margin = 18, plot_h = 200, label_h = 62, right = 12;
    const double slot = std::max(36.0, std::min(80.0, 840.0 / static_cast<double>(n)));
    const double w = left + slot * static_cast<double>(n) + right, h = top_margin + plot_h + label_h, bottom = top_margin + plot_h;
    std::uint64_t most = 1;
    for (const RankChangeBin& b : bins) most = std::max(most, b.demands);
    // The axis up to a round number, in four steps of 1, 2 or 5 times a power of ten.
    std::uint64_t step = 1;
    for (std::uint64_t power = 1; step * 4 < most; power *= 10)
        for (const std::uint64_t factor : {1, 2, 5})
            if (step * 4 < most) step = factor * power;
    const std::uint64_t top = step * ((most + step - 1) / step);
    std::string s = fmt::format(
        "<svg class=\"chart\" data-groups=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" "
        "aria-label=\"Histogramme des variations de rang\">",
        n, num(w), num(h), num(w), num(h));
    for (std::uint64_t tick = 0; tick <= top; tick += step) {
        const double y = bottom - plot_h * static_cast<double>(tick) / static_cast<double>(top);
        s += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", num(left), num(y), num(w - right), num(y));
        s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(left - 4), num(y + 3), tick);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const RankChangeBin& b = bins[i];
        const double bar_h = plot_h * static_cast<double>(b.demands) / static_cast<double>(top);
        const double x = left + slot * static_cast<double>(i), cx = x + slot / 2;
        const std::string label = bin_fr(b);
        s += fmt::format("<g class=\"group\" data-from=\"{}\" data-to=\"{}\"><title>{} : {} demande{}</title>", b.from, b.to, html_escape(label), b.demands,
                         b.demands > 1 ? "s" : "");
        s += fmt::format("<rect class=\"bar {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", direction_class(b.from), num(x + 3),
                         num(bottom - bar_h), num(slot - 6), num(bar_h));
        s += fmt::format("<text class=\"count\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num(cx), num(bottom - bar_h - 3), b.demands);
        s += fmt::format("<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\" transform=\"rotate(-45 {0} {1})\">{2}</text></g>", num(cx + 3),
                         num(bottom + 12), html_escape(label));
    }
    s += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(left), num(top_margin), num(bottom));
    s += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>", num(left), num(w - right), num(bottom));
    return s + "</svg>";
}

void figure(std::ostream& out, const std::string& value, const std::string& label, const char* kind = "") {
    out << "<div class=\"figure " << kind << "\"><span class=\"value\">" << html_escape(value) << "</span><span class=\"label\">" << html_escape(label)
        << "</span></div>\n";
}

std::string flag_label(const Policy& policy, const std::string& id) {
    for (const CheckedFlag& f : internal::PolicyAccess::compiled(policy).flags)
        if (f.id == id) return f.label;
    return {};
}

}  // namespace

void write_compare_html(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run) {
    out << "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>Comparaison : " << html_escape(base.name()) << " / " << html_escape(candidate.name()) << "</title>\n<style>" << compare_html_style
        << "</style>\n</head>\n<body>\n<header>\n<h1>Comparaison de deux grilles sur le stock de demandes</h1>\n"
        << "<p class=\"meta\">Demandes au " << format_date(run.as_of) << " · " << run.demands << " demandes (" << run.rows_read
        << " lignes lues, " << run.rejected.size() << " rejetées)</p>\n"
        << "<table class=\"policies\"><tbody>\n<tr><th>base</th><td>" << html_escape(header_line(base)) << "</td></tr>\n<tr><th>candidate</th><td>"
        << html_escape(header_line(candidate));
    if (!run.candidate_overrides.empty()) out << "<br>paramètres modifiés : " << html_escape(overrides_fr(run.candidate_overrides));
    out << "</td></tr>\n</tbody></table>\n</header>\n";

    const auto share = [&](std::uint64_t k) { return percent_fr(static_cast<std::int64_t>(k), static_cast<std::int64_t>(run.both_scored)); };
    out << "<section id=\"chiffres\">\n<h2>Les chiffres</h2>\n<div class=\"figures\">\n";
    figure(out, std::to_string(run.both_scored), "cotées par les deux grilles");
    figure(out, std::to_string(run.moved_up), "montent (" + share(run.moved_up) + ")", "up");
    figure(out, std::to_string(run.moved_down), "descendent (" + share(run.moved_down) + ")", "down");
    figure(out, std::to_string(run.unchanged), "inchangées (" + share(run.unchanged) + ")");
    figure(out, std::to_string(run.only_base), "cotées par la base seule");
    figure(out, std::to_string(run.only_candidate), "cotées par la candidate seule");
    out << "</div>\n<p class=\"meta\">Rang : celui de la demande dans son groupe de positionnement, selon chaque grille ; "
           "variation = rang base − rang candidate (positive : la demande monte).</p>\n</section>\n";

    out << "<section id=\"histogramme\">\n<h2>Variations de rang</h2>\n";
    if (run.histogram.empty()) out << "<p>Aucune demande n'est cotée par les deux grilles.</p>\n";
    else out << "<figure>" << svg_histogram(run.histogram) << "<figcaption class=\"meta\">Demandes cotées par les deux grilles, par variation de rang.</figcaption></figure>\n";
    out << "</section>\n";

    out << "<section id=\"indicateurs\">\n<h2>Par indicateur</h2>\n<p class=\"meta\">Demandes cotées par les deux grilles pour "
           "lesquelles l'indicateur est vrai (celui de la grille candidate ; celui de la base quand la candidate ne l'a pas).</p>\n";
    if (run.by_flag.empty()) out << "<p>Aucun indicateur.</p>\n";
    else {
        out << "<table><thead><tr><th>indicateur</th><th>grille</th><th class=\"num\">demandes</th><th class=\"num\">montent</th>"
               "<th class=\"num\">descendent</th><th class=\"num\">variation moyenne du rang</th></tr></thead><tbody>\n";
        for (const FlagMoves& f : run.by_flag) {
            const std::string label = flag_label(f.policy == "base" ? base : candidate, f.flag);
            out << "<tr><td>" << html_escape(f.flag) << (label.empty() ? "" : "<br><span class=\"meta\">" + html_escape(label) + "</span>") << "</td><td>"
                << html_escape(f.policy) << "</td><td class=\"num\">" << f.n << "</td><td class=\"num\">" << f.moved_up << "</td><td class=\"num\">"
                << f.moved_down << "</td><td class=\"num " << (f.mean_rank_change > 0 ? "up" : f.mean_rank_change < 0 ? "down" : "") << "\">"
                << html_escape(mean_fr(f.mean_rank_change)) << "</td></tr>\n";
        }
        out << "</tbody></table>\n";
    }
    out << "</section>\n";

    out << "<section id=\"deplacements\">\n<h2>Les plus grands déplacements</h2>\n";
    if (run.largest_moves.empty()) out << "<p>Aucune demande n'est cotée par les deux grilles.</p>\n";
    else {
        out << "<table><thead><tr><th>demande</th><th class=\"num\">rang base</th><th class=\"num\">rang candidate</th>"
               "<th class=\"num\">variation</th></tr></thead><tbody>\n";
        for (const RankMove& m : run.largest_moves)
            out << "<tr><td>" << html_escape(m.id) << "</td><td class=\"num\">" << m.base_rank << "</td><td class=\"num\">" << m.candidate_rank
                << "</td><td class=\"num " << direction_class(m.rank_change) << "\">" << signed_text(m.rank_change) << "</td></tr>\n";
        out << "</tbody></table>\n";
    }
    out << "</section>\n<footer>La cotation est une aide à la décision : la commission d'attribution décide. Cette comparaison montre "
           "l'effet d'un changement de grille sur le rang des demandes ; elle ne dit pas quelles demandes seront satisfaites.</footer>\n"
           "</body>\n</html>\n";
}

}  // namespace cotation
