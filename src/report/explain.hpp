// explain: what the applicant is told about a scored demand (cotation explain, explain_demand).
#pragma once

#include <string>
#include <vector>

#include "check/compiled.hpp"
#include "cotation/score.hpp"
#include "eval/interpreter.hpp"

namespace cotation {

// The explanation of one scored row; `context.row` is the row's slots.
std::string explain_scored(const CompiledPolicy& policy, const std::vector<Value>& slots, const ScoredDemand& demand,
                           const EvalContext& context);

// "Délai d'attente moyen : ..." over the allocations of the demand's group in the 12 months to as_of.
std::string average_wait_text(const CompiledPolicy& policy, const ScoredDemand& demand, const DataTable& allocations,
                              const EvalContext& context);

}  // namespace cotation
