#include "score/column_positions.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/parallel.hpp"

namespace cotation {

namespace {

// The workers' groups become global ones: equal values, one group (their bytes meet in a map).
void join_groups(FastScoreState& state, const std::vector<std::unique_ptr<ScoringWorker>>& workers) {
    std::unordered_map<std::string, std::uint32_t> ids;
    std::vector<std::vector<std::uint32_t>> global(workers.size());
    std::string bytes;
    for (std::size_t w = 0; w < workers.size(); ++w) {
        for (std::vector<Value>& values : workers[w]->group_values) {
            bytes.clear();
            for (const Value& v : values) append_key_bytes(bytes, v);
            auto [it, fresh] = ids.try_emplace(bytes, static_cast<std::uint32_t>(state.group_values.size()));
            if (fresh) state.group_values.push_back(std::move(values));
            global[w].push_back(it->second);
        }
        workers[w]->group_values.clear();
    }
    for (PartScores& part : state.parts)
        for (std::uint32_t& g : part.group) g = global[part.worker][g];
}

// Text order words hold codes of each worker's pool; they become the rank of their text among
// the texts of every pool, so that words compare as the texts do.
void rank_text_words(FastScoreState& state, const std::vector<std::unique_ptr<ScoringWorker>>& workers, bool keep_texts) {
    const Layout& layout = state.layout;
    if (std::none_of(layout.order.begin(), layout.order.end(), [](const OrderSource& o) { return o.kind == OrderSource::text; })) return;
    struct Entry {
        std::string_view text;
        std::uint32_t worker;
        std::int32_t code;
    };
    std::vector<Entry> entries;
    std::vector<std::vector<std::uint64_t>> rank(workers.size());
    for (std::size_t w = 0; w < workers.size(); ++w) {
        const StringPool& pool = workers[w]->pool;
        rank[w].resize(pool.size());
        for (std::size_t c = 0; c < pool.size(); ++c)
            entries.push_back(Entry{pool.text(static_cast<std::int32_t>(c)), static_cast<std::uint32_t>(w), static_cast<std::int32_t>(c)});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.text < b.text; });
    std::uint64_t r = 0;
    for (std::size_t e = 0; e < entries.size(); ++e) {
        if (e > 0 && entries[e].text != entries[e - 1].text) ++r;
        if (keep_texts && (e == 0 || entries[e].text != entries[e - 1].text)) state.texts.emplace_back(entries[e].text);
        rank[entries[e].worker][static_cast<std::size_t>(entries[e].code)] = 2 * (r + 1);  // never 0, never the null word; even
    }
    for (PartScores& part : state.parts)
        for (const OrderSource& o : layout.order) {
            if (o.kind != OrderSource::text) continue;
            for (std::size_t i = 0; i < part.rows; ++i) {
                std::uint64_t& word = part.order[i * layout.order_words + static_cast<std::size_t>(o.word)];
                if (word == null_word) continue;
                const std::uint64_t text_rank = rank[part.worker][word];
                word = o.descending ? ~text_rank : text_rank;
            }
        }
}

}  // namespace

void position_rows(FastScoreState& state, const std::vector<std::unique_ptr<ScoringWorker>>& workers, std::size_t threads,
                   bool keep_members) {
    join_groups(state, workers);
    rank_text_words(state, workers, keep_members);
    const Layout& layout = state.layout;
    const std::vector<OrderSource>& order = layout.order;
    // Rows bucketed by group, each group sorted by the order keys. A row's first two order words
    // travel with it, so most comparisons read nothing else.
    struct Ref {
        std::uint64_t words[2];  // the leading order keys' words (those before any `key` key)
        std::uint32_t part;
        std::uint32_t row;
    };
    std::size_t carried = 0;  // how many order keys Ref::words holds
    while (carried < std::min<std::size_t>(2, order.size()) && order[carried].kind != OrderSource::key) ++carried;
    // Counting sort by group, in parallel: each thread counts its share of the parts per group;
    // a group's range of one array is then cut into the threads' pieces, in part order.
    const std::size_t group_count = state.group_values.size();
    const std::size_t part_count = state.parts.size();
    const std::size_t shares = std::min(std::max<std::size_t>(1, threads), std::max<std::size_t>(1, part_count));
    const auto share_begin = [&](std::size_t t) { return part_count * t / shares; };
    std::vector<std::vector<std::size_t>> counts(shares);
    parallel_for(shares, shares, [&](std::size_t t, std::size_t) {
        std::vector<std::size_t>& count = counts[t];
        count.assign(group_count, 0);
        for (std::size_t k = share_begin(t); k < share_begin(t + 1); ++k) {
            PartScores& part = state.parts[k];
            part.rank.assign(part.rows, 0);
            for (std::size_t i = 0; i < part.rows; ++i)
                if (part.grid[i] >= 0) ++count[part.group[i]];
        }
    });
    std::vector<std::size_t> start(group_count + 1, 0);
    state.group_sizes.assign(group_count, 0);
    for (std::size_t g = 0; g < group_count; ++g) {
        std::size_t at = start[g];
        for (std::vector<std::size_t>& count : counts) {  // becomes the thread's next slot in the group
            const std::size_t n = count[g];
            count[g] = at;
            at += n;
        }
        start[g + 1] = at;
        state.group_sizes[g] = static_cast<std::uint32_t>(at - start[g]);
    }
    const std::size_t scored = start[group_count];
    std::vector<Ref> refs(scored);
    parallel_for(shares, shares, [&](std::size_t t, std::size_t) {
        std::vector<std::size_t>& next = counts[t];
        for (std::size_t k = share_begin(t); k < share_begin(t + 1); ++k) {
            const PartScores& part = state.parts[k];
            for (std::size_t i = 0; i < part.rows; ++i) {
                if (part.grid[i] < 0) continue;
                Ref ref{{0, 0}, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i)};
                for (std::size_t w = 0; w < carried; ++w) ref.words[w] = part.order_word(order[w], i, layout.order_words);
                refs[next[part.group[i]]++] = ref;
            }
        }
    });
    std::vector<std::vector<std::size_t>>().swap(counts);
    const auto before = [&](const Ref& x, const Ref& y) {
        if (x.words[0] != y.words[0]) return x.words[0] < y.words[0];
        if (x.words[1] != y.words[1]) return x.words[1] < y.words[1];
        const PartScores& a = state.parts[x.part];
        const PartScores& b = state.parts[y.part];
        for (std::size_t k = carried; k < order.size(); ++k) {
            const OrderSource& o = order[k];
            if (o.kind == OrderSource::key) {
                const int c = a.key(x.row).compare(b.key(y.row));
                if (c != 0) return o.descending ? c > 0 : c < 0;
                continue;
            }
            const std::uint64_t u = a.order_word(o, x.row, layout.order_words), v = b.order_word(o, y.row, layout.order_words);
            if (u != v) return u < v;
        }
        // Only rows with the same key get here: the file's order decides between them.
        return std::pair(x.part, x.row) < std::pair(y.part, y.row);
    };
    // Groups in slices of about equal rows, one slice per task.
    const std::size_t slices = 8 * std::max<std::size_t>(1, threads);
    parallel_for(slices, threads, [&](std::size_t slice, std::size_t) {
        const auto first_group = static_cast<std::size_t>(std::lower_bound(start.begin(), start.end(), scored * slice / slices) - start.begin());
        const auto end_group = static_cast<std::size_t>(std::lower_bound(start.begin(), start.end(), scored * (slice + 1) / slices) - start.begin());
        for (std::size_t g = first_group; g < std::min(end_group, group_count); ++g) {
            Ref* members = refs.data() + start[g];
            const auto size = static_cast<std::uint32_t>(start[g + 1] - start[g]);
            std::sort(members, members + size, before);
            for (std::uint32_t r = 0; r < size; ++r) state.parts[members[r].part].rank[members[r].row] = r + 1;
        }
    });
    if (keep_members) {
        state.members.resize(refs.size());
        for (std::size_t i = 0; i < refs.size(); ++i) state.members[i] = FastScoreState::Member{refs[i].part, refs[i].row};
        state.group_start = std::move(start);
    }
}

}  // namespace cotation
