// Writing audit results: the CIA quotas as text, CSV, JSON or a self-contained HTML report, the
// what-if of candidate allocations as text, CSV or JSON, and the territorial diagnosis.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cotation/audit.hpp"
#include "cotation/diagnosis.hpp"

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
// share, target, status, gap}]}, plus "diagnosis" (see write_diagnosis_json) when given.
void write_audit_json(std::ostream& out, const Policy& policy, const AuditRun& run, const Diagnosis* diagnosis = nullptr);
// A self-contained page (no external resource): per quota, one SVG panel for the overall row and
// one per group, each with one bar and the target drawn as a line; the table of results; the
// what-if of candidates when given; the diagnosis when given, one panel per section with a
// horizontal bar chart (one bar per group) and its table. Prints on A4.
// Every chart is an <svg class="chart" data-groups="N"> holding N <g class="group">, each with
// exactly one <rect class="bar ...">.
void write_audit_html(std::ostream& out, const Policy& policy, const AuditRun& run,
                      const std::vector<WhatIfEffect>* what_if = nullptr, const Diagnosis* diagnosis = nullptr);

// Per candidate, the groups it falls in: before, after and the direction.
void write_what_if_text(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>& effects);
// candidate,quota,group,k_before,n_before,unknown_before,share_before,status_before,
// k,n,unknown,share,target,status,gap,direction
void write_what_if_csv(std::ostream& out, const std::vector<WhatIfEffect>& effects);
// {"name", "version", "period", "what_if": [{candidate, quota, label, group, target, before, after, direction}]},
// plus "diagnosis" when given.
void write_what_if_json(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>& effects,
                        const Diagnosis* diagnosis = nullptr);

// --- the territorial diagnosis ---

// k/n with exactly 4 decimals, rounded half up; empty when n = 0.
std::string share_text(const DiagnosisRow& row);
// `*` for the overall row, else `field=value` pairs joined with `;`.
std::string group_text(const DiagnosisRow& row);
// French: the threshold and what was counted, the parts skipped, then one aligned table per section.
void write_diagnosis_text(std::ostream& out, const Diagnosis& diagnosis);
// section,group,k,n,share — one row per section row, sections in order. The unknown counts and the
// notes are not in it (they are in the other formats).
void write_diagnosis_csv(std::ostream& out, const Diagnosis& diagnosis);
// The object {"period": {"from", "to"}, "as_of", "period_field", "q1_threshold", "allocations",
// "allocations_without_period", "demands": {"counted", "filed_after_period"} (null without demands), "notes":
// [{section, text}], "sections": [{id, label, kind, rows: [{group, k, n, unknown, share}]}]}
// written as {"name", "version", "diagnosis": {...}}.
void write_diagnosis_json(std::ostream& out, const Policy& policy, const Diagnosis& diagnosis);

}  // namespace cotation
