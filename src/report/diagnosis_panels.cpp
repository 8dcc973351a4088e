#include "report/diagnosis_panels.hpp"

#include <fmt/format.h>

#include "report/audit_words.hpp"

namespace cotation::internal {

namespace {

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

std::string group_fr(const DiagnosisRow& r) { return join_group(r.group, "Ensemble", " · ", group_value_fr); }

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

}  // namespace

std::string q1_comparison_fr(const Diagnosis& d) {
    const DiagnosisRow* a = overall_row(d.section("q1_allocations"));
    const DiagnosisRow* m = overall_row(d.section("q1_demands"));
    if (!a || !m || a->n == 0 || m->n == 0) return {};
    return "Le 1er quartile pèse " + percent_fr(a->k, a->n) + " des attributions contre " + percent_fr(m->k, m->n) + " de la demande (" +
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
    if (p.kind == DiagnosisKind::share) return {label, std::to_string(r.k), std::to_string(r.n), std::to_string(r.unknown), percent_fr(r.k, r.n)};
    return {label, std::to_string(r.k), std::to_string(r.n), percent_fr(r.k, r.n)};
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

}  // namespace cotation::internal
