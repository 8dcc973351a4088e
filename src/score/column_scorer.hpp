// score (fast path): the kernel. A part's rows, read into columns, are scored batch by batch by one
// worker's programs: derived fields, the grid each row takes, each grid's criteria over the rows it
// took, flags, positioning groups and order keys. Every rule is the reference's (scorer.cpp): the
// differential tests compare the two row by row.
#pragma once

#include <bit>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/columns.hpp"
#include "cotation/table.hpp"
#include "eval/batch.hpp"
#include "eval/group_key.hpp"
#include "io/csv_columns.hpp"
#include "plan/plan.hpp"

namespace cotation {

// What a row's grid byte holds besides a grid's index.
inline constexpr std::int8_t no_grid = -1;
inline constexpr std::int8_t missing_key = -2;

// Order keys are compared as words: unsigned order of words is the keys' order, direction included.
// A null is the largest word, so it sorts last in either direction; no value takes that word.
inline constexpr std::uint64_t null_word = ~std::uint64_t{0};

// The word of a number. Finite numbers give neither 0 nor the null word, so that `~` (descending)
// keeps them clear of it too.
inline std::uint64_t number_word(double value, bool descending) {
    const auto bits = std::bit_cast<std::uint64_t>(value == 0 ? 0.0 : value);  // -0 and 0 are equal
    const std::uint64_t ascending = bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
    return descending ? ~ascending : ascending;
}

// How one order key reads its value.
struct OrderSource {
    enum Kind : std::uint8_t { score, numeric, text, key } kind = score;
    std::int32_t slot = -1;
    bool descending = false;
    std::int32_t word = -1;  // numeric and text keys: the row's order word that holds it
};

// Where each criterion and rubric of every grid is kept in a row's results, which fields each grid
// reads, how rows are ordered.
struct Layout {
    std::vector<std::size_t> criterion_base;            // per grid: index of its first criterion
    std::vector<std::size_t> rubric_base;               // per grid: index of its first rubric
    std::vector<std::vector<std::int32_t>> grid_slots;  // per grid: the slots its criteria read
    std::vector<Repr> within_repr;
    std::size_t criteria = 0;
    std::size_t rubrics = 0;
    std::size_t flag_bytes = 0;                         // per row: a bit per flag
    std::size_t order_words = 0;
    std::vector<OrderSource> order;
    std::vector<bool> store;                            // per field: kept because some program reads it
};

Layout make_layout(const CompiledPolicy& program, const CheckedRecord& record);

// The results of one part's rows, in the order of the part. Positioning (column_positions.cpp)
// fills `rank`; a row's group size and percentile come from its group.
struct PartScores {
    std::size_t worker = 0;
    std::size_t rows = 0;
    std::string keys;                        // each row's key, end to end
    std::vector<std::uint32_t> key_end;
    std::vector<std::int8_t> grid;           // a grid's index, no_grid or missing_key
    std::vector<double> score;
    std::vector<std::uint8_t> flags;         // rows x flag_bytes
    std::vector<std::uint8_t> flag_nulls;    // rows x flag_bytes (keep_criteria): a bit per flag whose `when` was null
    std::vector<std::uint32_t> group;        // group id: the worker's, then (once positioned) the global one
    std::vector<std::uint64_t> order;        // rows x order_words
    std::vector<std::uint8_t> states;        // rows x criteria (keep_criteria)
    std::vector<double> points;              // rows x criteria (keep_criteria)
    std::vector<double> rubric_totals;       // rows x rubrics (keep_criteria)
    std::vector<std::uint32_t> rank;         // 1 is first; 0 when unscored
    std::vector<RejectedRow> rejected;
    std::uint64_t rows_read = 0;

    std::string_view key(std::size_t row) const {
        const std::uint32_t begin = row == 0 ? 0 : key_end[row - 1];
        return std::string_view(keys).substr(begin, key_end[row] - begin);
    }
    bool flag(std::size_t row, std::size_t f, std::size_t flag_bytes) const { return flags[row * flag_bytes + f / 8] >> (f % 8) & 1; }
    // The word of order key `o` for `row`.
    std::uint64_t order_word(const OrderSource& o, std::size_t row, std::size_t words) const {
        return o.kind == OrderSource::score ? number_word(score[row], o.descending) : order[row * words + static_cast<std::size_t>(o.word)];
    }
};

// What every worker shares: the plan, the demand record, the layout.
struct ColumnScoring {
    const Plan& plan;
    const CheckedRecord& record;
    Layout layout;
    bool keep_criteria = false;
    // Per field of the record: the column of the parts read that holds it. Empty: field f is column
    // f, as when the file is read for this policy alone; `compare` reads the fields of two policies.
    std::vector<std::size_t> field_columns;
};

// The programs of one worker, compiled with the string pool of the data it scores.
struct ScoringWorker {
    explicit ScoringWorker(std::shared_ptr<StringPool> pool_to_use) : shared_pool(std::move(pool_to_use)), pool(*shared_pool) {}
    // Its own pool, or the one of the worker of another policy that scores the same parts (compare).
    std::shared_ptr<StringPool> shared_pool;
    StringPool& pool;
    BatchCache cache;  // every program below shares its subexpressions through it
    std::vector<std::pair<std::int32_t, BatchExpr>> derived;
    std::vector<std::optional<BatchExpr>> applies;
    std::vector<std::vector<std::optional<BatchExpr>>> when;  // per grid, criteria in order
    std::vector<std::vector<BatchExpr>> points;
    std::vector<BatchExpr> flags;
    std::vector<BatchExpr> within;
    // The positioning groups of the rows this worker read: a key of words (codes of its own pool)
    // and the values, by id. Positioning joins the workers' groups.
    KeyIndex group_ids{0};
    std::vector<std::vector<Value>> group_values;
};

// A worker with `pool`, or a pool of its own when it is null.
std::unique_ptr<ScoringWorker> make_scoring_worker(const ColumnScoring& scoring, std::shared_ptr<StringPool> pool = nullptr);

// Scores the rows of `input` (read with scoring.layout.store and worker.pool) into `out`; takes
// the part's keys.
void score_part(const ColumnScoring& scoring, ScoringWorker& worker, io::ColumnPart& input, PartScores& out);

}  // namespace cotation
