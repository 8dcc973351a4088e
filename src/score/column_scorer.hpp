// One worker of the fast path, on its own: rows read once into columns, then scored as many times
// as asked. For the benchmarks, which measure the evaluation apart from reading and writing.
#pragma once

#include <memory>
#include <string_view>

#include "cotation/policy.hpp"
#include "cotation/value.hpp"

namespace cotation {

class ColumnScorer {
public:
    ColumnScorer(const Policy& policy, Date as_of);
    ~ColumnScorer();
    // Reads the CSV text into columns (the whole text, one part). Returns the rows read.
    std::size_t read(std::string_view csv_text);
    // Scores the rows read: grids, criteria, flags, positioning groups. Returns the rows scored.
    std::size_t score();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace cotation
