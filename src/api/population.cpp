// api: Population, a scored stock that places a newcomer. The stock is scored on the fast path,
// which keeps each group's members in order; a newcomer is scored by the Scorer's row program, its
// order keys written as the fast path writes them (order words), and placed by binary search.
#include "cotation/population.hpp"

#include <algorithm>
#include <unordered_map>

#include "api/scorer_data.hpp"
#include "eval/group_key.hpp"
#include "score/column_positions.hpp"
#include "score/fast_score.hpp"
#include "score/scorer.hpp"

namespace cotation {

namespace internal {

struct PopulationData {
    Scorer scorer;
    FastScoreRun run;                                      // the stock, positioned
    std::unordered_map<std::string, std::uint32_t> group_of;  // a group's values as bytes -> its id
    // Every row of the stock by key, the first in file order first: (key, part, row).
    struct Keyed {
        std::string_view key;
        std::uint32_t part;
        std::uint32_t row;
    };
    std::vector<Keyed> by_key;

    const FastScoreState& state() const { return *run.state; }
};

}  // namespace internal

namespace {

using Member = FastScoreState::Member;

// A newcomer's order keys, as the fast path writes them for the stock.
struct Newcomer {
    std::vector<std::uint64_t> words;  // per order key (score and fields); unused for `key` keys
    std::string_view key;
};

// The word of a text order key: even for a text of the stock (2·(index + 1)), odd between two.
std::uint64_t text_word(const std::vector<std::string>& texts, std::string_view text, bool descending) {
    const auto it = std::lower_bound(texts.begin(), texts.end(), text, [](const std::string& a, std::string_view b) { return a < b; });
    const auto index = static_cast<std::uint64_t>(it - texts.begin());
    const std::uint64_t rank = it != texts.end() && *it == text ? 2 * (index + 1) : 2 * index + 1;
    return descending ? ~rank : rank;
}

// Whether the stock's member comes before the newcomer; equal keys keep the file's order, and the
// newcomer comes last in the file.
bool member_first(const FastScoreState& state, const Member& m, const Newcomer& n) {
    const Layout& layout = state.layout;
    const PartScores& part = state.parts[m.part];
    for (std::size_t k = 0; k < layout.order.size(); ++k) {
        const OrderSource& o = layout.order[k];
        if (o.kind == OrderSource::key) {
            const int c = part.key(m.row).compare(n.key);
            if (c != 0) return o.descending ? c > 0 : c < 0;
            continue;
        }
        const std::uint64_t u = part.order_word(o, m.row, layout.order_words), v = n.words[k];
        if (u != v) return u < v;
    }
    return true;
}

Position position_at(std::int64_t rank, std::int64_t size) { return Position{rank, size, percentile_of(rank, size)}; }

}  // namespace

Population::Population(std::shared_ptr<const internal::PopulationData> data) : data_(std::move(data)) {}

Result<Population> Population::score_file(const Scorer& scorer, const std::string& path, const ReadOptions& read) {
    const internal::ScorerData& s = scorer.data();
    FastScoreOptions options;
    options.as_of = s.plan.as_of;
    options.parameter_overrides = s.overrides;
    options.read = read;
    FastScoreRun run = fast_score_stock(s.policy, path, options);
    if (!run.ok()) return Error{run.input_error ? "E0710" : "E0705", run.error};
    auto data = std::make_shared<internal::PopulationData>(internal::PopulationData{scorer, std::move(run), {}, {}});
    const FastScoreState& state = data->state();
    std::string bytes;
    for (std::size_t g = 0; g < state.group_values.size(); ++g) {
        bytes.clear();
        for (const Value& v : state.group_values[g]) append_key_bytes(bytes, v);
        data->group_of.emplace(bytes, static_cast<std::uint32_t>(g));
    }
    for (std::size_t p = 0; p < state.parts.size(); ++p)
        for (std::size_t r = 0; r < state.parts[p].rows; ++r)
            data->by_key.push_back({state.parts[p].key(r), static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(r)});
    std::stable_sort(data->by_key.begin(), data->by_key.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return Population(std::move(data));
}

Position Population::position(const Record& demand) const {
    const internal::ScorerData& s = data_->scorer.data();
    const FastScoreState& state = data_->state();
    RowState& cells = s.state();
    s.load(demand, cells);
    Outcome outcome;
    s.outcome(cells, outcome, /*details=*/false);
    if (outcome.status != Status::scored) return Position{};
    std::string bytes;
    for (const Value& v : s.group(cells)) append_key_bytes(bytes, v);
    const auto group = data_->group_of.find(bytes);
    if (group == data_->group_of.end()) return position_at(1, 1);  // a group of its own
    Newcomer n;
    const Layout& layout = state.layout;
    n.words.resize(layout.order.size());
    for (std::size_t k = 0; k < layout.order.size(); ++k) {
        const OrderSource& o = layout.order[k];
        if (o.kind == OrderSource::score) {
            n.words[k] = number_word(outcome.score, o.descending);
            continue;
        }
        const Cell& cell = cells.cells[static_cast<std::size_t>(o.slot < 0 ? s.record->key_slot : o.slot)];
        if (o.kind == OrderSource::key) n.key = cell.text;
        else if (!cell.valid) n.words[k] = null_word;
        else if (o.kind == OrderSource::text) n.words[k] = text_word(state.texts, cell.text, o.descending);
        else {
            const bool numeric = repr_of(s.record->slot_types[static_cast<std::size_t>(o.slot)]) == Repr::num;
            n.words[k] = number_word(numeric ? cell.num : static_cast<double>(cell.code), o.descending);
        }
    }
    const Member* first = state.members.data() + state.group_start[group->second];
    const Member* last = state.members.data() + state.group_start[group->second + 1];
    const Member* after = std::partition_point(first, last, [&](const Member& m) { return member_first(state, m, n); });
    return position_at(after - first + 1, last - first + 1);
}

std::optional<Position> Population::position_of(std::string_view key) const {
    const auto& by_key = data_->by_key;
    const auto it = std::lower_bound(by_key.begin(), by_key.end(), key, [](const auto& e, std::string_view k) { return e.key < k; });
    if (it == by_key.end() || it->key != key) return std::nullopt;
    const FastScoreState& state = data_->state();
    const PartScores& part = state.parts[it->part];
    if (part.grid[it->row] < 0) return std::nullopt;
    return position_at(part.rank[it->row], state.group_size(part, it->row));
}

std::size_t Population::size() const { return data_->run.scored; }
std::size_t Population::unscored() const { return data_->run.unscored; }
const std::vector<RejectedRow>& Population::rejected() const { return data_->run.rejected; }

}  // namespace cotation
