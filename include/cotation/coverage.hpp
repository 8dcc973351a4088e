// Coverage of a policy over a stock of demands (policy format, section 10.3): how often each
// criterion is applied, unknown, unverified or not applied among the demands its grid scored, the
// points it gave in all, and how often each flag is true, null or false among the scored demands.
// Counted on the fast path, part by part: no row's criteria are kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cotation/policy.hpp"
#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace cotation {

struct CoverageOptions {
    Date as_of;
    std::vector<std::pair<std::string, Value>> parameter_overrides;  // undated replacements (--set)
    ReadOptions read;
    unsigned threads = 0;  // 0: every core
    std::function<void(std::uint64_t bytes_read)> progress;  // called after each block of a file
};

struct CriterionCoverage {
    std::string grid, rubric, criterion;
    std::uint64_t applied = 0, unknown = 0, unverified = 0, not_applied = 0;  // add up to the demands of its grid
    double points_total = 0;  // its own points summed over the demands where it applied: summed exactly (the
                              // result depends on no order of rows or threads), then rounded to 9 decimals
};

struct FlagCoverage {
    std::string flag;
    std::uint64_t true_count = 0, null_count = 0, false_count = 0;  // add up to the scored demands
};

struct CoverageRun {
    std::uint64_t rows_read = 0;
    std::uint64_t scored = 0;
    std::uint64_t unscored = 0;
    std::vector<std::pair<std::string, std::uint64_t>> grids;  // each grid's id and the demands it scored, in file order
    std::vector<CriterionCoverage> criteria;  // every criterion of every grid, in file order
    std::vector<FlagCoverage> flags;          // every flag, in file order
    std::vector<RejectedRow> rejected;
    std::vector<std::string> warnings;
    Date as_of;
    std::vector<std::pair<std::string, Value>> parameter_overrides;
    std::string error;          // non-empty: the file could not be read or scored at all
    bool input_error = false;   // the error is the file's (no header, a missing column), not the policy's
    bool ok() const { return error.empty(); }
};

// The coverage over a CSV or JSON Lines file (JSON Lines when its name ends in .jsonl), read in blocks.
CoverageRun coverage_file(const Policy& policy, const std::string& path, const CoverageOptions& options, std::size_t block_bytes = 32u << 20);
// The same over the text of a CSV file.
CoverageRun coverage_csv(const Policy& policy, std::string_view csv_text, const CoverageOptions& options);

// grid,rubric,criterion,applied,unknown,unverified,not_applied,points_total: a row per criterion in
// file order, then a row per flag: flag,,ID,true_count,null_count,,false_count,
void write_coverage_csv(std::ostream& out, const CoverageRun& run);
// {"policy", "version", "as_of", "rows_read", "scored", "unscored", "rejected", "grids": [...],
//  "criteria": [...], "flags": [...]}
void write_coverage_json(std::ostream& out, const Policy& policy, const CoverageRun& run);
// The same in French, per grid and rubric with the criteria's labels; the criteria never applied last.
void write_coverage_text(std::ostream& out, const Policy& policy, const CoverageRun& run);

}  // namespace cotation
