// The audit reports as French text: the quota tables, the what-if, the diagnosis.
#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "check/compiled.hpp"
#include "cotation/audit_report.hpp"
#include "report/audit_words.hpp"
#include "report/diagnosis_panels.hpp"
#include "report/text_table.hpp"

namespace cotation {

using namespace internal;

namespace {

// "3/12 (25,00 %)"
std::string k_of_n_fr(const QuotaGroupResult& r) { return fmt::format("{}/{} ({})", r.k, r.n, percent_fr(r.k, r.n)); }

}  // namespace

void write_audit_text(std::ostream& out, const Policy& policy, const AuditRun& run) {
    out << header_line(policy) << '\n' << period_fr(run) << '\n';
    for (const QuotaBlock& b : quota_blocks(run)) {
        const QuotaGroupResult& first = run.results[b.begin];
        const CheckedQuota* q = find_quota(policy, first.quota);
        out << '\n' << first.quota << " — " << (first.label.empty() ? first.quota : first.label) << '\n';
        out << "  objectif : " << (q ? q->target.text : first.target);
        if (q && !q->overrides.empty()) out << " ; " << overrides_fr(q->overrides.size());
        out << '\n';
        std::vector<std::vector<std::string>> rows;
        rows.push_back({by_names(policy, q), "k", "n", "inconnus", "part", "objectif", "statut", "écart"});
        for (std::size_t i = b.begin; i < b.end; ++i) {
            const QuotaGroupResult& r = run.results[i];
            rows.push_back({group_fr(r), std::to_string(r.k), std::to_string(r.n), std::to_string(r.unknown), percent_fr(r.k, r.n), r.target,
                            status_fr(r.status), gap_fr(r)});
        }
        write_table(out, rows, {false, true, true, true, true, false, false, true}, "  ");
    }
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
            rows.push_back({w.after.quota, group_fr(w.after), k_of_n_fr(w.before), k_of_n_fr(w.after), w.after.target,
                            status_fr(w.after.status), gap_fr(w.after), direction_fr(w.direction)});
        }
        write_table(out, rows, {false, false, true, true, false, false, true, false}, "  ");
        i = end;
    }
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
