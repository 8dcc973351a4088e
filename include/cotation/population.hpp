// A scored stock of demands, to tell an applicant where a demand stands: its rank, the size of its
// positioning group and its percentile, as if it were added to the stock. Immutable once made:
// position() and position_of() are safe from any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/record.hpp"
#include "cotation/result.hpp"
#include "cotation/scorer.hpp"
#include "cotation/table.hpp"

namespace cotation {

namespace internal {
struct PopulationData;
}  // namespace internal

struct Position {
    std::int64_t rank = 0;        // 1 is first; 0 when the demand is not scored (no grid takes it)
    std::int64_t group_size = 0;  // the demands of its group, this one included
    std::int64_t percentile = 0;  // ceil(100 · rank / group_size)
};

class Population {
public:
    // Scores a demand file (CSV, or JSON Lines when its name ends in .jsonl) with the scorer's
    // policy and date on the fast path. A file that cannot be read is an error (E0710); rows that
    // do not parse are kept in rejected(), as `cotation score` does. The file is scored on every core.
    static Result<Population> score_file(const Scorer& scorer, const std::string& path, const ReadOptions& read = {});

    // Where `demand` would stand if it were added to the stock: equal to the rank, group_size and
    // percentile `cotation score` gives it in the stock with this one row appended. O(log n) in the
    // size of its group.
    Position position(const Record& demand) const;
    // A demand of the stock, by key; nullopt for a key the stock does not hold or does not score.
    std::optional<Position> position_of(std::string_view key) const;

    std::size_t size() const;      // demands scored
    std::size_t unscored() const;  // demands no grid takes
    const std::vector<RejectedRow>& rejected() const;

    explicit Population(std::shared_ptr<const internal::PopulationData> data);

private:
    std::shared_ptr<const internal::PopulationData> data_;
};

}  // namespace cotation
