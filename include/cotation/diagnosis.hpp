// The territorial diagnosis (état des lieux) a CIA starts from: the 1st-quartile share of the
// allocations against the 1st-quartile share of the demand, the allocations by landlord inside
// and outside QPV, to DALO and priority households, by reservation holder and by residence class.
//
// The diagnosis reads fields by their names in the policy's records (those of rules/schema/sne.yaml):
// on `allocation`, `landlord`, `qpv` (bool), `dalo` (bool), `priority` (bool), `reservataire`,
// `residence_class` and the derived `income_per_uc` (number); on `demand`, `income_per_uc` and
// `filed_on` (date, optional); and the parameter `q1_threshold` (a number). A part whose fields
// or parameter the policy does not declare is skipped, with a note saying why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cotation/audit.hpp"
#include "cotation/policy.hpp"
#include "cotation/table.hpp"

namespace cotation {

// One row of a section: the allocations (or demands) of a group.
//  - share sections: k rows where the measure is true, n rows where it is true or false, `unknown`
//    rows where it is null (in neither k nor n);
//  - distribution sections: k rows of the group whose category (the last field of `group`) has
//    that value, n rows of the group whatever the category (so the shares of a group add up to 1);
//    `unknown` is 0.
struct DiagnosisRow {
    // Field names and values, e.g. {landlord: "SIA Habitat", qpv: false}; empty for the overall row.
    std::vector<std::pair<std::string, Value>> group;
    std::int64_t k = 0;
    std::int64_t n = 0;
    std::int64_t unknown = 0;

    bool overall() const { return group.empty(); }
};

enum class DiagnosisKind : std::uint8_t { share, distribution };

// Section ids, in the order they come in Diagnosis::sections (a skipped section is absent):
//   q1_demands        share      income_per_uc < q1_threshold among the demands: `*`
//   q1_allocations    share      the same among the allocations: `*`, by qpv, by residence_class,
//                                by landlord and qpv
//   qpv               distribution  by qpv: overall, then per landlord
//   dalo              share      dalo: `*`, by landlord, by reservataire
//   priority          share      priority: the same groups
//   dalo_or_priority  share      dalo or priority (Kleene `or`): the same groups
//   reservataire      distribution  by reservataire, overall
//   residence_class   distribution  by residence_class, overall (null: a residence the CIL has not
//                                qualified)
// Inside a section the rows come group dimension by group dimension as listed; inside a
// dimension, sorted by the group's values field by field: enumeration values in their declared
// order, `false` before `true`, other values as the audit sorts them, null last. Every declared
// value of a bool or enumeration field is listed, with 0 where no row has it.
struct DiagnosisSection {
    std::string id;
    std::string label;  // French, for the reports
    DiagnosisKind kind = DiagnosisKind::share;
    std::vector<DiagnosisRow> rows;
};

// A part of the diagnosis that could not be computed, and why (French, for the reports).
struct DiagnosisNote {
    std::string section;  // the id of the section skipped or incomplete
    std::string text;
};

struct Diagnosis {
    Date from;
    Date to;
    Date as_of;                                 // q1_threshold and the derived fields are resolved here
    std::string period_field;                   // the allocation field the period is read on
    std::optional<double> q1_threshold;         // the value in force at as_of; nullopt: not declared
    std::uint64_t allocations = 0;              // allocations in the period: the rows counted
    std::uint64_t allocations_without_period = 0;  // period field null: counted nowhere
    bool demands_given = false;
    std::uint64_t demands = 0;                  // demands counted (n + unknown of q1_demands)
    std::uint64_t demands_filed_after = 0;      // filed_on after the period end: not counted
    std::vector<DiagnosisSection> sections;
    std::vector<DiagnosisNote> notes;
    std::string error;                          // non-empty: nothing was computed
    bool ok() const { return error.empty(); }

    // The section with this id; nullptr when it was skipped.
    const DiagnosisSection* section(const std::string& id) const;
};

// Diagnoses the allocations of [options.from, options.to] (on the period field of the policy's
// first quota, else `lease_signed_on`) and, when `demands` is given (rows read with
// policy.fields("demand")), the demands filed up to options.to (all of them when the demand
// record has no `filed_on`). Parameters are resolved at options.as_of, else options.to, with
// options.parameter_overrides. The result does not depend on the order of the rows.
Diagnosis diagnose(const Policy& policy, const DataTable& allocations, const DataTable* demands, const AuditOptions& options);

}  // namespace cotation
