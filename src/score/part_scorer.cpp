#include "score/part_scorer.hpp"

#include <algorithm>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace cotation {

PartScorer::PartScorer(const Plan& plan, bool keep_criteria, std::size_t threads, std::vector<std::size_t> field_columns,
                       const PartScorer* pools_of)
    : scoring_{plan, plan.record(plan.program.demand_record), make_layout(plan.program, plan.record(plan.program.demand_record)), keep_criteria,
               std::move(field_columns)},
      state_(std::make_shared<FastScoreState>()),
      threads_(threads) {
    for (std::size_t t = 0; t < threads; ++t)
        workers_.push_back(make_scoring_worker(scoring_, pools_of ? pools_of->workers_[t]->shared_pool : nullptr));
}

void PartScorer::make_room(std::size_t parts) { state_->parts.resize(std::max(parts, state_->parts.size())); }

void PartScorer::consume(std::size_t index, std::size_t worker, io::ColumnPart& part) {
    PartScores& out = state_->parts[index];
    out = PartScores{};
    out.worker = worker;
    score_part(scoring_, *workers_[worker], part, out);
}

void PartScorer::retract(std::size_t first) { state_->parts.resize(first); }

FastScoreRun PartScorer::finish(const io::PartReadResult& read) {
    FastScoreRun run;
    state_->parts.resize(read.parts);
#ifdef __GLIBC__
    // The parts' columns are freed; the heap keeps them (the command line keeps freed memory for
    // the next parts, see cli/main.cpp): give them back before positioning needs its own.
    malloc_trim(0);
#endif
    state_->layout = scoring_.layout;
    state_->threads = threads_;
    position_rows(*state_, workers_, threads_, keep_members_);
    workers_.clear();  // their programs and pools are no longer needed
    for (const PartScores& part : state_->parts) {
        run.rows_read += part.rows_read;
        run.rejected.insert(run.rejected.end(), part.rejected.begin(), part.rejected.end());
        run.scored += static_cast<std::uint64_t>(std::count_if(part.grid.begin(), part.grid.end(), [](std::int8_t g) { return g >= 0; }));
    }
    run.unscored = run.rows_read - run.rejected.size() - run.scored;
    run.warnings = read.warnings;
    run.state = std::move(state_);
    return run;
}

std::size_t scoring_threads(unsigned threads) { return threads ? threads : std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace cotation
