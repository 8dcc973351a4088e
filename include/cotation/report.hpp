// Writing results: score tables as CSV or JSON Lines, and a short human summary.
#pragma once

#include <ostream>
#include <string>

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
// RFC 4180 quoting where needed.
std::string csv_cell(std::string_view text);
// Whether csv_cell must quote the text (it holds a delimiter, a quote or a line break). A loop, not
// find_first_of: that calls memchr on the five characters for every byte of the text.
inline bool needs_csv_quotes(std::string_view text) noexcept {
    for (const char c : text)
        if (c == ',' || c == ';' || c == '"' || c == '\r' || c == '\n') return true;
    return false;
}

}  // namespace cotation
