// api (internal): what a Scorer holds — the policy planned at its date and the demand record's
// programs compiled once — and the steps of scoring one row, shared with Population.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "api/access.hpp"
#include "cotation/scorer.hpp"
#include "eval/row_program.hpp"
#include "plan/plan.hpp"

namespace cotation::internal {

struct ScorerData {
    ScorerData(Policy policy, Plan plan, std::vector<std::pair<std::string, Value>> overrides);

    Policy policy;
    std::vector<std::pair<std::string, Value>> overrides;  // as given: a Population scores its stock with them
    Plan plan;
    const CheckedRecord* record;                 // the demand record of plan.program
    std::shared_ptr<const RecordShape> shape;    // the same record, for builders and records
    RowProgram program;
    std::vector<std::optional<std::size_t>> applies;            // per grid: its applies_when program
    std::vector<std::vector<std::optional<std::size_t>>> when;  // per grid, per criterion in file order
    std::vector<std::vector<std::size_t>> points;
    std::vector<std::size_t> flags;
    std::vector<std::size_t> within;
    // Per grid: its criteria and rubric totals with their ids, copied into each outcome (one
    // allocation each, no temporaries), then filled in.
    std::vector<std::vector<CriterionOutcome>> criteria_template;
    std::vector<std::vector<std::pair<std::string, double>>> totals_template;

    // This thread's cells, prepared for the program (the fields still to fill).
    RowState& state() const;
    // The record's values into the field cells.
    void load(const Record& demand, RowState& state) const;
    // Derived fields, then what score_row gives: flags, grid, criteria, score, written into `out`,
    // whose storage is reused. Without `details`, only status, reason, grid and score: what a
    // position needs.
    void outcome(RowState& state, Outcome& out, bool details = true) const;
    // The values of ranking.within for the row in `state` (after outcome()).
    std::vector<Value> group(RowState& state) const;
};

}  // namespace cotation::internal
