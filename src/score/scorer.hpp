// score: one demand through the grids (internal: explain and test reuse it row by row).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "check/compiled.hpp"
#include "core/value_order.hpp"
#include "cotation/score.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"

namespace cotation {

// A rubric's or a grid's total within its optional floor and cap.
inline double clamp_bounds(double value, const std::optional<double>& floor, const std::optional<double>& cap) {
    if (floor && value < *floor) value = *floor;
    if (cap && value > *cap) value = *cap;
    return value;
}

// percentile = ceil(100 · rank / group_size), in integers.
inline std::int64_t percentile_of(std::int64_t rank, std::int64_t group_size) { return (100 * rank + group_size - 1) / group_size; }

// The plan that scores demands at `as_of`; nullopt with `error` set when the policy declares no
// `demand` record or a parameter has no value then (make_plan's errors).
std::optional<Plan> demand_plan(const CompiledPolicy& policy, Date as_of, const ParameterOverrides& overrides, std::string& error);

// Scores one row whose slots (fields then derived fields) are already computed. Rank fields stay 0.
ScoredDemand score_row(const CompiledPolicy& policy, const std::vector<Value>& slots, const EvalContext& context);

// The order of demands for positioning and ranking: `keys` over slots, nulls last, key last.
struct OrderedRow {
    std::size_t index = 0;
    double score = 0;
    std::vector<Value> keys;  // one per sort key that is not `score`
};
bool order_before(const std::vector<SortKey>& order, const OrderedRow& a, const OrderedRow& b);
std::vector<Value> order_values(const std::vector<SortKey>& order, const std::vector<Value>& slots);

}  // namespace cotation
