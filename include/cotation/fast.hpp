// The fast path: a CSV or JSON Lines demand file scored over typed columns, in parallel, with
// results identical to the reference interpreter's (score_demands).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
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

}  // namespace cotation
