// score (fast path): a demand file read in parts (io/part_reader) and scored by the column kernel
// (column_scorer) on every core, then positioned (column_positions).
#include "cotation/fast.hpp"

#include <algorithm>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "io/part_reader.hpp"
#include "score/column_positions.hpp"
#include "score/fast_score.hpp"
#include "score/scorer.hpp"

namespace cotation {

namespace {

// The parts' consumer: each part is scored by the worker that read it, into its own results.
class PartScorer final : public io::PartConsumer {
public:
    PartScorer(const Plan& plan, bool keep_criteria, bool keep_members, std::size_t threads)
        : keep_members_(keep_members),
          scoring_{plan, plan.record(plan.program.demand_record), make_layout(plan.program, plan.record(plan.program.demand_record)),
                   keep_criteria},
          state_(std::make_shared<FastScoreState>()),
          threads_(threads) {
        for (std::size_t t = 0; t < threads; ++t) workers_.push_back(make_scoring_worker(scoring_));
    }

    const ColumnScoring& scoring() const { return scoring_; }
    StringPool& pool(std::size_t worker) override { return workers_[worker]->pool; }
    void make_room(std::size_t parts) override { state_->parts.resize(std::max(parts, state_->parts.size())); }
    void consume(std::size_t index, std::size_t worker, io::ColumnPart& part) override {
        PartScores& out = state_->parts[index];
        out = PartScores{};
        out.worker = worker;
        score_part(scoring_, *workers_[worker], part, out);
    }
    void retract(std::size_t first) override { state_->parts.resize(first); }

    // Positions every row and fills the counts of the contract.
    FastScoreRun finish(const io::PartReadResult& read) {
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

private:
    bool keep_members_;
    ColumnScoring scoring_;
    std::shared_ptr<FastScoreState> state_;
    std::vector<std::unique_ptr<ScoringWorker>> workers_;
    std::size_t threads_;
};

// Scores what `read` hands over: the text of a CSV or JSON Lines file, or the file itself.
template <typename Read>
FastScoreRun score_parts(const Policy& policy, const FastScoreOptions& options, std::size_t block_bytes, bool keep_members, Read read) {
    FastScoreRun run;
    const CompiledPolicy& checked = policy.compiled();
    if (checked.demand_record < 0) {
        run.error = "the policy declares no `demand` record";
        return run;
    }
    Result<Plan> plan = make_plan(checked, options.as_of, options.parameter_overrides);
    if (!plan) {
        run.error = plan.error().message;
        return run;
    }
    const std::size_t threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    PartScorer scorer(*plan, options.keep_criteria, keep_members, threads);
    const CheckedRecord& record = scorer.scoring().record;
    const io::RecordColumns columns{record.fields, scorer.scoring().layout.store, record.key_slot};
    // Parts of about a megabyte: enough for the workers to finish a block together, small enough to
    // stay in cache while they are read and scored.
    const io::PartReadOptions read_options{options.read, threads, 1u << 20, block_bytes, options.progress};
    const io::PartReadResult result = read(columns, read_options, scorer);
    if (!result.ok()) {
        run.error = result.error;
        run.input_error = true;
        return run;
    }
    return scorer.finish(result);
}

}  // namespace

FastScoreRun fast_score_csv(const Policy& policy, std::string_view text, const FastScoreOptions& options) {
    return score_parts(policy, options, 0, false, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_parts(text, io::TextFormat::csv, columns, read, consumer);
    });
}

FastScoreRun fast_score_jsonl(const Policy& policy, std::string_view text, const FastScoreOptions& options) {
    return score_parts(policy, options, 0, false, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_parts(text, io::TextFormat::jsonl, columns, read, consumer);
    });
}

FastScoreRun fast_score_file(const Policy& policy, const std::string& path, const FastScoreOptions& options, std::size_t block_bytes) {
    return score_parts(policy, options, block_bytes, false, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_file_parts(path, columns, read, consumer);
    });
}

FastScoreRun fast_score_stock(const Policy& policy, const std::string& path, const FastScoreOptions& options) {
    return score_parts(policy, options, 32u << 20, true, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_file_parts(path, columns, read, consumer);
    });
}

ScoreRun to_score_run(const Policy& policy, const FastScoreRun& run) {
    const CompiledPolicy& p = policy.compiled();
    ScoreRun out;
    out.scored = run.scored;
    out.unscored = run.unscored;
    out.error = run.error;
    if (!run.state) return out;
    const FastScoreState& state = *run.state;
    const Layout& layout = state.layout;
    for (const PartScores& part : state.parts) {
        for (std::size_t i = 0; i < part.rows; ++i) {
            ScoredDemand d;
            d.id = std::string(part.key(i));
            const std::int8_t g = part.grid[i];
            for (std::size_t f = 0; f < p.flags.size(); ++f)
                if (part.flag(i, f, layout.flag_bytes)) d.flags.push_back(p.flags[f].id);
            d.group = state.group_values[part.group[i]];
            if (g < 0) {
                d.unscored_reason = g == missing_key ? "missing_key" : "no_grid";
                out.demands.push_back(std::move(d));
                continue;
            }
            const CheckedGrid& grid = p.grids[static_cast<std::size_t>(g)];
            d.grid = grid.id;
            d.score = part.score[i];
            d.rank = part.rank[i];
            d.group_size = state.group_size(part, i);
            d.percentile = percentile_of(d.rank, d.group_size);
            if (!part.states.empty()) {
                std::size_t c = 0;
                for (std::size_t r = 0; r < grid.rubrics.size(); ++r) {
                    for (const auto& crit : grid.rubrics[r].criteria) {
                        const std::size_t at = i * layout.criteria + layout.criterion_base[static_cast<std::size_t>(g)] + c++;
                        d.criteria.push_back(CriterionOutcome{grid.rubrics[r].id, crit.id, static_cast<CriterionState>(part.states[at]), part.points[at]});
                    }
                    d.rubric_totals.emplace_back(grid.rubrics[r].id,
                                                 part.rubric_totals[i * layout.rubrics + layout.rubric_base[static_cast<std::size_t>(g)] + r]);
                }
            }
            out.demands.push_back(std::move(d));
        }
    }
    return out;
}

}  // namespace cotation
