// The audit reports as CSV: the quota results, the what-if, the diagnosis (one table each).
#include <ostream>

#include <fmt/format.h>

#include "cotation/audit_report.hpp"
#include "io/csv_quote.hpp"

namespace cotation {

void write_audit_csv(std::ostream& out, const AuditRun& run) {
    std::string text = "quota,group,k,n,unknown,share,target,status,gap\n";
    for (const QuotaGroupResult& r : run.results) {
        text += fmt::format("{},{},{},{},{},{},{},{},{}\n", io::csv_cell(r.quota), io::csv_cell(group_text(r)), r.k, r.n, r.unknown,
                            share_text(r), io::csv_cell(r.target), status_name(r.status), gap_text(r));
    }
    out << text;
}

void write_what_if_csv(std::ostream& out, const std::vector<WhatIfEffect>& effects) {
    std::string text = "candidate,quota,group,k_before,n_before,unknown_before,share_before,status_before,k,n,unknown,share,target,status,gap,direction\n";
    for (const WhatIfEffect& e : effects) {
        const QuotaGroupResult& b = e.before;
        const QuotaGroupResult& a = e.after;
        text += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", io::csv_cell(e.candidate), io::csv_cell(a.quota),
                            io::csv_cell(group_text(a)), b.k, b.n, b.unknown, share_text(b), status_name(b.status), a.k, a.n, a.unknown,
                            share_text(a), io::csv_cell(a.target), status_name(a.status), gap_text(a), direction_name(e.direction));
    }
    out << text;
}

void write_diagnosis_csv(std::ostream& out, const Diagnosis& d) {
    std::string text = "section,group,k,n,share\n";
    for (const DiagnosisSection& s : d.sections)
        for (const DiagnosisRow& r : s.rows)
            text += fmt::format("{},{},{},{},{}\n", io::csv_cell(s.id), io::csv_cell(group_text(r)), r.k, r.n, share_text(r));
    out << text;
}

}  // namespace cotation
