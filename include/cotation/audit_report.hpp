// Writing audit results: the CIA quotas as text, CSV, JSON or a self-contained HTML report, and
// the what-if of candidate allocations as text, CSV or JSON.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cotation/audit.hpp"

namespace cotation {

// k/n with exactly 4 decimals, rounded half up ("0.2500", "1.0000"); empty when n = 0.
std::string share_text(const QuotaGroupResult& result);
// A whole number; empty when the gap cannot close; `exceeded by N` for a `<= N` target exceeded.
std::string gap_text(const QuotaGroupResult& result);
// `*` for the overall row, else `field=value` pairs joined with `;` in `by` order.
std::string group_text(const QuotaGroupResult& result);

// One block per quota: its French label, then an aligned table of its groups.
void write_audit_text(std::ostream& out, const Policy& policy, const AuditRun& run);
// quota,group,k,n,unknown,share,target,status,gap
void write_audit_csv(std::ostream& out, const AuditRun& run);
// {"name", "version", "period": {"from", "to"}, "results": [{quota, label, group, k, n, unknown,
// share, target, status, gap}]}
void write_audit_json(std::ostream& out, const Policy& policy, const AuditRun& run);
// A self-contained page (no external resource): per quota, one SVG panel for the overall row and
// one per group, each with one bar and the target drawn as a line; the table of results; the
// what-if of candidates when given. Prints on A4.
void write_audit_html(std::ostream& out, const Policy& policy, const AuditRun& run,
                      const std::vector<WhatIfEffect>* what_if = nullptr);

// Per candidate, the groups it falls in: before, after and the direction.
void write_what_if_text(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>& effects);
// candidate,quota,group,k_before,n_before,unknown_before,share_before,status_before,
// k,n,unknown,share,target,status,gap,direction
void write_what_if_csv(std::ostream& out, const std::vector<WhatIfEffect>& effects);
// {"name", "version", "period", "what_if": [{candidate, quota, label, group, target, before, after, direction}]}
void write_what_if_json(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>& effects);

}  // namespace cotation
