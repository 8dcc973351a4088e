// The audit as a self-contained HTML page: per quota, SVG panels and the table of results; the
// what-if of candidates; the diagnosis, one horizontal bar chart and table per panel.
#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>

#include <fmt/format.h>

#include "check/compiled.hpp"
#include "cotation/audit_report.hpp"
#include "report/audit_html_style.hpp"
#include "report/audit_words.hpp"
#include "report/html.hpp"
#include "report/diagnosis_panels.hpp"

namespace cotation {

using namespace internal;

namespace {

// An SVG coordinate or length, one decimal.
std::string num(double v) { return fmt::format("{:.1f}", v); }

bool is_percent(const Target& t) { return t.kind == TargetKind::at_least_percent || t.kind == TargetKind::at_most_percent; }

// The target of a result, parsed back from its text (the text is the one of the policy).
std::optional<Target> target_of(const QuotaGroupResult& r) {
    std::string problem;
    return parse_target(r.target, problem);
}

// One panel: one bar (the share, or the count for `>= N` / `<= N`) and the target as a line.
std::string svg_panel(const QuotaGroupResult& r) {
    constexpr double w = 180, h = 132, left = 34, right = 170, top = 22, bottom = 104;
    const double plot_h = bottom - top;
    const auto t = target_of(r);
    const bool percent = !t || is_percent(*t);
    double max = 100, value = 0, target_value = 0;
    std::string value_label;
    if (percent) {
        value = r.n == 0 ? 0 : static_cast<double>(share_scaled(r.k, r.n)) / 100.0;
        target_value = t ? static_cast<double>(t->numerator) / static_cast<double>(t->scale) : 0;
        value_label = r.n == 0 ? "n = 0" : percent_fr(r.k, r.n);
    } else {
        target_value = static_cast<double>(t->numerator);
        value = static_cast<double>(r.k);
        max = std::max({value, target_value, 1.0}) * 1.25;
        value_label = std::to_string(r.k);
    }
    const double bar_h = max > 0 ? std::min(value / max, 1.0) * plot_h : 0;
    const double target_y = bottom - std::min(target_value / max, 1.0) * plot_h;
    const double bar_w = 56, bar_x = (left + right) / 2 - bar_w / 2;
    const std::string status(status_name(r.status));
    std::string s;
    s += fmt::format("<svg class=\"chart\" data-groups=\"1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{} : {}, objectif {}\">",
                     w, h, w, h, html_escape(group_fr(r)), html_escape(value_label), html_escape(r.target));
    s += fmt::format("<line class=\"axis\" stroke=\"#777\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(left), num(top), num(bottom));
    s += fmt::format("<line class=\"axis\" stroke=\"#777\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>", num(left), num(right), num(bottom));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>", num(left - 4), num(bottom + 3));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(left - 4), num(top + 3),
                     percent ? "100 %" : fmt::format("{:g}", std::round(max * 10) / 10));
    const char* fill = r.status == QuotaStatus::met ? "#2e7d32" : r.status == QuotaStatus::not_met ? "#c62828" : "#9e9e9e";
    s += fmt::format("<g class=\"group\" data-group=\"{}\">", html_escape(group_text(r)));
    s += fmt::format("<rect class=\"bar {}\" fill=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>", status, fill, num(bar_x),
                     num(bottom - bar_h), num(bar_w), num(bar_h),
                     html_escape(fmt::format("k = {}, n = {}, {}", r.k, r.n, status_fr(r.status))));
    s += "</g>";
    s += fmt::format("<line class=\"target\" stroke=\"#1a1a1a\" stroke-width=\"2\" stroke-dasharray=\"5 3\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>", num(left), num(right), num(target_y));
    s += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num((left + right) / 2),
                     num(std::max(top - 6, bottom - bar_h - 5)), html_escape(value_label));
    s += fmt::format("<text class=\"caption\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">k {} / n {} · objectif {}</text>", num(w / 2),
                     num(h - 12), r.k, r.n, html_escape(r.target));
    s += "</svg>";
    return s;
}

void write_results_table(std::ostream& out, const Policy& policy, const AuditRun& run, const QuotaBlock& b) {
    const CheckedQuota* q = find_quota(policy, run.results[b.begin].quota);
    out << "<table><thead><tr><th>" << html_escape(by_names(policy, q))
        << "</th><th class=\"num\">k</th><th class=\"num\">n</th><th class=\"num\">inconnus</th><th class=\"num\">part</th>"
           "<th>objectif</th><th>statut</th><th class=\"num\">écart</th></tr></thead><tbody>\n";
    for (std::size_t i = b.begin; i < b.end; ++i) {
        const QuotaGroupResult& r = run.results[i];
        out << "<tr><td>" << html_escape(group_fr(r)) << "</td><td class=\"num\">" << r.k << "</td><td class=\"num\">" << r.n
            << "</td><td class=\"num\">" << r.unknown << "</td><td class=\"num\">" << html_escape(percent_fr(r.k, r.n)) << "</td><td>"
            << html_escape(r.target) << "</td><td class=\"status " << status_name(r.status) << "\">" << status_fr(r.status)
            << "</td><td class=\"num\">" << html_escape(gap_fr(r)) << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
}

void write_what_if_html(std::ostream& out, const std::vector<WhatIfEffect>& effects) {
    out << "<section class=\"what-if\"><h2>Simulation : attributions candidates</h2>\n"
           "<p class=\"meta\">Chaque candidat est ajouté seul aux attributions de la période.</p>\n";
    if (effects.empty()) {
        out << "<p>Aucun candidat n'entre dans le champ d'un objectif.</p></section>\n";
        return;
    }
    out << "<table><thead><tr><th>candidat</th><th>objectif</th><th>groupe</th><th class=\"num\">avant</th>"
           "<th class=\"num\">après</th><th>statut après</th><th class=\"num\">écart après</th><th>effet</th></tr></thead><tbody>\n";
    for (const WhatIfEffect& e : effects) {
        out << "<tr><td>" << html_escape(e.candidate) << "</td><td>" << html_escape(e.after.quota) << "</td><td>" << html_escape(group_fr(e.after))
            << "</td><td class=\"num\">" << e.before.k << "/" << e.before.n << " (" << html_escape(percent_fr(e.before.k, e.before.n)) << ")</td><td class=\"num\">"
            << e.after.k << "/" << e.after.n << " (" << html_escape(percent_fr(e.after.k, e.after.n)) << ")</td><td class=\"status "
            << status_name(e.after.status) << "\">" << status_fr(e.after.status) << "</td><td class=\"num\">" << html_escape(gap_fr(e.after))
            << "</td><td>" << direction_fr(e.direction) << "</td></tr>\n";
    }
    out << "</tbody></table></section>\n";
}

// A horizontal bar chart: one group (one bar) per row, the share on a 0–100 % axis.
std::string svg_hbars(const DiagnosisPanel& p) {
    constexpr double w = 740, label_w = 228, plot_x = 236, plot_w = 330, value_x = 574, top = 20, row_h = 17, bar_h = 11, bottom = 6;
    const std::size_t n = p.rows.size();
    const double h = top + row_h * static_cast<double>(n) + bottom;
    std::string s;
    s += fmt::format("<svg class=\"chart hbars\" data-groups=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">", n,
                     w, num(h), w, num(h), html_escape(p.title));
    for (int t = 0; t <= 100; t += 25) {
        const double x = plot_x + plot_w * t / 100.0;
        s += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x), num(top - 4), num(h - bottom));
        s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} %</text>", num(x), num(top - 7), t);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto& [label, row] = p.rows[i];
        const double y = top + row_h * static_cast<double>(i);
        const double bar_w = row->n == 0 ? 0 : plot_w * static_cast<double>(share_scaled(row->k, row->n)) / 10000.0;
        const bool overall = row->overall();
        std::string shown = label;
        if (display_width(shown) > 40) {  // cut on a code point boundary
            std::size_t cut = 0, points = 0;
            while (cut < shown.size() && points < 39) {
                ++cut;
                while (cut < shown.size() && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) ++cut;
                ++points;
            }
            shown = shown.substr(0, cut) + "…";
        }
        const std::string value = fmt::format("{} ({}/{})", percent_fr(row->k, row->n), row->k, row->n);
        s += fmt::format("<g class=\"group{}\" data-group=\"{}\"><title>{}</title>", overall ? " overall" : "", html_escape(group_text(*row)),
                         html_escape(label + " : " + value + (row->unknown ? fmt::format(", {} inconnu{}", row->unknown, row->unknown > 1 ? "s" : "") : "")));
        s += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(label_w), num(y + bar_h - 1), html_escape(shown));
        s += fmt::format("<rect class=\"bar {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                         p.kind == DiagnosisKind::share ? "share" : "distribution", num(plot_x), num(y + 1), num(bar_w), num(bar_h));
        s += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\">{}</text></g>", num(value_x), num(y + bar_h - 1), html_escape(value));
    }
    s += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(plot_x), num(top - 4), num(h - bottom));
    if (p.reference_scaled) {
        const double x = plot_x + plot_w * static_cast<double>(*p.reference_scaled) / 10000.0;
        s += fmt::format("<line class=\"reference\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"><title>Part du 1er quartile dans la demande</title></line>",
                         num(x), num(top - 4), num(h - bottom));
    }
    s += "</svg>";
    return s;
}

void write_diagnosis_html(std::ostream& out, const Diagnosis& d) {
    out << "<section class=\"diagnosis\" id=\"diagnostic\">\n<h2>Diagnostic territorial (état des lieux de la CIA)</h2>\n";
    for (const std::string& line : diagnosis_header_fr(d)) out << "<p class=\"meta\">" << html_escape(line) << "</p>\n";
    if (const std::string c = q1_comparison_fr(d); !c.empty()) out << "<p class=\"comparison\">" << html_escape(c) << "</p>\n";
    for (const DiagnosisPanel& p : diagnosis_panels(d)) {
        out << "<div class=\"dpanel\" id=\"diagnostic-" << html_escape(p.id) << "\">\n<h3>" << html_escape(p.title) << "</h3>\n";
        for (const std::string& note : p.notes) out << "<p class=\"note\">Non calculé : " << html_escape(note) << "</p>\n";
        if (p.rows.empty()) {
            out << "</div>\n";
            continue;
        }
        out << "<figure class=\"hchart\">" << svg_hbars(p);
        if (p.reference_scaled)
            out << "<figcaption><i class=\"sw reference\"></i>part du 1er quartile dans la demande</figcaption>";
        out << "</figure>\n<table class=\"diagnosis\"><thead><tr>";
        const auto header = panel_header(p);
        for (std::size_t i = 0; i < header.size(); ++i) out << "<th" << (i ? " class=\"num\"" : "") << ">" << html_escape(header[i]) << "</th>";
        out << "</tr></thead><tbody>\n";
        for (const auto& [label, row] : p.rows) {
            const auto cells = panel_cells(p, label, *row);
            out << "<tr" << (row->overall() ? " class=\"overall\"" : "") << ">";
            for (std::size_t i = 0; i < cells.size(); ++i) out << "<td" << (i ? " class=\"num\"" : "") << ">" << html_escape(cells[i]) << "</td>";
            out << "</tr>\n";
        }
        out << "</tbody></table>\n<p class=\"legend-note\">" << html_escape(panel_legend_fr(p)) << "</p>\n</div>\n";
    }
    out << "</section>\n";
}

}  // namespace

void write_audit_html(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>* what_if,
                      const Diagnosis* diagnosis) {
    out << "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << html_escape(policy.name()) << " — objectifs d'attribution " << format_date(run.from) << " / " << format_date(run.to)
        << "</title>\n<style>" << audit_html_style << "</style>\n</head>\n<body>\n<header>\n<h1>" << html_escape(policy.name()) << "</h1>\n"
        << "<p class=\"meta\">" << (policy.version().empty() ? std::string() : "Version " + html_escape(policy.version()) + " · ")
        << html_escape(period_fr(run)) << "</p>\n";
    if (!policy.reference().empty()) out << "<p class=\"meta\">" << html_escape(policy.reference()) << "</p>\n";
    out << "<p class=\"legend\"><span><i class=\"sw met\"></i>atteint</span><span><i class=\"sw not_met\"></i>non atteint</span>"
           "<span><i class=\"sw no_data\"></i>sans donnée (n = 0)</span><span><i class=\"sw target\"></i>objectif</span></p>\n</header>\n";
    for (const QuotaBlock& b : quota_blocks(run)) {
        const QuotaGroupResult& first = run.results[b.begin];
        const CheckedQuota* q = find_quota(policy, first.quota);
        out << "<section class=\"quota\" id=\"quota-" << html_escape(first.quota) << "\">\n<h2>" << html_escape(first.label.empty() ? first.quota : first.label)
            << "</h2>\n<p class=\"meta\">" << html_escape(first.quota) << " · objectif " << html_escape(q ? q->target.text : first.target);
        if (q && !q->overrides.empty()) out << " (" << html_escape(overrides_fr(q->overrides.size())) << ")";
        if (q && !q->reference.empty()) out << " · " << html_escape(q->reference);
        out << "</p>\n<div class=\"panels\">\n";
        for (std::size_t i = b.begin; i < b.end; ++i) {
            const QuotaGroupResult& r = run.results[i];
            out << "<figure class=\"panel\">" << svg_panel(r) << "<figcaption>" << html_escape(group_fr(r)) << "</figcaption></figure>\n";
        }
        out << "</div>\n";
        write_results_table(out, policy, run, b);
        out << "</section>\n";
    }
    if (what_if) write_what_if_html(out, *what_if);
    if (diagnosis) write_diagnosis_html(out, *diagnosis);
    out << "<footer>k : attributions du champ qui remplissent l'objectif ; n : attributions du champ ; inconnus : champ ou "
           "critère non renseigné, comptés à part ; écart : nombre minimal d'attributions supplémentaires pour atteindre "
           "l'objectif.</footer>\n</body>\n</html>\n";
}

}  // namespace cotation
