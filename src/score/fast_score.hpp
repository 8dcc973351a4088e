// score (fast path, internal): the entry that keeps what a Population needs besides the scores.
#pragma once

#include <string>

#include "cotation/fast.hpp"

namespace cotation {

// fast_score_file, keeping in the state the groups' ordered members and the texts of text order
// keys (column_positions.hpp), so that a newcomer can be placed among them.
FastScoreRun fast_score_stock(const Policy& policy, const std::string& path, const FastScoreOptions& options);

}  // namespace cotation
