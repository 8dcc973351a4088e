// Counting allocations against the CIA quotas, per group, with the what-if of candidate allocations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cotation/policy.hpp"
#include "cotation/table.hpp"

namespace cotation {

enum class QuotaStatus : std::uint8_t { met, not_met, no_data };
std::string_view status_name(QuotaStatus status);

struct QuotaGroupResult {
    std::string quota;
    std::string label;
    // The `by` fields and their values for this group; empty for the overall row (`*`).
    std::vector<std::pair<std::string, Value>> group;
    std::int64_t k = 0;        // rows in scope that meet the target
    std::int64_t n = 0;        // rows in scope
    std::int64_t unknown = 0;  // rows where scope or meets is null
    std::string target;        // as written, after overrides: ">= 25%"
    QuotaStatus status = QuotaStatus::no_data;
    // The smallest number of further allocations that meets the target; nullopt when it cannot
    // close (`<= N` exceeded: see `exceeded_by`).
    std::optional<std::int64_t> gap;
    std::int64_t exceeded_by = 0;
};

struct AuditOptions {
    Date from;
    Date to;                                  // inclusive
    std::optional<Date> as_of;                // parameters resolved here; default: `to`
    std::vector<std::pair<std::string, Value>> parameter_overrides;
};

struct AuditRun {
    std::vector<QuotaGroupResult> results;   // per quota: overall row first, then groups by key values
    std::uint64_t rows_in_period = 0;
    std::uint64_t rows_outside_period = 0;
    std::vector<std::uint64_t> null_period_rows;  // input row indexes, reported as rejected
    std::string error;                       // non-empty: nothing was counted
    bool ok() const { return error.empty(); }
};

AuditRun audit_allocations(const Policy& policy, const DataTable& allocations, const AuditOptions& options);

// What-if: for each candidate allocation and each group it falls in, the counts after adding it.
struct WhatIfEffect {
    std::string candidate;       // the candidate's key
    QuotaGroupResult before;
    QuotaGroupResult after;
    int direction = 0;           // +1 towards the target, -1 away from it, 0 neither
};
std::vector<WhatIfEffect> what_if(const Policy& policy, const DataTable& allocations, const DataTable& candidates,
                                  const AuditOptions& options, std::string& error);

}  // namespace cotation
