// publish: the public grid (publish.hpp), its model and its two writers.
#include "report/publish.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "check/priorities.hpp"
#include "plan/plan.hpp"
#include "report/audit_words.hpp"
#include "report/html.hpp"
#include "check/policy_access.hpp"

namespace cotation {

using internal::number_fr;

namespace {

std::string label_or(const std::string& label, const std::string& id) { return label.empty() ? id : label; }

// "25 points", "1 point", "−20 points" (a typographic minus).
std::string points_fr(double v) {
    const std::string n = number_fr(std::abs(v));
    return (v < 0 ? "−" : "") + n + (std::abs(v) == 1 || v == 0 ? " point" : " points");
}

std::string value_fr(const Value& v) {
    if (v.is_null()) return "(vide)";
    if (const bool* b = v.as_bool()) return *b ? "oui" : "non";
    if (const double* n = v.as_number()) return number_fr(*n);
    if (const Date* d = v.as_date()) return format_date(*d);
    if (const List* l = v.as_list()) {
        std::string out;
        for (const Value& item : *l) out += (out.empty() ? "" : ", ") + value_fr(item);
        return out;
    }
    if (const Table* t = v.as_table()) {
        std::string out;
        for (const auto& [key, value] : t->entries) out += (out.empty() ? "" : " ; ") + key + " : " + number_fr(value);
        return out;
    }
    return format_value(v);
}

// The parameters an expression reads, in the order first read.
void parameters_read(const Expr& e, std::vector<std::int32_t>& out) {
    if (e.op == Op::identifier && e.ref == RefKind::parameter && std::find(out.begin(), out.end(), e.slot) == out.end())
        out.push_back(e.slot);
    for (const Expr& a : e.args) parameters_read(a, out);
}

// How an order key sorts, in French, from the type of what it sorts.
std::string order_key_fr(const CompiledPolicy& p, const CheckedRecord& record, const SortKey& k) {
    if (k.by_score) return k.descending ? "le score, du plus élevé au plus faible" : "le score, du plus faible au plus élevé";
    const Type& t = record.slot_types[static_cast<std::size_t>(k.slot)];
    std::string way;
    switch (t.kind) {
        case TypeKind::boolean: way = k.descending ? "« oui » d'abord" : "« non » d'abord"; break;
        case TypeKind::date: way = k.descending ? "la plus récente d'abord" : "la plus ancienne d'abord"; break;
        case TypeKind::integer:
        case TypeKind::number: way = k.descending ? "du plus élevé au plus faible" : "du plus faible au plus élevé"; break;
        default: way = k.descending ? "dans l'ordre décroissant" : "dans l'ordre croissant"; break;
    }
    return p.field_label(record.name, k.name) + ", " + way;
}

}  // namespace

Result<PublishedPolicy> published_policy(const CompiledPolicy& p, Date as_of) {
    Result<std::vector<Value>> values = resolve_parameters(p, as_of, {});
    if (!values) return values.error();
    const std::vector<Value>& parameters = values.value();
    PublishedPolicy out;
    out.name = p.name;
    out.version = p.version;
    out.reference = p.reference;
    out.as_of = as_of;
    std::vector<std::int32_t> read;  // every parameter the published rules read

    for (const CheckedGrid& g : p.grids) {
        const auto decl = std::find_if(p.doc.grids.begin(), p.doc.grids.end(), [&](const GridDecl& d) { return d.id.text == g.id; });
        const CheckedRecord& record = p.records[static_cast<std::size_t>(g.record)];
        PublishedGrid grid;
        grid.id = g.id;
        grid.label = label_or(g.label, g.id);
        grid.reference = g.reference;
        if (decl != p.doc.grids.end() && decl->applies_when) grid.applies_to = decl->applies_when->text;
        if (g.applies_when) parameters_read(*g.applies_when, read);
        if (g.cap || g.floor) {
            grid.bounds = "Le score total ";
            if (g.cap) grid.bounds += "est plafonné à " + points_fr(*g.cap) + (g.floor ? " et " : "");
            if (g.floor) grid.bounds += "ne descend pas sous " + points_fr(*g.floor);
            grid.bounds += ".";
        }
        std::vector<std::pair<std::string, const CriterionDecl*>> tagged;  // "rubric › criterion", its declaration
        for (std::size_t r = 0; r < g.rubrics.size(); ++r) {
            const CheckedRubric& rubric = g.rubrics[r];
            const RubricDecl* rdecl = decl != p.doc.grids.end() && r < decl->rubrics.size() ? &decl->rubrics[r] : nullptr;
            PublishedRubric pr;
            pr.label = label_or(rubric.label, rubric.id);
            pr.reference = rubric.reference;
            pr.rule = rubric.combine == Combine::max ? "Les critères ne se cumulent pas : seul le plus favorable compte"
                                                     : "Les points des critères s'additionnent";
            if (rubric.cap) pr.rule += " ; plafond : " + points_fr(*rubric.cap);
            if (rubric.floor) pr.rule += " ; plancher : " + points_fr(*rubric.floor);
            pr.rule += ".";
            for (std::size_t c = 0; c < rubric.criteria.size(); ++c) {
                const CheckedCriterion& criterion = rubric.criteria[c];
                const CriterionDecl* cdecl = rdecl && c < rdecl->criteria.size() ? &rdecl->criteria[c] : nullptr;
                PublishedCriterion pc;
                pc.label = label_or(criterion.label, criterion.id);
                pc.condition = criterion.when_text;
                pc.reference = criterion.reference;
                const Expr planned = plan_expression(criterion.points, parameters, as_of);
                if (const double* n = planned.op == Op::literal ? planned.literal.as_number() : nullptr) pc.points = points_fr(*n);
                else pc.points = "calculés : " + (cdecl ? cdecl->points.text : std::string("(formule)"));
                std::vector<std::int32_t> own;
                parameters_read(criterion.points, own);
                for (std::int32_t i : own) {
                    const CheckedParameter& prm = p.parameters[static_cast<std::size_t>(i)];
                    pc.parameters.push_back(label_or(prm.label, prm.name) + " : " + value_fr(parameters[static_cast<std::size_t>(i)]));
                }
                parameters_read(criterion.points, read);
                if (criterion.when) parameters_read(*criterion.when, read);
                for (std::int32_t s : criterion.requires_slots)
                    pc.proofs.push_back(p.field_label(record.name, record.slot_names[static_cast<std::size_t>(s)]));
                if (cdecl) {
                    for (const Name& code : cdecl->priority)
                        if (const PriorityInfo* info = find_priority(code.text)) pc.publics.emplace_back(info->label);
                    tagged.emplace_back(pr.label + " › " + pc.label, cdecl);
                }
                pr.criteria.push_back(std::move(pc));
            }
            grid.rubrics.push_back(std::move(pr));
        }
        for (const PriorityInfo& info : priorities()) {
            PublishedPublic pub{std::string(info.code), std::string(info.label), std::string(info.text), std::string(info.source),
                                std::string(info.proof), {}};
            for (const auto& [name, cdecl] : tagged)
                if (std::any_of(cdecl->priority.begin(), cdecl->priority.end(), [&](const Name& n) { return n.text == info.code; }))
                    pub.criteria.push_back(name);
            grid.publics.push_back(std::move(pub));
        }
        out.grids.push_back(std::move(grid));
    }

    const auto flag_decl = [&](const std::string& id) -> const FlagDecl* {
        const auto it = std::find_if(p.doc.flags.begin(), p.doc.flags.end(), [&](const FlagDecl& f) { return f.id.text == id; });
        return it == p.doc.flags.end() ? nullptr : &*it;
    };
    for (const CheckedFlag& f : p.flags) {
        const FlagDecl* decl = flag_decl(f.id);
        out.flags.push_back(PublishedFlag{label_or(f.label, f.id), decl ? decl->when.text : std::string(), f.reference});
        parameters_read(f.when, read);
    }

    if (p.demand_record >= 0) {
        const CheckedRecord& demand = p.records[static_cast<std::size_t>(p.demand_record)];
        for (std::size_t i = 0; i < p.ranking.within.size(); ++i) {
            const Expr& w = p.ranking.within[i];
            if (w.op == Op::identifier && (w.ref == RefKind::field || w.ref == RefKind::derived))
                out.groups.push_back(p.field_label("demand", w.name));
            else if (w.op == Op::call && w.function == Function::first && w.args.size() == 1 && w.args[0].op == Op::identifier)
                out.groups.push_back(p.field_label("demand", w.args[0].name) + " (1er choix)");
            else
                out.groups.push_back(p.ranking.within_text[i]);
            parameters_read(w, read);
        }
        for (const SortKey& k : p.ranking.order) out.order.push_back(order_key_fr(p, demand, k));
    }

    std::sort(read.begin(), read.end());
    for (std::int32_t i : read) {
        const CheckedParameter& prm = p.parameters[static_cast<std::size_t>(i)];
        out.parameters.push_back(PublishedParameter{prm.name, label_or(prm.label, prm.name), value_fr(parameters[static_cast<std::size_t>(i)]),
                                                    prm.reference});
    }
    return out;
}

namespace {

// The sentences both writers print, written once.
constexpr std::string_view intro_fr =
    "Cette grille donne à chaque demande de logement social un score, selon les critères ci-dessous. Chaque demande est "
    "cotée par la première grille, dans l'ordre de cette page, qui s'applique à elle.";
constexpr std::string_view information_fr =
    "Le demandeur peut connaître son score, son positionnement parmi les demandes comparables et le délai d'attente moyen "
    "constaté pour des demandes similaires (art. R441-2-17 CCH).";

// What demands are compared with, as a sentence.
std::string groups_fr(const PublishedPolicy& p) {
    if (p.groups.empty()) return "Chaque demande est comparée à toutes les demandes cotées.";
    std::string out = "Chaque demande est comparée aux demandes qui ont la même valeur qu'elle pour : ";
    for (std::size_t i = 0; i < p.groups.size(); ++i) out += (i ? " ; " : "") + p.groups[i];
    return out + ".";
}

std::string title_fr(const PublishedPolicy& p) { return p.name.empty() ? std::string("Grille de cotation") : p.name; }

std::string meta_fr(const PublishedPolicy& p) {
    std::string meta = "Grille en vigueur au " + format_date(p.as_of);
    if (!p.version.empty()) meta += " · version " + p.version;
    return meta;
}

// Text as HTML content: only &, < and > need escaping there, so that the words stay as written.
std::string t(std::string_view s) { return internal::html_text(s); }

constexpr std::string_view published_style = R"(
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; margin: 24px auto; max-width: 960px; padding: 0 16px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 22px 0 4px; border-top: 2px solid #1a1a1a; padding-top: 8px; }
h3 { font-size: 14px; margin: 14px 0 2px; }
.meta { color: #555; margin: 0 0 6px; }
.statement { border: 2px solid #1a1a1a; padding: 8px 12px; font-weight: 600; font-size: 14px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 4px 0 8px; }
th, td { border-bottom: 1px solid #cfcfcf; padding: 4px 6px; text-align: left; vertical-align: top; }
th { border-bottom: 1.5px solid #1a1a1a; }
table.criteria { table-layout: fixed; }
table.criteria col.criterion { width: 34%; } table.criteria col.points { width: 20%; } table.criteria col.other { width: 15.33%; }
td .value { white-space: nowrap; font-weight: 600; }
td { overflow-wrap: anywhere; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11px; overflow-wrap: anywhere; }
.small { color: #555; font-size: 11px; }
.uncovered { color: #8a1c1c; }
section.grid, .rubric, tr { break-inside: avoid; page-break-inside: avoid; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
)";

}  // namespace

void write_published_html(std::ostream& out, const PublishedPolicy& p) {
    out << "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" << t(title_fr(p)) << " — grille de cotation</title>\n"
        << "<style>" << published_style << "</style>\n</head>\n<body>\n<header>\n<h1>" << t(title_fr(p)) << "</h1>\n<p class=\"meta\">"
        << t(meta_fr(p)) << "</p>\n";
    if (!p.reference.empty()) out << "<p class=\"meta\">" << t(p.reference) << "</p>\n";
    out << "<p class=\"statement\" id=\"statement\">" << t(internal::decision_aid_statement) << "</p>\n<p>" << t(intro_fr) << "</p>\n</header>\n";
    for (const PublishedGrid& g : p.grids) {
        out << "<section class=\"grid\" id=\"grid-" << internal::html_escape(g.id) << "\">\n<h2>" << t(g.label) << "</h2>\n<p class=\"meta\">"
            << (g.applies_to.empty() ? std::string("S'applique à toutes les demandes.")
                                     : "S'applique aux demandes pour lesquelles <code>" + t(g.applies_to) + "</code>.");
        if (!g.bounds.empty()) out << " " << t(g.bounds);
        out << "</p>\n";
        if (!g.reference.empty()) out << "<p class=\"small\">Référence : " << t(g.reference) << "</p>\n";
        for (const PublishedRubric& r : g.rubrics) {
            out << "<div class=\"rubric\">\n<h3>" << t(r.label) << "</h3>\n<p class=\"meta\">" << t(r.rule);
            if (!r.reference.empty()) out << " Référence : " << t(r.reference) << ".";
            out << "</p>\n<table class=\"criteria\"><colgroup><col class=\"criterion\"><col class=\"points\"><col class=\"other\">"
                   "<col class=\"other\"><col class=\"other\"></colgroup><thead><tr><th>Critère</th><th>Points</th><th>Justificatif demandé</th>"
                   "<th>Public prioritaire (L441-1)</th><th>Référence</th></tr></thead><tbody>\n";
            for (const PublishedCriterion& c : r.criteria) {
                out << "<tr><td>" << t(c.label) << "<br><span class=\"small\">"
                    << (c.condition.empty() ? std::string("pour toute demande") : "si <code>" + t(c.condition) + "</code>") << "</span></td>"
                    << "<td class=\"points\"><span class=\"value\">" << t(c.points) << "</span>";
                for (const std::string& prm : c.parameters) out << "<br><span class=\"small\">" << t(prm) << "</span>";
                out << "</td><td>";
                for (std::size_t i = 0; i < c.proofs.size(); ++i) out << (i ? "<br>" : "") << t(c.proofs[i]);
                out << "</td><td>";
                for (std::size_t i = 0; i < c.publics.size(); ++i) out << (i ? "<br>" : "") << t(c.publics[i]);
                out << "</td><td>" << t(c.reference) << "</td></tr>\n";
            }
            out << "</tbody></table>\n</div>\n";
        }
        out << "<h3>Publics prioritaires de l'article L441-1 CCH</h3>\n<table><thead><tr><th>Public</th><th>Texte</th>"
               "<th>Critères de cette grille</th></tr></thead><tbody>\n";
        for (const PublishedPublic& pub : g.publics) {
            out << "<tr><td>" << t(pub.label) << "<br><span class=\"small\">" << t(pub.source) << "</span></td><td>" << t(pub.text);
            if (!pub.proof.empty()) out << "<br><span class=\"small\">Justificatif prévu par la loi : " << t(pub.proof) << "</span>";
            out << "</td><td>";
            if (pub.criteria.empty()) out << "<span class=\"uncovered\">aucun critère de cette grille</span>";
            for (std::size_t i = 0; i < pub.criteria.size(); ++i) out << (i ? "<br>" : "") << t(pub.criteria[i]);
            out << "</td></tr>\n";
        }
        out << "</tbody></table>\n<p class=\"small\">" << t(dalo_first_text) << " (" << t(dalo_first_source) << ")</p>\n</section>\n";
    }
    if (!p.flags.empty()) {
        out << "<section id=\"indicateurs\">\n<h2>Indicateurs</h2>\n<p>Ils sont signalés avec la demande et ne donnent pas de points.</p>\n"
               "<table><thead><tr><th>Indicateur</th><th>Condition</th><th>Référence</th></tr></thead><tbody>\n";
        for (const PublishedFlag& f : p.flags)
            out << "<tr><td>" << t(f.label) << "</td><td><code>" << t(f.condition) << "</code></td><td>" << t(f.reference) << "</td></tr>\n";
        out << "</tbody></table>\n</section>\n";
    }
    out << "<section id=\"positionnement\">\n<h2>Positionnement de la demande</h2>\n<p>";
    out << t(groups_fr(p));
    out << " Elles sont classées selon :</p>\n<ol>\n";
    for (const std::string& k : p.order) out << "<li>" << t(k) << "</li>\n";
    out << "</ol>\n<p>" << t(information_fr) << "</p>\n</section>\n";
    if (!p.parameters.empty()) {
        out << "<section id=\"parametres\">\n<h2>Valeurs en vigueur au " << format_date(p.as_of) << "</h2>\n"
               "<table><thead><tr><th>Paramètre</th><th>Valeur</th><th>Référence</th></tr></thead><tbody>\n";
        for (const PublishedParameter& prm : p.parameters)
            out << "<tr><td>" << t(prm.label) << "<br><span class=\"small\"><code>" << t(prm.name) << "</code></span></td><td>" << t(prm.value)
                << "</td><td>" << t(prm.reference) << "</td></tr>\n";
        out << "</tbody></table>\n</section>\n";
    }
    out << "<footer>\n<p class=\"statement\">" << t(internal::decision_aid_statement) << "</p>\n</footer>\n</body>\n</html>\n";
}

namespace {

// Markdown table cells: a pipe would end the cell, a line break the row.
std::string cell(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : std::string(separator)) + cell(s);
    return out;
}

// `code` in Markdown, with a fence long enough for the backticks it holds.
std::string code_md(std::string_view s) {
    const std::string fence = s.find('`') == std::string_view::npos ? "`" : "``";
    return fence + (fence.size() > 1 ? " " : "") + cell(s) + (fence.size() > 1 ? " " : "") + fence;
}

}  // namespace

void write_published_markdown(std::ostream& out, const PublishedPolicy& p) {
    out << "# " << title_fr(p) << "\n\n" << meta_fr(p) << "\n\n";
    if (!p.reference.empty()) out << p.reference << "\n\n";
    out << "> **" << internal::decision_aid_statement << "**\n\n" << intro_fr << "\n";
    for (const PublishedGrid& g : p.grids) {
        out << "\n## " << g.label << "\n\n"
            << (g.applies_to.empty() ? std::string("S'applique à toutes les demandes.") : "S'applique aux demandes pour lesquelles " + code_md(g.applies_to) + ".");
        if (!g.bounds.empty()) out << " " << g.bounds;
        out << "\n";
        if (!g.reference.empty()) out << "\nRéférence : " << g.reference << "\n";
        for (const PublishedRubric& r : g.rubrics) {
            out << "\n### " << r.label << "\n\n" << r.rule;
            if (!r.reference.empty()) out << " Référence : " << r.reference << ".";
            out << "\n\n| Critère | Condition | Points | Justificatif demandé | Public prioritaire (L441-1) | Référence |\n|---|---|---|---|---|---|\n";
            for (const PublishedCriterion& c : r.criteria) {
                std::string points = cell(c.points);
                for (const std::string& prm : c.parameters) points += "<br>" + cell(prm);
                out << "| " << cell(c.label) << " | " << (c.condition.empty() ? std::string("pour toute demande") : code_md(c.condition)) << " | "
                    << points << " | " << joined(c.proofs, "<br>") << " | " << joined(c.publics, "<br>") << " | " << cell(c.reference) << " |\n";
            }
        }
        out << "\n### Publics prioritaires de l'article L441-1 CCH\n\n| Public | Texte | Critères de cette grille |\n|---|---|---|\n";
        for (const PublishedPublic& pub : g.publics) {
            std::string text = cell(pub.text);
            if (!pub.proof.empty()) text += "<br>Justificatif prévu par la loi : " + cell(pub.proof);
            out << "| " << cell(pub.label) << " (" << cell(pub.source) << ") | " << text << " | "
                << (pub.criteria.empty() ? std::string("**aucun critère de cette grille**") : joined(pub.criteria, "<br>")) << " |\n";
        }
        out << "\n" << dalo_first_text << " (" << dalo_first_source << ")\n";
    }
    if (!p.flags.empty()) {
        out << "\n## Indicateurs\n\nIls sont signalés avec la demande et ne donnent pas de points.\n\n| Indicateur | Condition | Référence |\n|---|---|---|\n";
        for (const PublishedFlag& f : p.flags) out << "| " << cell(f.label) << " | " << code_md(f.condition) << " | " << cell(f.reference) << " |\n";
    }
    out << "\n## Positionnement de la demande\n\n";
    out << groups_fr(p);
    out << " Elles sont classées selon :\n\n";
    for (std::size_t i = 0; i < p.order.size(); ++i) out << i + 1 << ". " << p.order[i] << "\n";
    out << "\n" << information_fr << "\n";
    if (!p.parameters.empty()) {
        out << "\n## Valeurs en vigueur au " << format_date(p.as_of) << "\n\n| Paramètre | Valeur | Référence |\n|---|---|---|\n";
        for (const PublishedParameter& prm : p.parameters)
            out << "| " << cell(prm.label) << " (" << code_md(prm.name) << ") | " << cell(prm.value) << " | " << cell(prm.reference) << " |\n";
    }
    out << "\n> **" << internal::decision_aid_statement << "**\n";
}

Result<PublishedPolicy> published_policy(const Policy& policy, Date as_of) {
    return published_policy(internal::PolicyAccess::compiled(policy), as_of);
}

}  // namespace cotation
