// Transitional (issue 11): the former public names of CSV quoting, declared in
// include/cotation/report.hpp, forwarding to io/csv_quote.hpp. They go, with their declarations,
// once src/cli/cmd_rank.cpp, src/score/fast_scorer.cpp and tests/unit/score_test.cpp include
// io/csv_quote.hpp.
#include "cotation/report.hpp"
#include "io/csv_quote.hpp"

namespace cotation {

std::string csv_cell(std::string_view text) { return io::csv_cell(text); }

bool needs_csv_quotes(std::string_view text) noexcept { return io::needs_csv_quotes(text); }

}  // namespace cotation
