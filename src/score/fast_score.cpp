// score (fast path): a demand file read in parts (io/part_reader) and scored by the column kernel
// (column_scorer) on every core, then positioned (column_positions).
#include "cotation/fast.hpp"

#include "score/fast_score.hpp"
#include "score/part_scorer.hpp"
#include "score/scorer.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

// Scores what `read` hands over: the text of a CSV or JSON Lines file, or the file itself.
template <typename Read>
FastScoreRun score_parts(const Policy& policy, const FastScoreOptions& options, std::size_t block_bytes, bool keep_members, Read read) {
    FastScoreRun run;
    const std::optional<Plan> plan = demand_plan(internal::PolicyAccess::compiled(policy), options.as_of, options.parameter_overrides, run.error);
    if (!plan) return run;
    const std::size_t threads = scoring_threads(options.threads);
    PartScorer scorer(*plan, options.keep_criteria, threads);
    scorer.keep_members(keep_members);
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
    return score_parts(policy, options, 16u << 20, true, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_file_parts(path, columns, read, consumer);
    });
}

ScoreRun to_score_run(const Policy& policy, const FastScoreRun& run) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
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
