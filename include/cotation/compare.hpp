// Comparing two policies on the same stock of demands (policy format, section 10.2): the file is
// read once, on the fast path, each part scored with both policies; each demand's rank under each
// policy, who moves up or down, who is scored by one policy only, how the flagged demands fare.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cotation/policy.hpp"
#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace cotation {

struct CompareOptions {
    Date as_of;
    std::vector<std::pair<std::string, Value>> candidate_overrides;  // CANDIDATE's parameters only (--set)
    ReadOptions read;
    unsigned threads = 0;  // 0: every core
    std::function<void(std::uint64_t bytes_read)> progress;  // called after each block of a file
};

// The demands scored by both policies for which one policy's flag is true.
struct FlagMoves {
    std::string flag;
    std::string policy;             // "candidate", or "base" for a flag of BASE that CANDIDATE lacks
    std::uint64_t n = 0;
    std::uint64_t moved_up = 0;
    std::uint64_t moved_down = 0;
    double mean_rank_change = 0;    // rounded to 2 decimals, half away from zero; 0 when n = 0
};

struct RankMove {
    std::string id;
    std::int64_t base_rank = 0;
    std::int64_t candidate_rank = 0;
    std::int64_t rank_change = 0;   // base_rank − candidate_rank: positive when the demand moves up
};

// A bar of the histogram of rank changes: the demands scored by both whose change is in [from, to].
struct RankChangeBin {
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::uint64_t demands = 0;
};

enum class CompareFailure : std::uint8_t {
    none,
    policies,  // the two policies cannot read one file: different demand keys, a field of two types (usage)
    input,     // the file cannot be read: missing, no header, a declared column missing
    policy,    // a policy cannot score: no demand record, a parameter without a value in force at as_of
};

struct CompareState;  // the rows' results under each policy, columnar

struct CompareRun {
    std::uint64_t rows_read = 0;
    std::uint64_t demands = 0;          // rows read less rows rejected
    std::uint64_t both_scored = 0;
    std::uint64_t moved_up = 0;         // of the both-scored demands: rank_change > 0
    std::uint64_t moved_down = 0;       // rank_change < 0
    std::uint64_t unchanged = 0;        // rank_change = 0
    std::uint64_t only_base = 0;        // scored by BASE only
    std::uint64_t only_candidate = 0;   // scored by CANDIDATE only
    std::vector<FlagMoves> by_flag;     // CANDIDATE's flags in file order, then BASE's that CANDIDATE lacks
    std::vector<RankMove> largest_moves;  // the 20 largest |rank_change|, ties by id (bytes), then input order
    std::vector<RankChangeBin> histogram;  // falls to rises, bins of 1, 2-4, 5-9, 10-19, 20-49... either side of 0
    std::vector<RejectedRow> rejected;  // rows with a cell that is not of the type either policy declares
    std::vector<std::string> warnings;  // columns that neither policy declares
    Date as_of;
    std::vector<std::pair<std::string, Value>> candidate_overrides;
    std::string error;
    CompareFailure failure = CompareFailure::none;
    std::shared_ptr<const CompareState> state;
    bool ok() const { return failure == CompareFailure::none; }
};

// BASE and CANDIDATE over a CSV or JSON Lines file (JSON Lines when its name ends in .jsonl), read
// in blocks: both must declare the same demand key, and the file every field that either declares.
CompareRun compare_file(const Policy& base, const Policy& candidate, const std::string& path, const CompareOptions& options,
                        std::size_t block_bytes = 32u << 20);
// The same over the text of a CSV file.
CompareRun compare_csv(const Policy& base, const Policy& candidate, std::string_view csv_text, const CompareOptions& options);

// One row per demand in input order:
// id,base_grid,base_score,base_rank,base_group_size,candidate_grid,candidate_score,candidate_rank,candidate_group_size,rank_change
void write_compare_csv(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run);
// {"base": {"name", "version"}, "candidate": {...}, "demands", "both_scored", "moved_up", "moved_down", "unchanged",
//  "only_base", "only_candidate", "rejected", "by_flag": [...], "largest_moves": [...]}
void write_compare_json(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run);
// The same figures in French, for a person at a terminal.
void write_compare_text(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run);
// A self-contained page: the figures, a histogram of rank changes, the by-flag table, the largest moves.
void write_compare_html(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run);

}  // namespace cotation
