// coverage: a demand file read in parts and scored by the column kernel with the criteria's
// states kept; each part's states are counted at once into the part's counts, then forgotten, and
// the parts' counts are added up in file order (cotation/coverage.hpp).
#include "cotation/coverage.hpp"

#include "core/exact_sum.hpp"
#include "io/part_reader.hpp"
#include "score/column_scorer.hpp"
#include "score/part_scorer.hpp"
#include "score/scorer.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

constexpr std::size_t states = 4;  // applied, unknown, unverified, not_applied: CriterionState's order

// What one part's rows add to the coverage.
struct PartCounts {
    std::uint64_t rows_read = 0;
    std::vector<std::uint64_t> grid_scored;   // per grid
    std::vector<std::uint64_t> state_counts;  // criteria x states
    std::vector<ExactSum> points;             // per criterion
    std::vector<std::uint64_t> flag_counts;   // flags x (true, null, false)
    std::vector<RejectedRow> rejected;
};

// The parts' consumer: each part scored by the worker that read it into that worker's scratch
// results, then counted.
class PartCoverage final : public io::PartConsumer {
public:
    PartCoverage(const Plan& plan, std::size_t threads)
        : scoring_{plan, plan.record(plan.program.demand_record), make_layout(plan.program, plan.record(plan.program.demand_record)), true, {}},
          scratch_(threads) {
        for (std::size_t t = 0; t < threads; ++t) workers_.push_back(make_scoring_worker(scoring_));
    }

    const ColumnScoring& scoring() const { return scoring_; }
    StringPool& pool(std::size_t worker) override { return workers_[worker]->pool; }
    void make_room(std::size_t parts) override { parts_.resize(std::max(parts, parts_.size())); }
    void retract(std::size_t first) override { parts_.resize(first); }
    void consume(std::size_t index, std::size_t worker, io::ColumnPart& part) override;

    // The parts' counts added up, in file order.
    void finish(std::size_t parts, CoverageRun& run);

private:
    ColumnScoring scoring_;
    std::vector<std::unique_ptr<ScoringWorker>> workers_;
    std::vector<PartScores> scratch_;  // per worker
    std::vector<PartCounts> parts_;
};

void PartCoverage::consume(std::size_t index, std::size_t worker, io::ColumnPart& part) {
    const CompiledPolicy& p = scoring_.plan.program;
    const Layout& layout = scoring_.layout;
    PartScores& scores = scratch_[worker];
    score_part(scoring_, *workers_[worker], part, scores);
    PartCounts& c = parts_[index];
    c = PartCounts{};
    c.rows_read = scores.rows_read;
    c.rejected = std::move(scores.rejected);
    c.grid_scored.assign(p.grids.size(), 0);
    c.state_counts.assign(layout.criteria * states, 0);
    c.points.assign(layout.criteria, ExactSum{});
    c.flag_counts.assign(p.flags.size() * 3, 0);
    for (std::size_t i = 0; i < scores.rows; ++i) {
        const std::int8_t g = scores.grid[i];
        if (g < 0) continue;
        ++c.grid_scored[static_cast<std::size_t>(g)];
        const std::size_t first = layout.criterion_base[static_cast<std::size_t>(g)];
        const std::size_t end = static_cast<std::size_t>(g) + 1 < layout.criterion_base.size() ? layout.criterion_base[static_cast<std::size_t>(g) + 1]
                                                                                                : layout.criteria;
        for (std::size_t k = first; k < end; ++k) {
            const std::uint8_t state = scores.states[i * layout.criteria + k];
            ++c.state_counts[k * states + state];
            if (state == static_cast<std::uint8_t>(CriterionState::applied)) c.points[k].add(scores.points[i * layout.criteria + k]);
        }
        for (std::size_t f = 0; f < p.flags.size(); ++f) {
            const std::size_t outcome = scores.flag(i, f, layout.flag_bytes) ? 0 : scores.flag_nulls[i * layout.flag_bytes + f / 8] >> (f % 8) & 1 ? 1 : 2;
            ++c.flag_counts[f * 3 + outcome];
        }
    }
}

void PartCoverage::finish(std::size_t parts, CoverageRun& run) {
    const CompiledPolicy& p = scoring_.plan.program;
    const Layout& layout = scoring_.layout;
    parts_.resize(parts);
    std::vector<std::uint64_t> grid_scored(p.grids.size(), 0), state_counts(layout.criteria * states, 0), flag_counts(p.flags.size() * 3, 0);
    std::vector<ExactSum> points(layout.criteria);
    for (PartCounts& c : parts_) {
        run.rows_read += c.rows_read;
        run.rejected.insert(run.rejected.end(), c.rejected.begin(), c.rejected.end());
        for (std::size_t g = 0; g < grid_scored.size(); ++g) grid_scored[g] += c.grid_scored[g];
        for (std::size_t k = 0; k < state_counts.size(); ++k) state_counts[k] += c.state_counts[k];
        for (std::size_t k = 0; k < points.size(); ++k) points[k] += c.points[k];
        for (std::size_t k = 0; k < flag_counts.size(); ++k) flag_counts[k] += c.flag_counts[k];
    }
    std::size_t k = 0;
    for (std::size_t g = 0; g < p.grids.size(); ++g) {
        const CheckedGrid& grid = p.grids[g];
        run.grids.emplace_back(grid.id, grid_scored[g]);
        run.scored += grid_scored[g];
        for (const CheckedRubric& rubric : grid.rubrics)
            for (const CheckedCriterion& criterion : rubric.criteria) {
                const std::uint64_t* n = &state_counts[k * states];
                // The exact sum, shown without the noise of binary fractions (2.6 + 3.6 is 6.2, not 6.200000000000001).
                const double total = round_half_away(points[k].value(), 9);
                run.criteria.push_back(CriterionCoverage{grid.id, rubric.id, criterion.id, n[0], n[1], n[2], n[3], total});
                ++k;
            }
    }
    for (std::size_t f = 0; f < p.flags.size(); ++f)
        run.flags.push_back(FlagCoverage{p.flags[f].id, flag_counts[f * 3], flag_counts[f * 3 + 1], flag_counts[f * 3 + 2]});
    run.unscored = run.rows_read - run.rejected.size() - run.scored;
}

// Counts what `read` hands over: the text of a file, or the file itself.
template <typename Read>
CoverageRun cover_parts(const Policy& policy, const CoverageOptions& options, std::size_t block_bytes, Read read) {
    CoverageRun run;
    run.as_of = options.as_of;
    run.parameter_overrides = options.parameter_overrides;
    const std::optional<Plan> plan = demand_plan(internal::PolicyAccess::compiled(policy), options.as_of, options.parameter_overrides, run.error);
    if (!plan) return run;
    const std::size_t threads = scoring_threads(options.threads);
    PartCoverage coverage(*plan, threads);
    const CheckedRecord& record = coverage.scoring().record;
    const io::RecordColumns columns{record.fields, coverage.scoring().layout.store, record.key_slot};
    const io::PartReadOptions read_options{options.read, threads, 1u << 20, block_bytes, options.progress};
    const io::PartReadResult result = read(columns, read_options, coverage);
    if (!result.ok()) {
        run.error = result.error;
        run.input_error = true;
        return run;
    }
    run.warnings = result.warnings;
    coverage.finish(result.parts, run);
    return run;
}

}  // namespace

CoverageRun coverage_file(const Policy& policy, const std::string& path, const CoverageOptions& options, std::size_t block_bytes) {
    return cover_parts(policy, options, block_bytes, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_file_parts(path, columns, read, consumer);
    });
}

CoverageRun coverage_csv(const Policy& policy, std::string_view text, const CoverageOptions& options) {
    return cover_parts(policy, options, 0, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_parts(text, io::TextFormat::csv, columns, read, consumer);
    });
}

}  // namespace cotation
