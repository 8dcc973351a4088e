// api (internal): what a Scorer holds — the policy planned at its date and the demand record's
// programs compiled once — and the steps of scoring one row, shared with Population.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "api/access.hpp"
#include "core/columns.hpp"
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
    // An expression of the program: run, or only read when it runs no instruction (a field or a
    // constant, as most criteria's points are): no call.
    struct Step {
        std::size_t program = 0;
        std::int32_t cell = -1;  // >= 0: the cell that holds its value
    };
    std::vector<std::optional<Step>> applies;            // per grid: its applies_when
    std::vector<std::vector<std::optional<Step>>> when;  // per grid, per criterion in file order
    std::vector<std::vector<Step>> points;
    std::vector<Step> flags;
    std::vector<std::size_t> within;
    // Per field: the values of its enumeration (or of its list's), indexed, for the check of a
    // bound member's text; empty for other fields.
    std::vector<StringIndex> enum_values;
    // Per grid: its criteria and rubric totals with their ids, copied into each outcome (one
    // allocation each, no temporaries), then filled in.
    std::vector<std::vector<CriterionOutcome>> criteria_template;
    std::vector<std::vector<std::pair<std::string, double>>> totals_template;

    Step step(const Expr& expr);
    const Cell& value(const Step& step, RowState& state) const { return step.cell >= 0 ? state.cells[static_cast<std::size_t>(step.cell)] : program.run(step.program, state); }

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
