// explain: what the applicant is told about a scored demand (cotation explain, explain_demand).
#pragma once

#include <string>
#include <vector>

#include "check/compiled.hpp"
#include "cotation/score.hpp"
#include "eval/interpreter.hpp"

namespace cotation {

// The explanation of one scored row; `context.row` is the row's slots; `group_scores` the scores of
// the scored demands of its positioning group, itself included (for the quartiles).
std::string explain_scored(const CompiledPolicy& policy, const std::vector<Value>& slots, const ScoredDemand& demand,
                           const EvalContext& context, std::vector<double> group_scores);

// The positioning group as a person reads it: each `within` with the label of the field it reads
// and the demand's value ("Typologie souhaitée : T4 ; Communes souhaitées (1er choix) : 62724").
std::string group_labels_fr(const CompiledPolicy& policy, const std::vector<Value>& group);

// "1er quartile 12, médiane 30, 3e quartile 45 (de 0 à 96)": nearest-rank quartiles of `scores`.
std::string quartiles_fr(std::vector<double> scores);

// "Délai d'attente moyen : ..." over the allocations of the demand's group in the 12 months to as_of.
std::string average_wait_text(const CompiledPolicy& policy, const ScoredDemand& demand, const DataTable& allocations,
                              const EvalContext& context);

}  // namespace cotation
