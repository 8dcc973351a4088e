// score (fast path): the consumer of a file's parts that scores each part with one policy, then
// positions every row once the file is read. `cotation score` runs one over a file; `compare` runs
// two over the same parts (compare/compare.cpp), their workers sharing string pools.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "cotation/fast.hpp"
#include "io/part_reader.hpp"
#include "score/column_positions.hpp"

namespace cotation {

class PartScorer final : public io::PartConsumer {
public:
    // `field_columns`: as ColumnScoring's (empty when the parts are read for this policy alone).
    // `pools_of`: a scorer of the same parts whose workers' string pools this one's workers share.
    PartScorer(const Plan& plan, bool keep_criteria, std::size_t threads, std::vector<std::size_t> field_columns = {},
               const PartScorer* pools_of = nullptr);

    const ColumnScoring& scoring() const { return scoring_; }
    StringPool& pool(std::size_t worker) override { return workers_[worker]->pool; }
    void make_room(std::size_t parts) override;
    // Scores the part into its results, taking the part's keys.
    void consume(std::size_t index, std::size_t worker, io::ColumnPart& part) override;
    void retract(std::size_t first) override;

    // The results of part `index` (once consumed).
    PartScores& part(std::size_t index) { return state_->parts[index]; }
    // Positions every row and fills the counts of the contract; the workers are then released.
    FastScoreRun finish(const io::PartReadResult& read);
    // Keep in the results what a Population needs (column_positions.hpp: position_rows).
    void keep_members(bool keep) { keep_members_ = keep; }

private:
    bool keep_members_ = false;
    ColumnScoring scoring_;
    std::shared_ptr<FastScoreState> state_;
    std::vector<std::unique_ptr<ScoringWorker>> workers_;
    std::size_t threads_;
};

// The threads that `threads` asks for: 0 is every core.
std::size_t scoring_threads(unsigned threads);

}  // namespace cotation
