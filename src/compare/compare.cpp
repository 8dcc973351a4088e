// compare: two policies over one demand file, read once. The parts are read into the columns of
// the fields either policy declares, and each part is scored at once by BASE's kernel and by
// CANDIDATE's (two PartScorers whose workers share the string pool the part was read with); each
// policy then positions its rows as `cotation score` does, and the summary is counted part by part.
#include "cotation/compare.hpp"

#include <algorithm>
#include <limits>

#include "compare/compare_state.hpp"
#include "core/parallel.hpp"
#include "score/part_scorer.hpp"
#include "score/scorer.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

// The fields of both policies as one record: BASE's in order, then CANDIDATE's that BASE lacks.
struct FieldUnion {
    std::vector<FieldSpec> fields;
    std::vector<std::size_t> candidate_columns;  // per field of CANDIDATE: its column among `fields`
};

// Empty when the two demand records can be read from one file; what stands in the way otherwise.
std::string unite_fields(const CheckedRecord& base, const CheckedRecord& candidate, FieldUnion& out) {
    const std::string& base_key = base.fields[static_cast<std::size_t>(base.key_slot)].name;
    const std::string& candidate_key = candidate.fields[static_cast<std::size_t>(candidate.key_slot)].name;
    if (base_key != candidate_key)
        return "the policies identify demands by different fields: '" + base_key + "' (BASE) and '" + candidate_key + "' (CANDIDATE)";
    out.fields = base.fields;
    for (const FieldSpec& field : candidate.fields) {
        const auto same_name = std::find_if(out.fields.begin(), out.fields.end(), [&](const FieldSpec& f) { return f.name == field.name; });
        if (same_name == out.fields.end()) {
            out.candidate_columns.push_back(out.fields.size());
            out.fields.push_back(field);
            continue;
        }
        if (!(same_name->type == field.type))
            return "field '" + field.name + "' is " + type_name(same_name->type) + " in BASE and " + type_name(field.type) + " in CANDIDATE";
        out.candidate_columns.push_back(static_cast<std::size_t>(same_name - out.fields.begin()));
    }
    return {};
}

// The parts' consumer: each part scored by BASE, then by CANDIDATE, by the worker that read it.
class PairScorer final : public io::PartConsumer {
public:
    PairScorer(PartScorer& base, PartScorer& candidate) : base_(base), candidate_(candidate) {}
    StringPool& pool(std::size_t worker) override { return base_.pool(worker); }  // CANDIDATE's workers share it
    void make_room(std::size_t parts) override {
        base_.make_room(parts);
        candidate_.make_room(parts);
    }
    void consume(std::size_t index, std::size_t worker, io::ColumnPart& part) override {
        base_.consume(index, worker, part);
        candidate_.consume(index, worker, part);
        // BASE took the part's keys (and its rejected rows, counted once); CANDIDATE positions by them too.
        PartScores& scored = candidate_.part(index);
        scored.keys = base_.part(index).keys;
        scored.key_end = base_.part(index).key_end;
    }
    void retract(std::size_t first) override {
        base_.retract(first);
        candidate_.retract(first);
    }

private:
    PartScorer& base_;
    PartScorer& candidate_;
};

// The histogram's bins either side of 0: magnitudes from 1, 2, 5, 10, 20, 50... (bin j holds
// lower_bounds[j] to lower_bounds[j + 1] - 1).
const std::vector<std::int64_t>& lower_bounds() {
    static const std::vector<std::int64_t> bounds = [] {
        std::vector<std::int64_t> b;
        for (std::int64_t decade = 1;; decade *= 10) {
            for (const std::int64_t step : {1, 2, 5}) b.push_back(decade * step);
            if (decade == 1'000'000'000'000'000'000) return b;  // 5·10^18: the last that an int64 holds
        }
    }();
    return bounds;
}

// The bin of a change: 0 in the middle, rises above it, falls below. Most changes are small: their
// bins are looked up in a table rather than searched for, row after row.
std::size_t bin_of(std::int64_t change) {
    constexpr std::int64_t small = 1000;
    const std::vector<std::int64_t>& bounds = lower_bounds();
    static const std::vector<std::uint8_t> small_bins = [&] {
        std::vector<std::uint8_t> j(small, 0);
        for (std::int64_t m = 1; m < small; ++m)
            j[static_cast<std::size_t>(m)] = static_cast<std::uint8_t>(std::upper_bound(bounds.begin(), bounds.end(), m) - bounds.begin() - 1);
        return j;
    }();
    const std::size_t middle = bounds.size();
    if (change == 0) return middle;
    const std::int64_t magnitude = change < 0 ? -change : change;
    const std::size_t j = magnitude < small ? small_bins[static_cast<std::size_t>(magnitude)]
                                            : static_cast<std::size_t>(std::upper_bound(bounds.begin(), bounds.end(), magnitude) - bounds.begin()) - 1;
    return change > 0 ? middle + 1 + j : middle - 1 - j;
}

RankChangeBin bin_range(std::size_t bin) {
    const std::vector<std::int64_t>& bounds = lower_bounds();
    const std::size_t middle = bounds.size();
    if (bin == middle) return {0, 0, 0};
    const std::size_t j = bin > middle ? bin - middle - 1 : middle - 1 - bin;
    const std::int64_t from = bounds[j], to = j + 1 < bounds.size() ? bounds[j + 1] - 1 : std::numeric_limits<std::int64_t>::max();
    return bin > middle ? RankChangeBin{from, to, 0} : RankChangeBin{-to, -from, 0};
}

// A flag of `by_flag`: which policy's results, which of its flags.
struct FlagSource {
    bool candidate = true;
    std::size_t flag = 0;
};

struct FlagTally {
    std::uint64_t n = 0, up = 0, down = 0;
    std::int64_t change_sum = 0;
};

// A both-scored demand, where it is.
struct Move {
    std::int64_t change = 0;
    std::uint32_t part = 0;
    std::uint32_t row = 0;
};

// What one part adds to the summary.
struct PartSummary {
    std::uint64_t both = 0, up = 0, down = 0, unchanged = 0, only_base = 0, only_candidate = 0;
    std::vector<FlagTally> flags;
    std::vector<std::uint64_t> bins;
    std::vector<Move> largest;
};

constexpr std::size_t largest_shown = 20;

// mean = sum / n rounded to 2 decimals, half away from zero, in integers.
double mean_of(std::int64_t sum, std::uint64_t n) {
    if (n == 0) return 0;
    const auto magnitude = static_cast<unsigned __int128>(sum < 0 ? -static_cast<__int128>(sum) : sum);
    const auto hundredths = static_cast<double>((magnitude * 200 + n) / (2 * static_cast<unsigned __int128>(n)));
    return (sum < 0 ? -hundredths : hundredths) / 100.0;
}

void summarize(const CompiledPolicy& base, const CompiledPolicy& candidate, const CompareState& state, std::size_t threads, CompareRun& run) {
    const FastScoreState& b = *state.base;
    const FastScoreState& c = *state.candidate;
    std::vector<FlagSource> sources;
    for (std::size_t f = 0; f < candidate.flags.size(); ++f) {
        sources.push_back({true, f});
        run.by_flag.push_back(FlagMoves{candidate.flags[f].id, "candidate"});
    }
    for (std::size_t f = 0; f < base.flags.size(); ++f) {
        const std::string& id = base.flags[f].id;
        if (std::any_of(candidate.flags.begin(), candidate.flags.end(), [&](const CheckedFlag& x) { return x.id == id; })) continue;
        sources.push_back({false, f});
        run.by_flag.push_back(FlagMoves{id, "base"});
    }
    // Larger |change| first, then the smaller id (bytes), then the earlier row.
    const auto larger = [&](const Move& x, const Move& y) {
        const std::int64_t mx = x.change < 0 ? -x.change : x.change, my = y.change < 0 ? -y.change : y.change;
        if (mx != my) return mx > my;
        const int order = b.parts[x.part].key(x.row).compare(b.parts[y.part].key(y.row));
        if (order != 0) return order < 0;
        return std::pair(x.part, x.row) < std::pair(y.part, y.row);
    };
    const std::size_t bin_count = 2 * lower_bounds().size() + 1;
    std::vector<PartSummary> parts(b.parts.size());
    parallel_for(parts.size(), threads, [&](std::size_t k, std::size_t) {
        const PartScores& bp = b.parts[k];
        const PartScores& cp = c.parts[k];
        PartSummary& s = parts[k];
        s.flags.assign(sources.size(), {});
        s.bins.assign(bin_count, 0);
        std::int64_t least = 0;  // the smallest |change| among the part's largest kept so far: below it, no move enters
        for (std::size_t i = 0; i < bp.rows; ++i) {
            const bool by_base = bp.grid[i] >= 0, by_candidate = cp.grid[i] >= 0;
            if (!by_base || !by_candidate) {
                s.only_base += by_base && !by_candidate;
                s.only_candidate += by_candidate && !by_base;
                continue;
            }
            const std::int64_t change = static_cast<std::int64_t>(bp.rank[i]) - static_cast<std::int64_t>(cp.rank[i]);
            ++s.both;
            s.up += change > 0;
            s.down += change < 0;
            s.unchanged += change == 0;
            ++s.bins[bin_of(change)];
            for (std::size_t e = 0; e < sources.size(); ++e) {
                const bool flagged = sources[e].candidate ? cp.flag(i, sources[e].flag, c.layout.flag_bytes)
                                                          : bp.flag(i, sources[e].flag, b.layout.flag_bytes);
                if (!flagged) continue;
                FlagTally& t = s.flags[e];
                ++t.n;
                t.up += change > 0;
                t.down += change < 0;
                t.change_sum += change;
            }
            if ((change < 0 ? -change : change) < least) continue;
            s.largest.push_back(Move{change, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i)});
            if (s.largest.size() >= 8 * largest_shown) {  // keep the part's best few as it goes
                std::nth_element(s.largest.begin(), s.largest.begin() + (largest_shown - 1), s.largest.end(), larger);
                s.largest.resize(largest_shown);
                least = s.largest.back().change < 0 ? -s.largest.back().change : s.largest.back().change;
            }
        }
    });
    std::vector<FlagTally> flags(sources.size());
    std::vector<std::uint64_t> bins(bin_count, 0);
    std::vector<Move> largest;
    for (const PartSummary& s : parts) {
        run.both_scored += s.both;
        run.moved_up += s.up;
        run.moved_down += s.down;
        run.unchanged += s.unchanged;
        run.only_base += s.only_base;
        run.only_candidate += s.only_candidate;
        for (std::size_t e = 0; e < flags.size(); ++e) {
            flags[e].n += s.flags[e].n;
            flags[e].up += s.flags[e].up;
            flags[e].down += s.flags[e].down;
            flags[e].change_sum += s.flags[e].change_sum;
        }
        for (std::size_t j = 0; j < bin_count; ++j) bins[j] += s.bins[j];
        largest.insert(largest.end(), s.largest.begin(), s.largest.end());
    }
    for (std::size_t e = 0; e < flags.size(); ++e) {
        FlagMoves& m = run.by_flag[e];
        m.n = flags[e].n;
        m.moved_up = flags[e].up;
        m.moved_down = flags[e].down;
        m.mean_rank_change = mean_of(flags[e].change_sum, flags[e].n);
    }
    const std::size_t shown = std::min(largest_shown, largest.size());
    std::partial_sort(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(shown), largest.end(), larger);
    for (std::size_t m = 0; m < shown; ++m) {
        const Move& move = largest[m];
        const std::int64_t base_rank = b.parts[move.part].rank[move.row];
        run.largest_moves.push_back(RankMove{std::string(b.parts[move.part].key(move.row)), base_rank, base_rank - move.change, move.change});
    }
    // The bins from the largest fall to the largest rise seen, 0 always among them.
    if (run.both_scored > 0) {
        std::size_t first = bin_count / 2, last = bin_count / 2;
        for (std::size_t j = 0; j < bin_count; ++j)
            if (bins[j] > 0) {
                first = std::min(first, j);
                last = std::max(last, j);
            }
        for (std::size_t j = first; j <= last; ++j) {
            RankChangeBin bin = bin_range(j);
            bin.demands = bins[j];
            run.histogram.push_back(bin);
        }
    }
}

// Compares what `read` hands over: the text of a file, or the file itself.
template <typename Read>
CompareRun compare_parts(const Policy& base_policy, const Policy& candidate_policy, const CompareOptions& options, std::size_t block_bytes,
                         Read read) {
    CompareRun run;
    run.as_of = options.as_of;
    run.candidate_overrides = options.candidate_overrides;
    const auto fail = [&run](CompareFailure failure, std::string error) {
        run.failure = failure;
        run.error = std::move(error);
        return run;
    };
    const CompiledPolicy& base = internal::PolicyAccess::compiled(base_policy);
    const CompiledPolicy& candidate = internal::PolicyAccess::compiled(candidate_policy);
    // Whether the policies can read one file first (a usage mistake), then whether each can score.
    FieldUnion fields;
    if (base.demand_record >= 0 && candidate.demand_record >= 0)
        if (std::string problem = unite_fields(base.records[static_cast<std::size_t>(base.demand_record)],
                                               candidate.records[static_cast<std::size_t>(candidate.demand_record)], fields);
            !problem.empty())
            return fail(CompareFailure::policies, problem);
    std::string error;
    const std::optional<Plan> base_plan = demand_plan(base, options.as_of, {}, error);
    if (!base_plan) return fail(CompareFailure::policy, "BASE: " + error);
    const std::optional<Plan> candidate_plan = demand_plan(candidate, options.as_of, options.candidate_overrides, error);
    if (!candidate_plan) return fail(CompareFailure::policy, "CANDIDATE: " + error);

    const std::size_t threads = scoring_threads(options.threads);
    PartScorer base_scorer(*base_plan, false, threads);  // BASE's fields come first: its field f is column f
    PartScorer candidate_scorer(*candidate_plan, false, threads, fields.candidate_columns, &base_scorer);
    // Every field of both is read and checked (a row is rejected for either's types); a column is
    // kept when either policy reads it.
    std::vector<bool> store = base_scorer.scoring().layout.store;
    store.resize(fields.fields.size(), false);
    const std::vector<bool>& candidate_store = candidate_scorer.scoring().layout.store;
    for (std::size_t f = 0; f < candidate_store.size(); ++f)
        if (candidate_store[f]) store[fields.candidate_columns[f]] = true;
    const io::RecordColumns columns{fields.fields, store, base_scorer.scoring().record.key_slot};
    const io::PartReadOptions read_options{options.read, threads, 1u << 20, block_bytes, options.progress};
    PairScorer pair(base_scorer, candidate_scorer);
    const io::PartReadResult result = read(columns, read_options, pair);
    if (!result.ok()) return fail(CompareFailure::input, result.error);

    FastScoreRun base_run = base_scorer.finish(result);
    FastScoreRun candidate_run = candidate_scorer.finish(result);
    run.rows_read = base_run.rows_read;
    run.rejected = std::move(base_run.rejected);
    run.warnings = std::move(base_run.warnings);
    run.demands = run.rows_read - run.rejected.size();
    auto state = std::make_shared<CompareState>(CompareState{std::move(base_run.state), std::move(candidate_run.state)});
    summarize(base, candidate, *state, threads, run);
    run.state = std::move(state);
    return run;
}

}  // namespace

CompareRun compare_file(const Policy& base, const Policy& candidate, const std::string& path, const CompareOptions& options, std::size_t block_bytes) {
    return compare_parts(base, candidate, options, block_bytes,
                         [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
                             return io::read_file_parts(path, columns, read, consumer);
                         });
}

CompareRun compare_csv(const Policy& base, const Policy& candidate, std::string_view text, const CompareOptions& options) {
    return compare_parts(base, candidate, options, 0, [&](const io::RecordColumns& columns, const io::PartReadOptions& read, io::PartConsumer& consumer) {
        return io::read_parts(text, io::TextFormat::csv, columns, read, consumer);
    });
}

}  // namespace cotation
