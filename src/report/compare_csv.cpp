// compare: one CSV row per demand, in input order, formatted in parallel part by part.
#include <ostream>

#include "check/compiled.hpp"
#include "compare/compare_state.hpp"
#include "io/csv_quote.hpp"
#include "report/fast_output.hpp"
#include "check/policy_access.hpp"

namespace cotation {

using internal::append;
using internal::append_number;

namespace {

// `,N`: appended by hand, as every cell of this file: it runs for every row of millions.
void append_whole(fmt::memory_buffer& buf, std::int64_t value) {
    buf.push_back(',');
    const fmt::format_int digits(value);
    buf.append(digits.data(), digits.data() + digits.size());
}

// `,grid,score,rank,group_size` of one policy's row; four empty cells when it is unscored.
void append_side(fmt::memory_buffer& buf, const CompiledPolicy& policy, const FastScoreState& state, const PartScores& part, std::size_t row) {
    const std::int8_t grid = part.grid[row];
    if (grid < 0) {
        append(buf, ",,,,");
        return;
    }
    buf.push_back(',');
    append(buf, policy.grids[static_cast<std::size_t>(grid)].id);  // an identifier: never quoted
    buf.push_back(',');
    append_number(buf, part.score[row]);
    append_whole(buf, part.rank[row]);
    append_whole(buf, state.group_size(part, row));
}

}  // namespace

void write_compare_csv(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run) {
    out << "id,base_grid,base_score,base_rank,base_group_size,candidate_grid,candidate_score,candidate_rank,candidate_group_size,rank_change\n";
    if (!run.state) return;
    const FastScoreState& b = *run.state->base;
    const FastScoreState& c = *run.state->candidate;
    internal::write_parts_in_order(out, b.parts.size(), b.threads, [&](std::size_t k, std::string& text) {
        const PartScores& bp = b.parts[k];
        const PartScores& cp = c.parts[k];
        fmt::memory_buffer buf;
        for (std::size_t i = 0; i < bp.rows; ++i) {
            io::append_csv_cell(buf, bp.key(i));
            append_side(buf, internal::PolicyAccess::compiled(base), b, bp, i);
            append_side(buf, internal::PolicyAccess::compiled(candidate), c, cp, i);
            if (bp.grid[i] >= 0 && cp.grid[i] >= 0) append_whole(buf, static_cast<std::int64_t>(bp.rank[i]) - static_cast<std::int64_t>(cp.rank[i]));
            else buf.push_back(',');
            buf.push_back('\n');
        }
        text = fmt::to_string(buf);
    });
}

}  // namespace cotation
