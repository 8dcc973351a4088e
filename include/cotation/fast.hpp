// The fast path: a CSV or JSON Lines demand file scored over typed columns, in parallel, with
// results identical to the reference interpreter's (score_demands).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/score.hpp"
#include "cotation/table.hpp"

namespace cotation {

struct FastScoreOptions {
    Date as_of{};
    std::vector<std::pair<std::string, Value>> parameter_overrides{};
    ReadOptions read{};
    unsigned threads = 0;          // 0: every core
    bool keep_criteria = false;    // keep each criterion's state and points (--explain, tests)
    std::function<void(std::uint64_t bytes_read)> progress{};  // called after each block of a file
};

struct FastScoreState;  // the results, columnar

// A scored file: the counts of the contract, the rejected rows, and the results to write.
struct FastScoreRun {
    std::uint64_t rows_read = 0;
    std::uint64_t scored = 0;
    std::uint64_t unscored = 0;
    std::vector<RejectedRow> rejected;
    std::vector<std::string> warnings;
    std::string error;             // non-empty: the file could not be read or scored at all
    bool input_error = false;      // the error is the file's (no header, a missing column), not the policy's
    std::shared_ptr<FastScoreState> state;
    bool ok() const { return error.empty(); }
};

FastScoreRun fast_score_csv(const Policy& policy, std::string_view csv_text, const FastScoreOptions& options);
// The same for JSON Lines: one object a line (the rules of read_jsonl_text).
FastScoreRun fast_score_jsonl(const Policy& policy, std::string_view jsonl_text, const FastScoreOptions& options);
// The same from a file read in blocks, so that memory stays well under the file's size: JSON Lines
// when its name ends in .jsonl, CSV otherwise.
FastScoreRun fast_score_file(const Policy& policy, const std::string& path, const FastScoreOptions& options,
                             std::size_t block_bytes = 16u << 20);

// The same CSV or JSON Lines as write_scores_csv / write_scores_jsonl, in input order.
void write_fast_scores(std::ostream& out, const Policy& policy, const FastScoreRun& run, bool explain, bool jsonl);

// The results as the reference's ScoreRun (for tests and small files).
ScoreRun to_score_run(const Policy& policy, const FastScoreRun& run);

// One row of a scored file's results, read in place: what for_each_fast_row gives.
struct FastRow {
    std::string_view id;                    // the demand's key
    int grid = -1;                          // its grid's index in Policy::grid_ids(); -1 when unscored
    std::string_view unscored_reason;       // "no_grid", "missing_key"; empty when scored
    double score = 0;                       // score, rank, group size and percentile: 0 when unscored
    std::int64_t rank = 0;
    std::int64_t group_size = 0;
    std::int64_t percentile = 0;
    std::span<const std::uint32_t> flags;   // the true flags, as indexes in Policy::flag_ids(), in file order
    // The values of ranking.within, looked up when asked (callers that do not need them skip a
    // cache miss a row).
    std::span<const Value> group() const;
    std::span<const CriterionOutcome> criteria;  // keep_criteria: every criterion of the grid, in file order
    std::span<const std::pair<std::string, double>> rubric_totals;  // keep_criteria: by rubric, after caps and floors

    const FastScoreState* state = nullptr;  // where group() looks
    std::uint32_t group_index = 0;
};

// Visits every row of the results in input order (rejected rows are not among them) without a
// ScoredDemand each, which to_score_run builds: for callers that fill columns of their own (the
// Python package's DataFrames). A row's views are valid during its visit only.
void for_each_fast_row(const Policy& policy, const FastScoreRun& run, const std::function<void(const FastRow&)>& visit);

}  // namespace cotation
