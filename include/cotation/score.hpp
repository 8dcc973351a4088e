// Scoring demands with a policy's grids: scores, criterion states, flags and positioning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cotation/policy.hpp"
#include "cotation/table.hpp"

namespace cotation {

enum class CriterionState : std::uint8_t {
    applied,      // `when` true and every `requires` field true
    unknown,      // `when` null, or `points` null
    unverified,   // `when` true but a `requires` field not true
    not_applied,
};
std::string_view state_name(CriterionState state);

struct CriterionOutcome {
    std::string rubric;
    std::string criterion;
    CriterionState state = CriterionState::not_applied;
    double points = 0;  // its own points when applied, else 0
};

struct ScoredDemand {
    std::string id;
    std::string grid;                  // empty when unscored
    std::string unscored_reason;       // e.g. "no_grid"; empty when scored
    double score = 0;
    std::int64_t rank = 0;             // 1 is first; 0 when unscored
    std::int64_t group_size = 0;
    std::int64_t percentile = 0;
    std::vector<std::string> flags;    // ids of the flags that are true
    std::vector<CriterionOutcome> criteria;     // every criterion of the grid, in file order
    std::vector<std::pair<std::string, double>> rubric_totals;
    std::vector<Value> group;          // the values of ranking.within
    bool scored() const { return unscored_reason.empty(); }
};

struct ScoreOptions {
    Date as_of{};
    std::vector<std::pair<std::string, Value>> parameter_overrides{};  // undated replacements
};

struct ScoreRun {
    std::vector<ScoredDemand> demands;  // in the order of the input rows
    std::uint64_t scored = 0;
    std::uint64_t unscored = 0;
    std::string error;                  // non-empty: nothing was scored (e.g. a parameter without value at as_of)
    bool ok() const { return error.empty(); }
};

// Scores every row of `demands` (read with policy.fields("demand")) and positions them.
ScoreRun score_demands(const Policy& policy, const DataTable& demands, const ScoreOptions& options);

}  // namespace cotation

namespace cotation {

struct ExplainOptions {
    Date as_of{};
    std::vector<std::pair<std::string, Value>> parameter_overrides{};
    const DataTable* allocations = nullptr;  // for the average waiting time of similar demands
};

// What the applicant is told: the grid, each applied criterion with its points and the values
// that made it apply, unknown and unverified criteria and why, the score, the positioning, the
// flags and, with allocations, the average waiting time of similar demands over the last 12 months.
// The demand is scored among all of `demands` (its positioning needs them). Sets `error` when the
// id is not found or the policy cannot score at that date.
std::string explain_demand(const Policy& policy, const DataTable& demands, const std::string& id,
                           const ExplainOptions& options, std::string& error);

}  // namespace cotation
