// Writing audit results: text, CSV, JSON and a self-contained HTML report; the what-if reports.
#include "cotation/audit_report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/compiled.hpp"

namespace cotation {

namespace {

using json = nlohmann::ordered_json;

// k/n × 10 000, rounded half up, exactly (n > 0).
std::int64_t share_scaled(std::int64_t k, std::int64_t n) {
    const __int128 num = static_cast<__int128>(k) * 20000 + n;
    return static_cast<std::int64_t>(num / (static_cast<__int128>(2) * n));
}
std::int64_t share_scaled(const QuotaGroupResult& r) { return share_scaled(r.k, r.n); }

// RFC 4180: quotes a cell holding the delimiter, a quote or a line break.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

json value_json(const Value& v) {
    if (v.is_null()) return nullptr;
    if (const bool* b = v.as_bool()) return *b;
    if (const double* d = v.as_number()) {
        if (std::floor(*d) == *d && std::fabs(*d) < 9e15) return static_cast<std::int64_t>(*d);
        return *d;
    }
    return format_value(v);
}

json share_json(const QuotaGroupResult& r) {
    if (r.n == 0) return nullptr;
    return static_cast<double>(share_scaled(r)) / 10000.0;
}

json gap_json(const QuotaGroupResult& r) {
    if (r.gap) return *r.gap;
    if (r.exceeded_by > 0) return gap_text(r);
    return nullptr;
}

json group_json(const QuotaGroupResult& r) {
    json g = json::object();
    for (const auto& [field, value] : r.group) g[field] = value_json(value);
    return g;
}

json period_json(const AuditRun& run) {
    json p;
    p["from"] = format_date(run.from);
    p["to"] = format_date(run.to);
    return p;
}

std::string dump(const json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }

// --- text ---

// Display width of UTF-8 text: one column per code point.
std::size_t width(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(std::string_view s, std::size_t w, bool right) {
    const std::size_t have = width(s);
    const std::string fill(have < w ? w - have : 0, ' ');
    return right ? fill + std::string(s) : std::string(s) + fill;
}

// "33,33 %": the share as a French percentage with 2 decimals (the 4 decimals of the share).
std::string percent_fr(const QuotaGroupResult& r) {
    if (r.n == 0) return "—";
    const std::int64_t s = share_scaled(r);
    return fmt::format("{},{:02} %", s / 100, s % 100);
}

std::string status_fr(QuotaStatus s) {
    switch (s) {
        case QuotaStatus::met: return "atteint";
        case QuotaStatus::not_met: return "non atteint";
        case QuotaStatus::no_data: return "sans donnée";
    }
    return "";
}

std::string gap_fr(const QuotaGroupResult& r) {
    if (r.gap) return std::to_string(*r.gap);
    if (r.exceeded_by > 0) return "dépassé de " + std::to_string(r.exceeded_by);
    return "inatteignable";
}

std::string group_fr(const QuotaGroupResult& r) {
    if (r.overall()) return "Ensemble";
    std::string out;
    for (std::size_t i = 0; i < r.group.size(); ++i) {
        if (i) out += " / ";
        out += r.group[i].second.is_null() ? std::string("(vide)") : format_value(r.group[i].second);
    }
    return out;
}

std::string direction_fr(int d) { return d > 0 ? "vers l'objectif" : d < 0 ? "s'en éloigne" : "sans effet"; }

std::string header_line(const Policy& policy) {
    return policy.name() + (policy.version().empty() ? std::string() : " — version " + policy.version());
}

std::string period_fr(const AuditRun& run) {
    return "Période : du " + format_date(run.from) + " au " + format_date(run.to) + " (paramètres en vigueur au " +
           format_date(run.as_of) + ")";
}

// Rows of cells printed as aligned columns; `right[i]` right-aligns column i.
void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right,
                 const std::string& indent) {
    std::vector<std::size_t> w(right.size(), 0);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) w[i] = std::max(w[i], width(row[i]));
    for (const auto& row : rows) {
        std::string line = indent;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) line += "  ";
            line += pad(row[i], i + 1 == row.size() && !right[i] ? 0 : w[i], right[i]);
        }
        out << line << '\n';
    }
}

// The results of one quota: [begin, end) of run.results.
struct Block {
    std::size_t begin = 0;
    std::size_t end = 0;
};

std::vector<Block> blocks(const AuditRun& run) {
    std::vector<Block> out;
    for (std::size_t i = 0; i < run.results.size(); ++i) {
        if (out.empty() || run.results[i].quota != run.results[out.back().begin].quota) out.push_back(Block{i, i});
        out.back().end = i + 1;
    }
    return out;
}

const CheckedQuota* find_quota(const Policy& policy, const std::string& id) {
    for (const CheckedQuota& q : policy.compiled().quotas)
        if (q.id == id) return &q;
    return nullptr;
}

std::string by_names(const Policy& policy, const CheckedQuota* q) {
    if (!q || q->by_slots.empty()) return "Groupe";
    const CompiledPolicy& p = policy.compiled();
    const CheckedRecord& record = p.records[static_cast<std::size_t>(q->record)];
    std::string out;
    for (std::size_t i = 0; i < q->by_slots.size(); ++i)
        out += (i ? " / " : "") + record.slot_names[static_cast<std::size_t>(q->by_slots[i])];
    return out;
}

// --- HTML ---

std::string esc(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

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
        value = r.n == 0 ? 0 : static_cast<double>(share_scaled(r)) / 100.0;
        target_value = t ? static_cast<double>(t->numerator) / static_cast<double>(t->scale) : 0;
        value_label = r.n == 0 ? "n = 0" : percent_fr(r);
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
                     w, h, w, h, esc(group_fr(r)), esc(value_label), esc(r.target));
    s += fmt::format("<line class=\"axis\" stroke=\"#777\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(left), num(top), num(bottom));
    s += fmt::format("<line class=\"axis\" stroke=\"#777\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>", num(left), num(right), num(bottom));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>", num(left - 4), num(bottom + 3));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(left - 4), num(top + 3),
                     percent ? "100 %" : fmt::format("{:g}", std::round(max * 10) / 10));
    const char* fill = r.status == QuotaStatus::met ? "#2e7d32" : r.status == QuotaStatus::not_met ? "#c62828" : "#9e9e9e";
    s += fmt::format("<g class=\"group\" data-group=\"{}\">", esc(group_text(r)));
    s += fmt::format("<rect class=\"bar {}\" fill=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>", status, fill, num(bar_x),
                     num(bottom - bar_h), num(bar_w), num(bar_h),
                     esc(fmt::format("k = {}, n = {}, {}", r.k, r.n, status_fr(r.status))));
    s += "</g>";
    s += fmt::format("<line class=\"target\" stroke=\"#1a1a1a\" stroke-width=\"2\" stroke-dasharray=\"5 3\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>", num(left), num(right), num(target_y));
    s += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num((left + right) / 2),
                     num(std::max(top - 6, bottom - bar_h - 5)), esc(value_label));
    s += fmt::format("<text class=\"caption\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">k {} / n {} · objectif {}</text>", num(w / 2),
                     num(h - 12), r.k, r.n, esc(r.target));
    s += "</svg>";
    return s;
}

constexpr const char* html_style = R"(
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

void write_results_table(std::ostream& out, const Policy& policy, const AuditRun& run, const Block& b) {
    const CheckedQuota* q = find_quota(policy, run.results[b.begin].quota);
    out << "<table><thead><tr><th>" << esc(by_names(policy, q))
        << "</th><th class=\"num\">k</th><th class=\"num\">n</th><th class=\"num\">inconnus</th><th class=\"num\">part</th>"
           "<th>objectif</th><th>statut</th><th class=\"num\">écart</th></tr></thead><tbody>\n";
    for (std::size_t i = b.begin; i < b.end; ++i) {
        const QuotaGroupResult& r = run.results[i];
        out << "<tr><td>" << esc(group_fr(r)) << "</td><td class=\"num\">" << r.k << "</td><td class=\"num\">" << r.n
            << "</td><td class=\"num\">" << r.unknown << "</td><td class=\"num\">" << esc(percent_fr(r)) << "</td><td>"
            << esc(r.target) << "</td><td class=\"status " << status_name(r.status) << "\">" << status_fr(r.status)
            << "</td><td class=\"num\">" << esc(gap_fr(r)) << "</td></tr>\n";
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
        out << "<tr><td>" << esc(e.candidate) << "</td><td>" << esc(e.after.quota) << "</td><td>" << esc(group_fr(e.after))
            << "</td><td class=\"num\">" << e.before.k << "/" << e.before.n << " (" << esc(percent_fr(e.before)) << ")</td><td class=\"num\">"
            << e.after.k << "/" << e.after.n << " (" << esc(percent_fr(e.after)) << ")</td><td class=\"status "
            << status_name(e.after.status) << "\">" << status_fr(e.after.status) << "</td><td class=\"num\">" << esc(gap_fr(e.after))
            << "</td><td>" << direction_fr(e.direction) << "</td></tr>\n";
    }
    out << "</tbody></table></section>\n";
}

json side_json(const QuotaGroupResult& r) {
    json j;
    j["k"] = r.k;
    j["n"] = r.n;
    j["unknown"] = r.unknown;
    j["share"] = share_json(r);
    j["status"] = std::string(status_name(r.status));
    j["gap"] = gap_json(r);
    return j;
}

// --- the territorial diagnosis ---

// "24,50 %" for a diagnosis row; "—" when n = 0.
std::string percent_fr(const DiagnosisRow& r) {
    if (r.n == 0) return "—";
    const std::int64_t s = share_scaled(r.k, r.n);
    return fmt::format("{},{:02} %", s / 100, s % 100);
}

// The SNE codes of the reservation holders, for the reports.
std::string reservataire_fr(const std::string& code) {
    if (code == "PPRIOR") return "PPRIOR (préfet, publics prioritaires)";
    if (code == "PFONCT") return "PFONCT (préfet, agents de l'État)";
    if (code == "COLACT") return "COLACT (Action Logement)";
    if (code == "COLTER") return "COLTER (collectivités territoriales)";
    if (code == "BAILLEUR") return "BAILLEUR (contingent propre du bailleur)";
    return code;
}

std::string group_value_fr(const std::string& field, const Value& v) {
    if (field == "qpv") {
        if (const bool* b = v.as_bool()) return *b ? "en QPV" : "hors QPV";
        return "QPV non renseigné";
    }
    if (field == "residence_class") return v.is_null() ? "résidence non qualifiée" : "résidence " + format_value(v);
    if (v.is_null()) return field + " non renseigné";
    if (const bool* b = v.as_bool()) return field + (*b ? " : oui" : " : non");
    if (field == "reservataire" && v.as_string()) return reservataire_fr(*v.as_string());
    return format_value(v);
}

std::string group_fr(const DiagnosisRow& r) {
    if (r.overall()) return "Ensemble";
    std::string out;
    for (std::size_t i = 0; i < r.group.size(); ++i) {
        if (i) out += " · ";
        out += group_value_fr(r.group[i].first, r.group[i].second);
    }
    return out;
}

// French thousands: 9243 -> "9 243", 8671.5 -> "8 671,5".
std::string number_fr(double v) {
    std::string text = format_number(v);
    std::string sign;
    if (!text.empty() && text[0] == '-') {
        sign = "-";
        text.erase(0, 1);
    }
    const std::size_t dot = text.find('.');
    std::string whole = text.substr(0, dot), frac = dot == std::string::npos ? "" : "," + text.substr(dot + 1);
    if (whole.find_first_not_of("0123456789") != std::string::npos) return sign + text;  // 1e+20 and the like
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i && (whole.size() - i) % 3 == 0) grouped += "\u202f";
        grouped += whole[i];
    }
    return sign + grouped + frac;
}

// (a/b − c/d) in percentage points, 2 decimals, rounded half away from zero: "+0,50 point",
// "−3,25 points".
std::string points_difference_fr(const DiagnosisRow& x, const DiagnosisRow& y) {
    const __int128 num = (static_cast<__int128>(x.k) * y.n - static_cast<__int128>(y.k) * x.n) * 10000;
    const __int128 den = static_cast<__int128>(x.n) * y.n;
    const __int128 mag = ((num < 0 ? -num : num) * 2 + den) / (2 * den);
    const auto m = static_cast<std::int64_t>(mag);
    return fmt::format("{}{},{:02} point{}", num < 0 ? "−" : num > 0 ? "+" : "", m / 100, m % 100, m >= 200 ? "s" : "");
}

const DiagnosisRow* overall_row(const DiagnosisSection* s) {
    if (!s) return nullptr;
    for (const DiagnosisRow& r : s->rows)
        if (r.overall()) return &r;
    return nullptr;
}

// The sentence comparing the two 1st-quartile shares; empty when one is missing or n = 0.
std::string q1_comparison_fr(const Diagnosis& d) {
    const DiagnosisRow* a = overall_row(d.section("q1_allocations"));
    const DiagnosisRow* m = overall_row(d.section("q1_demands"));
    if (!a || !m || a->n == 0 || m->n == 0) return {};
    return "Le 1er quartile pèse " + percent_fr(*a) + " des attributions contre " + percent_fr(*m) + " de la demande (" +
           points_difference_fr(*a, *m) + ").";
}

std::vector<std::string> diagnosis_header_fr(const Diagnosis& d) {
    std::vector<std::string> lines;
    lines.push_back("Période : du " + format_date(d.from) + " au " + format_date(d.to) + " sur `" + d.period_field + "` ; " +
                    std::to_string(d.allocations) + " attribution" + (d.allocations > 1 ? "s" : "") + " comptée" +
                    (d.allocations > 1 ? "s" : "") +
                    (d.allocations_without_period ? " (" + std::to_string(d.allocations_without_period) + " sans date, non comptées)" : ""));
    if (d.q1_threshold)
        lines.push_back("Seuil du 1er quartile : " + number_fr(*d.q1_threshold) + " €/UC/an (`q1_threshold` au " + format_date(d.as_of) +
                        ") ; un ménage est au 1er quartile quand `income_per_uc < q1_threshold`");
    if (d.section("q1_demands"))
        lines.push_back("Demandes : " + std::to_string(d.demands) + " déposée" + (d.demands > 1 ? "s" : "") + " au plus tard le " +
                        format_date(d.to) +
                        (d.demands_filed_after ? " (" + std::to_string(d.demands_filed_after) + " déposées après, non comptées)" : ""));
    return lines;
}

// One table of the diagnosis: a title, the notes of its sections, its rows. The 1st-quartile
// panel joins the demand row and the allocation rows.
struct DiagnosisPanel {
    std::string id;
    std::string title;
    DiagnosisKind kind = DiagnosisKind::share;
    std::vector<std::pair<std::string, const DiagnosisRow*>> rows;  // label, row
    std::vector<std::string> notes;
    std::optional<std::int64_t> reference_scaled;  // the demand's 1st-quartile share × 10 000
};

std::vector<DiagnosisPanel> diagnosis_panels(const Diagnosis& d) {
    std::vector<DiagnosisPanel> panels;
    const auto notes_of = [&](std::initializer_list<const char*> ids) {
        std::vector<std::string> out;
        for (const DiagnosisNote& n : d.notes)
            for (const char* id : ids)
                if (n.section == id) out.push_back(n.text);
        return out;
    };
    {
        DiagnosisPanel q1{"q1", "1er quartile : la demande et les attributions", DiagnosisKind::share, {}, notes_of({"q1_demands", "q1_allocations"}), {}};
        if (const DiagnosisSection* s = d.section("q1_demands"))
            for (const DiagnosisRow& r : s->rows) {
                q1.rows.emplace_back(r.overall() ? std::string("Demande — ensemble") : "Demande · " + group_fr(r), &r);
                if (r.overall() && r.n > 0) q1.reference_scaled = share_scaled(r.k, r.n);
            }
        if (const DiagnosisSection* s = d.section("q1_allocations"))
            for (const DiagnosisRow& r : s->rows) q1.rows.emplace_back(r.overall() ? std::string("Attributions — ensemble") : group_fr(r), &r);
        panels.push_back(std::move(q1));
    }
    const auto plain = [&](const char* id, const char* fallback_title) {
        const DiagnosisSection* s = d.section(id);
        DiagnosisPanel p{id, s ? s->label : fallback_title, s ? s->kind : DiagnosisKind::share, {}, notes_of({id}), {}};
        if (s)
            for (const DiagnosisRow& r : s->rows) p.rows.emplace_back(group_fr(r), &r);
        if (s || !p.notes.empty()) panels.push_back(std::move(p));
    };
    plain("qpv", "Attributions en QPV et hors QPV, par bailleur");
    plain("dalo", "Attributions aux ménages reconnus DALO");
    plain("priority", "Attributions aux publics prioritaires (L441-1 CCH, PDALHPD)");
    plain("dalo_or_priority", "Attributions aux ménages DALO ou prioritaires");
    plain("reservataire", "Attributions par réservataire");
    plain("residence_class", "Attributions par classe de résidence (qualification de la CIL)");
    return panels;
}

std::vector<std::string> panel_header(const DiagnosisPanel& p) {
    if (p.kind == DiagnosisKind::share) return {"groupe", "k", "n", "inconnus", "part"};
    return {"groupe", "nombre", "total", "part"};
}

std::vector<std::string> panel_cells(const DiagnosisPanel& p, const std::string& label, const DiagnosisRow& r) {
    if (p.kind == DiagnosisKind::share) return {label, std::to_string(r.k), std::to_string(r.n), std::to_string(r.unknown), percent_fr(r)};
    return {label, std::to_string(r.k), std::to_string(r.n), percent_fr(r)};
}

std::string panel_legend_fr(const DiagnosisPanel& p) {
    if (p.id == "q1")
        return "Lignes sans « Demande » : attributions de la période. k : ménages au 1er quartile ; n : ménages dont les "
               "ressources par UC sont connues ; inconnus : ressources non renseignées, comptées à part ; part : k / n.";
    if (p.kind == DiagnosisKind::share)
        return "k : attributions concernées ; n : attributions où l'information est renseignée ; inconnus : non renseignée, "
               "comptées à part ; part : k / n.";
    return "nombre : attributions du groupe ; total : attributions de l'ensemble ou du bailleur ; part : nombre / total.";
}

// A horizontal bar chart: one group (one bar) per row, the share on a 0–100 % axis.
std::string svg_hbars(const DiagnosisPanel& p) {
    constexpr double w = 740, label_w = 228, plot_x = 236, plot_w = 330, value_x = 574, top = 20, row_h = 17, bar_h = 11, bottom = 6;
    const std::size_t n = p.rows.size();
    const double h = top + row_h * static_cast<double>(n) + bottom;
    std::string s;
    s += fmt::format("<svg class=\"chart hbars\" data-groups=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">", n,
                     w, num(h), w, num(h), esc(p.title));
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
        if (width(shown) > 40) {  // cut on a code point boundary
            std::size_t cut = 0, points = 0;
            while (cut < shown.size() && points < 39) {
                ++cut;
                while (cut < shown.size() && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) ++cut;
                ++points;
            }
            shown = shown.substr(0, cut) + "…";
        }
        const std::string value = p.kind == DiagnosisKind::share
                                      ? fmt::format("{} ({}/{})", percent_fr(*row), row->k, row->n)
                                      : fmt::format("{} ({}/{})", percent_fr(*row), row->k, row->n);
        s += fmt::format("<g class=\"group{}\" data-group=\"{}\"><title>{}</title>", overall ? " overall" : "", esc(group_text(*row)),
                         esc(label + " : " + value + (row->unknown ? fmt::format(", {} inconnu{}", row->unknown, row->unknown > 1 ? "s" : "") : "")));
        s += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(label_w), num(y + bar_h - 1), esc(shown));
        s += fmt::format("<rect class=\"bar {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                         p.kind == DiagnosisKind::share ? "share" : "distribution", num(plot_x), num(y + 1), num(bar_w), num(bar_h));
        s += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\">{}</text></g>", num(value_x), num(y + bar_h - 1), esc(value));
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
    for (const std::string& line : diagnosis_header_fr(d)) out << "<p class=\"meta\">" << esc(line) << "</p>\n";
    if (const std::string c = q1_comparison_fr(d); !c.empty()) out << "<p class=\"comparison\">" << esc(c) << "</p>\n";
    for (const DiagnosisPanel& p : diagnosis_panels(d)) {
        out << "<div class=\"dpanel\" id=\"diagnostic-" << esc(p.id) << "\">\n<h3>" << esc(p.title) << "</h3>\n";
        for (const std::string& note : p.notes) out << "<p class=\"note\">Non calculé : " << esc(note) << "</p>\n";
        if (p.rows.empty()) {
            out << "</div>\n";
            continue;
        }
        out << "<figure class=\"hchart\">" << svg_hbars(p);
        if (p.reference_scaled)
            out << "<figcaption><i class=\"sw reference\"></i>part du 1er quartile dans la demande</figcaption>";
        out << "</figure>\n<table class=\"diagnosis\"><thead><tr>";
        const auto header = panel_header(p);
        for (std::size_t i = 0; i < header.size(); ++i) out << "<th" << (i ? " class=\"num\"" : "") << ">" << esc(header[i]) << "</th>";
        out << "</tr></thead><tbody>\n";
        for (const auto& [label, row] : p.rows) {
            const auto cells = panel_cells(p, label, *row);
            out << "<tr" << (row->overall() ? " class=\"overall\"" : "") << ">";
            for (std::size_t i = 0; i < cells.size(); ++i) out << "<td" << (i ? " class=\"num\"" : "") << ">" << esc(cells[i]) << "</td>";
            out << "</tr>\n";
        }
        out << "</tbody></table>\n<p class=\"legend-note\">" << esc(panel_legend_fr(p)) << "</p>\n</div>\n";
    }
    out << "</section>\n";
}

json diagnosis_json(const Diagnosis& d) {
    json j;
    j["period"] = json{{"from", format_date(d.from)}, {"to", format_date(d.to)}};
    j["as_of"] = format_date(d.as_of);
    j["period_field"] = d.period_field;
    j["q1_threshold"] = d.q1_threshold ? value_json(Value(*d.q1_threshold)) : json(nullptr);
    j["allocations"] = d.allocations;
    j["allocations_without_period"] = d.allocations_without_period;
    j["demands"] = d.demands_given ? json{{"counted", d.demands}, {"filed_after_period", d.demands_filed_after}} : json(nullptr);
    json notes = json::array();
    for (const DiagnosisNote& n : d.notes) notes.push_back(json{{"section", n.section}, {"text", n.text}});
    j["notes"] = std::move(notes);
    json sections = json::array();
    for (const DiagnosisSection& s : d.sections) {
        json o;
        o["id"] = s.id;
        o["label"] = s.label;
        o["kind"] = s.kind == DiagnosisKind::share ? "share" : "distribution";
        json rows = json::array();
        for (const DiagnosisRow& r : s.rows) {
            json g = json::object();
            for (const auto& [field, value] : r.group) g[field] = value_json(value);
            json row;
            row["group"] = std::move(g);
            row["k"] = r.k;
            row["n"] = r.n;
            row["unknown"] = r.unknown;
            row["share"] = r.n == 0 ? json(nullptr) : json(static_cast<double>(share_scaled(r.k, r.n)) / 10000.0);
            rows.push_back(std::move(row));
        }
        o["rows"] = std::move(rows);
        sections.push_back(std::move(o));
    }
    j["sections"] = std::move(sections);
    return j;
}

}  // namespace

std::string share_text(const QuotaGroupResult& r) {
    if (r.n == 0) return {};
    const std::int64_t s = share_scaled(r);
    return fmt::format("{}.{:04}", s / 10000, s % 10000);
}

std::string gap_text(const QuotaGroupResult& r) {
    if (r.gap) return std::to_string(*r.gap);
    if (r.exceeded_by > 0) return "exceeded by " + std::to_string(r.exceeded_by);
    return {};
}

namespace {

// "name=value;name=value", or "*" for the overall row.
std::string group_values_text(const std::vector<std::pair<std::string, Value>>& group) {
    if (group.empty()) return "*";
    std::string out;
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (i) out += ';';
        out += group[i].first + "=" + format_value(group[i].second);
    }
    return out;
}

}  // namespace

std::string group_text(const QuotaGroupResult& r) { return group_values_text(r.group); }

void write_audit_csv(std::ostream& out, const AuditRun& run) {
    std::string text = "quota,group,k,n,unknown,share,target,status,gap\n";
    for (const QuotaGroupResult& r : run.results) {
        text += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(r.quota), csv_field(group_text(r)), r.k, r.n, r.unknown,
                            share_text(r), csv_field(r.target), status_name(r.status), gap_text(r));
    }
    out << text;
}

void write_audit_json(std::ostream& out, const Policy& policy, const AuditRun& run, const Diagnosis* diagnosis) {
    json j;
    j["name"] = policy.name();
    j["version"] = policy.version();
    j["period"] = period_json(run);
    json results = json::array();
    for (const QuotaGroupResult& r : run.results) {
        json o;
        o["quota"] = r.quota;
        o["label"] = r.label;
        o["group"] = group_json(r);
        o["k"] = r.k;
        o["n"] = r.n;
        o["unknown"] = r.unknown;
        o["share"] = share_json(r);
        o["target"] = r.target;
        o["status"] = std::string(status_name(r.status));
        o["gap"] = gap_json(r);
        results.push_back(std::move(o));
    }
    j["results"] = std::move(results);
    if (diagnosis) j["diagnosis"] = diagnosis_json(*diagnosis);
    out << dump(j);
}

void write_audit_text(std::ostream& out, const Policy& policy, const AuditRun& run) {
    out << header_line(policy) << '\n' << period_fr(run) << '\n';
    for (const Block& b : blocks(run)) {
        const QuotaGroupResult& first = run.results[b.begin];
        const CheckedQuota* q = find_quota(policy, first.quota);
        out << '\n' << first.quota << " — " << (first.label.empty() ? first.quota : first.label) << '\n';
        out << "  objectif : " << (q ? q->target.text : first.target);
        if (q && !q->overrides.empty()) out << " (" << q->overrides.size() << " dérogation" << (q->overrides.size() > 1 ? "s" : "") << " par groupe)";
        out << '\n';
        std::vector<std::vector<std::string>> rows;
        rows.push_back({by_names(policy, q), "k", "n", "inconnus", "part", "objectif", "statut", "écart"});
        for (std::size_t i = b.begin; i < b.end; ++i) {
            const QuotaGroupResult& r = run.results[i];
            rows.push_back({group_fr(r), std::to_string(r.k), std::to_string(r.n), std::to_string(r.unknown), percent_fr(r), r.target,
                            status_fr(r.status), gap_fr(r)});
        }
        write_table(out, rows, {false, true, true, true, true, false, false, true}, "  ");
    }
}

void write_audit_html(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>* what_if,
                      const Diagnosis* diagnosis) {
    out << "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << esc(policy.name()) << " — objectifs d'attribution " << format_date(run.from) << " / " << format_date(run.to)
        << "</title>\n<style>" << html_style << "</style>\n</head>\n<body>\n<header>\n<h1>" << esc(policy.name()) << "</h1>\n"
        << "<p class=\"meta\">" << (policy.version().empty() ? std::string() : "Version " + esc(policy.version()) + " · ")
        << esc(period_fr(run)) << "</p>\n";
    if (!policy.reference().empty()) out << "<p class=\"meta\">" << esc(policy.reference()) << "</p>\n";
    out << "<p class=\"legend\"><span><i class=\"sw met\"></i>atteint</span><span><i class=\"sw not_met\"></i>non atteint</span>"
           "<span><i class=\"sw no_data\"></i>sans donnée (n = 0)</span><span><i class=\"sw target\"></i>objectif</span></p>\n</header>\n";
    for (const Block& b : blocks(run)) {
        const QuotaGroupResult& first = run.results[b.begin];
        const CheckedQuota* q = find_quota(policy, first.quota);
        out << "<section class=\"quota\" id=\"quota-" << esc(first.quota) << "\">\n<h2>" << esc(first.label.empty() ? first.quota : first.label)
            << "</h2>\n<p class=\"meta\">" << esc(first.quota) << " · objectif " << esc(q ? q->target.text : first.target);
        if (q && !q->reference.empty()) out << " · " << esc(q->reference);
        out << "</p>\n<div class=\"panels\">\n";
        for (std::size_t i = b.begin; i < b.end; ++i) {
            const QuotaGroupResult& r = run.results[i];
            out << "<figure class=\"panel\">" << svg_panel(r) << "<figcaption>" << esc(group_fr(r)) << "</figcaption></figure>\n";
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

void write_what_if_text(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>& effects) {
    out << header_line(policy) << '\n' << period_fr(run) << '\n'
        << "Simulation : chaque candidat est ajouté seul aux attributions de la période.\n";
    if (effects.empty()) {
        out << "\nAucun candidat n'entre dans le champ d'un objectif.\n";
        return;
    }
    for (std::size_t i = 0; i < effects.size();) {
        std::size_t end = i;
        while (end < effects.size() && effects[end].candidate_row == effects[i].candidate_row) ++end;
        out << "\nCandidat " << effects[i].candidate << '\n';
        std::vector<std::vector<std::string>> rows;
        rows.push_back({"quota", "groupe", "avant", "après", "objectif", "statut après", "écart après", "effet"});
        for (std::size_t e = i; e < end; ++e) {
            const WhatIfEffect& w = effects[e];
            rows.push_back({w.after.quota, group_fr(w.after), fmt::format("{}/{} ({})", w.before.k, w.before.n, percent_fr(w.before)),
                            fmt::format("{}/{} ({})", w.after.k, w.after.n, percent_fr(w.after)), w.after.target,
                            status_fr(w.after.status), gap_fr(w.after), direction_fr(w.direction)});
        }
        write_table(out, rows, {false, false, true, true, false, false, true, false}, "  ");
        i = end;
    }
}

void write_what_if_csv(std::ostream& out, const std::vector<WhatIfEffect>& effects) {
    std::string text = "candidate,quota,group,k_before,n_before,unknown_before,share_before,status_before,k,n,unknown,share,target,status,gap,direction\n";
    for (const WhatIfEffect& e : effects) {
        const QuotaGroupResult& b = e.before;
        const QuotaGroupResult& a = e.after;
        text += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(e.candidate), csv_field(a.quota),
                            csv_field(group_text(a)), b.k, b.n, b.unknown, share_text(b), status_name(b.status), a.k, a.n, a.unknown,
                            share_text(a), csv_field(a.target), status_name(a.status), gap_text(a), direction_name(e.direction));
    }
    out << text;
}

void write_what_if_json(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>& effects,
                        const Diagnosis* diagnosis) {
    json j;
    j["name"] = policy.name();
    j["version"] = policy.version();
    j["period"] = period_json(run);
    json list = json::array();
    for (const WhatIfEffect& e : effects) {
        json o;
        o["candidate"] = e.candidate;
        o["quota"] = e.after.quota;
        o["label"] = e.after.label;
        o["group"] = group_json(e.after);
        o["target"] = e.after.target;
        o["before"] = side_json(e.before);
        o["after"] = side_json(e.after);
        o["direction"] = std::string(direction_name(e.direction));
        list.push_back(std::move(o));
    }
    j["what_if"] = std::move(list);
    if (diagnosis) j["diagnosis"] = diagnosis_json(*diagnosis);
    out << dump(j);
}

// --- the territorial diagnosis ---

std::string share_text(const DiagnosisRow& r) {
    if (r.n == 0) return {};
    const std::int64_t s = share_scaled(r.k, r.n);
    return fmt::format("{}.{:04}", s / 10000, s % 10000);
}

std::string group_text(const DiagnosisRow& r) { return group_values_text(r.group); }

void write_diagnosis_csv(std::ostream& out, const Diagnosis& d) {
    std::string text = "section,group,k,n,share\n";
    for (const DiagnosisSection& s : d.sections)
        for (const DiagnosisRow& r : s.rows)
            text += fmt::format("{},{},{},{},{}\n", csv_field(s.id), csv_field(group_text(r)), r.k, r.n, share_text(r));
    out << text;
}

void write_diagnosis_json(std::ostream& out, const Policy& policy, const Diagnosis& d) {
    json j;
    j["name"] = policy.name();
    j["version"] = policy.version();
    j["diagnosis"] = diagnosis_json(d);
    out << dump(j);
}

void write_diagnosis_text(std::ostream& out, const Diagnosis& d) {
    out << "\nDiagnostic territorial (état des lieux de la CIA)\n";
    for (const std::string& line : diagnosis_header_fr(d)) out << "  " << line << '\n';
    if (const std::string c = q1_comparison_fr(d); !c.empty()) out << "  " << c << '\n';
    for (const DiagnosisPanel& p : diagnosis_panels(d)) {
        out << '\n' << p.title << '\n';
        for (const std::string& note : p.notes) out << "  non calculé : " << note << '\n';
        if (p.rows.empty()) continue;
        std::vector<std::vector<std::string>> rows;
        rows.push_back(panel_header(p));
        for (const auto& [label, row] : p.rows) rows.push_back(panel_cells(p, label, *row));
        std::vector<bool> right(rows.front().size(), true);
        right[0] = false;
        write_table(out, rows, right, "  ");
    }
}

}  // namespace cotation
