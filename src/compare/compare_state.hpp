// compare: the results of each policy over the same parts, row for row (the writers read them).
#pragma once

#include <memory>

#include "cotation/compare.hpp"
#include "score/column_positions.hpp"

namespace cotation {

struct CompareState {
    // BASE's and CANDIDATE's results: the same parts, each part the same rows in the same order.
    std::shared_ptr<const FastScoreState> base, candidate;
};

}  // namespace cotation
