// Counting allocations against the CIA quotas, per group, with the what-if of candidate allocations.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cotation/policy.hpp"
#include "cotation/table.hpp"

namespace cotation {

enum class QuotaStatus : std::uint8_t { met, not_met, no_data };
// `met`, `not_met`, `no_data`.
std::string_view status_name(QuotaStatus status);

struct QuotaGroupResult {
    std::string quota;
    std::string label;
    // The `by` fields and their values for this group, in `by` order; empty for the overall row (`*`).
    std::vector<std::pair<std::string, Value>> group;
    std::int64_t k = 0;        // rows in scope that meet the target
    std::int64_t n = 0;        // rows in scope
    std::int64_t unknown = 0;  // rows where scope or meets is null
    std::string target;        // as written, after overrides: ">= 25%"
    QuotaStatus status = QuotaStatus::no_data;
    // The smallest number of further allocations that meets the target; nullopt when it cannot
    // close (`<= N` exceeded: see `exceeded_by`; `>= 100%` with a row that does not meet;
    // `<= 0%` with a row that meets).
    std::optional<std::int64_t> gap;
    std::int64_t exceeded_by = 0;  // `<= N` only: k − N when k > N, else 0

    bool overall() const { return group.empty(); }
};

struct AuditOptions {
    Date from{};
    Date to{};                                // inclusive
    std::optional<Date> as_of{};              // parameters resolved here; default: `to`
    std::vector<std::pair<std::string, Value>> parameter_overrides{};  // undated replacements, by name
    // audit_allocations_csv / _file: called after each block of the text is counted, with the bytes
    // read so far.
    std::function<void(std::uint64_t bytes_counted)> progress{};
};

struct AuditRun {
    // Per quota in policy order: the overall row first, then one row per group sorted by its key
    // values (nulls last).
    std::vector<QuotaGroupResult> results;
    Date from;                               // the period counted, inclusive
    Date to;
    Date as_of;                              // the date parameters were resolved at
    std::uint64_t rows_in_period = 0;        // rows counted by at least one quota's period
    std::uint64_t rows_outside_period = 0;   // rows outside the period of every quota: ignored
    // Input row indexes (into DataTable::rows) whose period field is null: reported as rejected,
    // counted by no quota. rows.size() = rows_in_period + rows_outside_period + null_period_rows.size().
    // (audit_allocations only: the column audit has no DataTable.)
    std::vector<std::uint64_t> null_period_rows;
    // The same rows as rejected rows: their line, the period field found empty (the first of the
    // quotas' period fields in file order), the reason.
    std::vector<RejectedRow> period_rejects;
    // E.g. an override whose `where` matches no group of the data (an unknown landlord).
    std::vector<std::string> warnings;
    std::string error;                       // non-empty: nothing was counted
    bool ok() const { return error.empty(); }
};

// Counts the rows of `allocations` (read with policy.fields("allocation")) against every quota.
// The result does not depend on the order of the rows.
AuditRun audit_allocations(const Policy& policy, const DataTable& allocations, const AuditOptions& options);

// The same count on the fast path: a CSV file's text, or a file (CSV, or JSON Lines when its name
// ends in .jsonl) read in blocks, its columns read and counted in parallel. Rows whose period field
// is null are in audit.period_rejects, unreadable rows in `rejected`:
// rows_read = in period + outside + period_rejects + rejected.
struct FastAuditRun {
    AuditRun audit;
    std::uint64_t rows_read = 0;
    std::vector<RejectedRow> rejected;
    std::vector<std::string> read_warnings;  // e.g. columns the policy does not declare
    bool input_error = false;                // audit.error is the file's (no header, a missing column)
};
FastAuditRun audit_allocations_csv(const Policy& policy, std::string_view csv_text, const AuditOptions& options,
                                   const ReadOptions& read = {}, unsigned threads = 0);
FastAuditRun audit_allocations_file(const Policy& policy, const std::string& path, const AuditOptions& options,
                                    const ReadOptions& read = {}, unsigned threads = 0, std::size_t block_bytes = 32u << 20);

// What-if: for each candidate allocation and each group it falls in, the counts after adding it.
// Each candidate is added alone to the allocations counted (candidates do not add up), whatever
// its period field. A candidate falls in a quota's overall row and its own `by` group when the
// quota's scope is true or null for it (null: it only adds to `unknown`).
struct WhatIfEffect {
    std::string candidate;       // the candidate's key
    std::size_t candidate_row = 0;  // its index in the candidates table
    QuotaGroupResult before;
    QuotaGroupResult after;
    int direction = 0;           // +1 towards the target, -1 away from it, 0 neither
};
// Runs the audit, then the what-if. On failure returns nothing and sets `error`.
std::vector<WhatIfEffect> what_if(const Policy& policy, const DataTable& allocations, const DataTable& candidates,
                                  const AuditOptions& options, std::string& error);
// The same from an audit already run with the same policy and options.
std::vector<WhatIfEffect> what_if(const Policy& policy, const AuditRun& current, const DataTable& candidates,
                                  const AuditOptions& options, std::string& error);

// `towards`, `away` or `none`.
std::string_view direction_name(int direction);

}  // namespace cotation
