// score (fast path): positioning. Once every part is scored, the workers' positioning groups are
// joined into global ones and each group's rows are sorted by the order keys, in parallel.
// The reference positioning (scorer.cpp) is kept apart on purpose: the differential tests hold the
// two equal.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "score/column_scorer.hpp"

namespace cotation {

// The fast path's results: every part's scores, in file order, positioned.
struct FastScoreState {
    std::vector<PartScores> parts;
    std::vector<std::vector<Value>> group_values;  // by global group id: the values of ranking.within
    std::vector<std::uint32_t> group_sizes;        // by global group id: its scored rows
    Layout layout;
    std::size_t threads = 1;                       // the workers that scored the rows: also the writers'

    // Kept when positioning is asked to (a Population places newcomers among them):
    struct Member {
        std::uint32_t part;
        std::uint32_t row;
    };
    std::vector<Member> members;                   // the scored rows, by group, each group in order
    std::vector<std::size_t> group_start;          // group g's members: [group_start[g], group_start[g + 1])
    // The distinct texts of text order keys, sorted: a text's order word is 2·(its index + 1), so
    // that a text absent from the stock ranks between its neighbours (an odd word).
    std::vector<std::string> texts;

    std::uint32_t group_size(const PartScores& part, std::size_t row) const { return group_sizes[part.group[row]]; }
};

// Gives every scored row its rank; `workers` are the ones that scored the parts (their pools hold
// the order keys' texts). With `keep_members`, the groups' ordered members and the order keys'
// texts stay in the state.
void position_rows(FastScoreState& state, const std::vector<std::unique_ptr<ScoringWorker>>& workers, std::size_t threads,
                   bool keep_members = false);

}  // namespace cotation
