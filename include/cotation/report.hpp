// Writing results: score tables as CSV or JSON Lines, and a short human summary.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "cotation/score.hpp"

namespace cotation {

struct ScoreReportOptions {
    bool explain = false;  // one column c.<rubric>.<criterion> per criterion
};

// id,grid,score,rank,group_size,percentile,status,flags[,c.<rubric>.<criterion>...]
void write_scores_csv(std::ostream& out, const Policy& policy, const ScoreRun& run, const ScoreReportOptions& options = {});
void write_scores_jsonl(std::ostream& out, const Policy& policy, const ScoreRun& run, const ScoreReportOptions& options = {});
// Counts, the score distribution and the first three of the largest groups.
void write_score_summary(std::ostream& out, const Policy& policy, const ScoreRun& run);

// `scored` or `unscored:REASON`.
std::string status_text(const ScoredDemand& demand);
}  // namespace cotation
