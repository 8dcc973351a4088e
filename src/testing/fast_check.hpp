// A demand case on the fast path: the case's demand scored as `cotation score` scores a file
// (fast_score_jsonl), and the result compared with the reference interpreter's.
#pragma once

#include <string>

#include "cotation/policy.hpp"
#include "cotation/score.hpp"
#include "cotation/table.hpp"

namespace cotation {

// The rows as JSON Lines (typed JSON values, lists as arrays, dates as YYYY-MM-DD, nulls left out):
// read back by the JSON Lines readers, they give the very values of the table.
std::string jsonl_of(const DataTable& table);

// `applied, 25 points`, `unverified`...
std::string outcome_text(const CriterionOutcome& outcome);

// Where the fast path's result of a demand differs from the reference's (status, grid, score,
// rank, flags, each criterion's state and points): one line each, `    score: reference 49, fast
// path 48`; empty when they agree.
std::string score_differences(const ScoredDemand& reference, const ScoredDemand& fast);

// Scores the demands of `demands` (one row: a case's demand) on the fast path with the same date and
// overrides, and returns the failure lines of the case: empty when the fast path gives `reference`.
std::string fast_path_failures(const Policy& policy, const DataTable& demands, const ScoredDemand& reference,
                               const ScoreOptions& options);

}  // namespace cotation
