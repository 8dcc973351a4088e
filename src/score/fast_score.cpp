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

std::span<const Value> FastRow::group() const {
    if (!state) return {};
    return state->group_values[group_index];
}

void for_each_fast_row(const Policy& policy, const FastScoreRun& run, const std::function<void(const FastRow&)>& visit) {
    if (!run.state) return;
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    const FastScoreState& state = *run.state;
    const Layout& layout = state.layout;
    // Each grid's criteria and rubrics named once; a row then only writes their states and points.
    std::vector<std::vector<CriterionOutcome>> criteria(p.grids.size());
    std::vector<std::vector<std::pair<std::string, double>>> totals(p.grids.size());
    for (std::size_t g = 0; g < p.grids.size(); ++g)
        for (const CheckedRubric& r : p.grids[g].rubrics) {
            totals[g].emplace_back(r.id, 0.0);
            for (const CheckedCriterion& c : r.criteria) criteria[g].push_back(CriterionOutcome{r.id, c.id, CriterionState::not_applied, 0});
        }
    std::vector<std::uint32_t> flags;
    flags.reserve(p.flags.size());
    for (const PartScores& part : state.parts) {
        for (std::size_t i = 0; i < part.rows; ++i) {
            FastRow row;
            row.id = part.key(i);
            flags.clear();
            for (std::size_t f = 0; f < p.flags.size(); ++f)
                if (part.flag(i, f, layout.flag_bytes)) flags.push_back(static_cast<std::uint32_t>(f));
            row.flags = flags;
            row.state = &state;
            row.group_index = part.group[i];
            const std::int8_t g = part.grid[i];
            if (g < 0) {
                row.unscored_reason = g == missing_key ? "missing_key" : "no_grid";
                visit(row);
                continue;
            }
            const auto grid = static_cast<std::size_t>(g);
            row.grid = g;
            row.score = part.score[i];
            row.rank = part.rank[i];
            row.group_size = state.group_size(part, i);
            row.percentile = percentile_of(row.rank, row.group_size);
            if (!part.states.empty()) {
                const std::size_t first = i * layout.criteria + layout.criterion_base[grid];
                for (std::size_t c = 0; c < criteria[grid].size(); ++c) {
                    criteria[grid][c].state = static_cast<CriterionState>(part.states[first + c]);
                    criteria[grid][c].points = part.points[first + c];
                }
                for (std::size_t r = 0; r < totals[grid].size(); ++r)
                    totals[grid][r].second = part.rubric_totals[i * layout.rubrics + layout.rubric_base[grid] + r];
                row.criteria = criteria[grid];
                row.rubric_totals = totals[grid];
            }
            visit(row);
        }
    }
}

ScoreRun to_score_run(const Policy& policy, const FastScoreRun& run) {
    ScoreRun out;
    out.scored = run.scored;
    out.unscored = run.unscored;
    out.error = run.error;
    const std::vector<std::string> flag_ids = policy.flag_ids();
    const std::vector<std::string> grid_ids = policy.grid_ids();
    for_each_fast_row(policy, run, [&](const FastRow& row) {
        ScoredDemand& d = out.demands.emplace_back();
        d.id = std::string(row.id);
        for (const std::uint32_t f : row.flags) d.flags.push_back(flag_ids[f]);
        const std::span<const Value> group = row.group();
        d.group.assign(group.begin(), group.end());
        d.unscored_reason = std::string(row.unscored_reason);
        if (row.grid < 0) return;
        d.grid = grid_ids[static_cast<std::size_t>(row.grid)];
        d.score = row.score;
        d.rank = row.rank;
        d.group_size = row.group_size;
        d.percentile = row.percentile;
        d.criteria.assign(row.criteria.begin(), row.criteria.end());
        d.rubric_totals.assign(row.rubric_totals.begin(), row.rubric_totals.end());
    });
    return out;
}

}  // namespace cotation
