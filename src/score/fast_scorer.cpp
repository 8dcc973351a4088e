// score (fast path): CSV parts read into columns and scored in batches by parallel workers.
// Every rule is the reference's (scorer.cpp): the differential tests compare the two row by row.
#include "cotation/fast.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <future>
#include <stdexcept>
#include <system_error>
#include <cmath>
#include <numeric>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/compiled.hpp"
#include "core/parallel.hpp"
#include "cotation/report.hpp"
#include "eval/batch.hpp"
#include "eval/group_key.hpp"
#include "eval/interpreter.hpp"
#include "io/cell_parse.hpp"
#include "io/csv_columns.hpp"
#include "io/jsonl_columns.hpp"
#include "score/column_scorer.hpp"
#include "score/scorer.hpp"

namespace cotation {

namespace {

constexpr std::int8_t no_grid = -1;
constexpr std::int8_t missing_key = -2;

// Order keys are compared as words: unsigned order of words is the keys' order, direction included.
// A null is the largest word, so it sorts last in either direction; no value takes that word.
constexpr std::uint64_t null_word = ~std::uint64_t{0};

// The word of a number. Finite numbers give neither 0 nor the null word, so that `~` (descending)
// keeps them clear of it too.
std::uint64_t number_word(double value, bool descending) {
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

// Where each criterion and rubric of every grid is kept in a row's results.
struct Layout {
    std::vector<std::size_t> criterion_base;  // per grid: index of its first criterion
    std::vector<std::size_t> rubric_base;     // per grid: index of its first rubric
    std::vector<std::vector<std::int32_t>> grid_slots;  // per grid: the slots its criteria read
    std::vector<Repr> within_repr;
    std::size_t criteria = 0;
    std::size_t rubrics = 0;
    std::size_t flag_words = 0;
    std::size_t order_words = 0;
    std::vector<OrderSource> order;
};

struct PartResult {
    std::size_t worker = 0;
    std::size_t rows = 0;
    std::string keys;
    std::vector<std::uint32_t> key_end;
    std::vector<std::int8_t> grid;
    std::vector<double> score;
    std::vector<std::uint64_t> flags;        // rows x flag_words
    std::vector<std::uint32_t> group;        // group id: the worker's, then (after `finish`) the global one
    std::vector<std::uint64_t> order;        // rows x order_words
    std::vector<std::uint8_t> states;        // rows x criteria (keep_criteria)
    std::vector<double> points;
    std::vector<double> rubric_totals;       // rows x rubrics (keep_criteria)
    std::vector<std::uint32_t> rank, group_size, percentile;
    std::vector<RejectedRow> rejected;
    std::uint64_t rows_read = 0;

    std::string_view key(std::size_t row) const {
        const std::uint32_t begin = row == 0 ? 0 : key_end[row - 1];
        return std::string_view(keys).substr(begin, key_end[row] - begin);
    }
    // The word of order key `o` for `row`.
    std::uint64_t order_word(const OrderSource& o, std::size_t row, std::size_t words) const {
        return o.kind == OrderSource::score ? number_word(score[row], o.descending) : order[row * words + static_cast<std::size_t>(o.word)];
    }
};

// Copies the rows `picked` of a view into `out`, so that a grid's programs run over its own rows only.
void gather(const View& v, const Type& type, const std::vector<std::uint32_t>& picked, Column& out) {
    const std::size_t m = picked.size();
    out.valid.resize(m);
    if (type.kind == TypeKind::null) {  // read by consumers of any type: every array exists
        std::fill(out.valid.begin(), out.valid.end(), 0);
        out.num.assign(m, 0);
        out.code.assign(m, 0);
        out.offsets.assign(m + 1, 0);
        return;
    }
    // Through raw pointers: a store of a byte could alias the vectors' own pointers otherwise.
    const std::uint32_t* at = picked.data();
    std::uint8_t* valid = out.valid.data();
    for (std::size_t j = 0; j < m; ++j) valid[j] = v.valid[at[j]];
    switch (const Repr repr = repr_of(type)) {
        case Repr::num: {
            out.num.resize(m);
            double* num = out.num.data();
            for (std::size_t j = 0; j < m; ++j) num[j] = v.num[at[j]];
            break;
        }
        case Repr::code: {
            out.code.resize(m);
            std::int32_t* code = out.code.data();
            for (std::size_t j = 0; j < m; ++j) code[j] = v.code[at[j]];
            break;
        }
        case Repr::list_num:
        case Repr::list_code: {
            // The items' count first, then a copy per row in a plain loop: lists hold a few
            // items, too few for a call to memmove each.
            out.offsets.resize(m + 1);
            std::uint32_t* offsets = out.offsets.data();
            std::uint32_t items = 0;
            for (std::size_t j = 0; j < m; ++j) {
                offsets[j] = items;
                items += v.offsets[at[j] + 1] - v.offsets[at[j]];
            }
            offsets[m] = items;
            const auto copy_items = [&](const auto* from, auto& to) {
                to.resize(items);
                auto* dest = to.data();
                for (std::size_t j = 0; j < m; ++j) {
                    const std::uint32_t begin = v.offsets[at[j]], count = offsets[j + 1] - offsets[j];
                    for (std::uint32_t k = 0; k < count; ++k) dest[offsets[j] + k] = from[begin + k];
                }
            };
            out.item_num.clear();
            out.item_code.clear();
            out.item_valid.clear();
            if (repr == Repr::list_num) copy_items(v.item_num, out.item_num);
            else copy_items(v.item_code, out.item_code);
            if (v.item_valid) copy_items(v.item_valid, out.item_valid);
            break;
        }
    }
}

// The programs of one worker, compiled with its own string pool.
struct Worker {
    StringPool pool;
    BatchCache cache;  // every program below shares its subexpressions through it
    std::vector<std::pair<std::int32_t, BatchExpr>> derived;
    std::vector<std::optional<BatchExpr>> applies;
    std::vector<std::vector<std::optional<BatchExpr>>> when;  // per grid, criteria in order
    std::vector<std::vector<BatchExpr>> points;
    std::vector<BatchExpr> flags;
    std::vector<BatchExpr> within;
    // The positioning groups of the rows this worker read: a key of words (codes of its own pool)
    // and the values, by id. `finish` joins the workers' groups.
    KeyIndex group_ids{0};
    std::vector<std::vector<Value>> group_values;
};

struct Shared {
    const CompiledPolicy& policy;
    const CheckedRecord& record;
    const std::vector<Value>& parameters;
    const FastScoreOptions& options;
    Layout layout;
};

std::unique_ptr<Worker> make_worker(Shared& s) {
    auto w = std::make_unique<Worker>();
    const auto compile = [&](const Expr& e) { return BatchExpr(e, s.parameters, s.options.as_of, w->pool, batch_rows, &w->cache); };
    for (const CheckedDerived& d : s.record.derived) w->derived.emplace_back(d.slot, compile(d.expr));
    for (const CheckedGrid& g : s.policy.grids) {
        w->applies.push_back(g.applies_when && g.record == s.policy.demand_record ? std::optional<BatchExpr>(compile(*g.applies_when)) : std::nullopt);
        w->when.emplace_back();
        w->points.emplace_back();
        for (const CheckedRubric& r : g.rubrics)
            for (const CheckedCriterion& c : r.criteria) {
                w->when.back().push_back(c.when ? std::optional<BatchExpr>(compile(*c.when)) : std::nullopt);
                w->points.back().push_back(compile(c.points));
            }
    }
    for (const CheckedFlag& f : s.policy.flags) w->flags.push_back(compile(f.when));
    for (const Expr& e : s.policy.ranking.within) w->within.push_back(compile(e));
    w->group_ids = KeyIndex(row_key_width(w->within.size()));
    return w;
}

double clamp_bounds(double value, const std::optional<double>& floor, const std::optional<double>& cap) {
    if (floor && value < *floor) value = *floor;
    if (cap && value > *cap) value = *cap;
    return value;
}

// Where results go, which fields each grid reads, how rows are ordered; `store` says which fields
// some program reads (every field is read and checked; only those are kept).
Layout make_layout(const CompiledPolicy& p, const CheckedRecord& record, std::vector<bool>& store) {
    Layout layout;
    for (const CheckedGrid& g : p.grids) {
        layout.criterion_base.push_back(layout.criteria);
        layout.rubric_base.push_back(layout.rubrics);
        layout.rubrics += g.rubrics.size();
        for (const CheckedRubric& r : g.rubrics) layout.criteria += r.criteria.size();
    }
    layout.flag_words = (p.flags.size() + 63) / 64;
    for (const SortKey& k : p.ranking.order) {
        OrderSource o;
        o.descending = k.descending;
        if (k.by_score) o.kind = OrderSource::score;
        else if (k.slot == record.key_slot) o.kind = OrderSource::key;
        else {
            const Type& t = record.slot_types[static_cast<std::size_t>(k.slot)];
            o.kind = t.kind == TypeKind::string || t.kind == TypeKind::enumeration ? OrderSource::text : OrderSource::numeric;
            o.slot = k.slot;
            o.word = static_cast<std::int32_t>(layout.order_words++);
        }
        layout.order.push_back(o);
    }
    for (const Expr& e : p.ranking.within) layout.within_repr.push_back(repr_of(e.type));
    // Every field is read and checked; only those some program reads are kept.
    std::vector<std::int32_t> read;
    for (const CheckedDerived& d : record.derived) add_read_slots(d.expr, read);
    for (const CheckedGrid& g : p.grids) {
        if (g.applies_when) add_read_slots(*g.applies_when, read);
        std::vector<std::int32_t>& grid_read = layout.grid_slots.emplace_back();
        for (const CheckedRubric& r : g.rubrics)
            for (const CheckedCriterion& c : r.criteria) {
                if (c.when) add_read_slots(*c.when, grid_read);
                add_read_slots(c.points, grid_read);
                for (std::int32_t slot : c.requires_slots)
                    if (std::find(grid_read.begin(), grid_read.end(), slot) == grid_read.end()) grid_read.push_back(slot);
            }
        read.insert(read.end(), grid_read.begin(), grid_read.end());
    }
    for (const CheckedFlag& f : p.flags) add_read_slots(f.when, read);
    for (const Expr& e : p.ranking.within) add_read_slots(e, read);
    for (const OrderSource& o : layout.order)
        if (o.slot >= 0) read.push_back(o.slot);
    store = fields_read(record, read);
    return layout;
}

// What one part's rows need while they are scored, batch after batch.
struct Scratch {
    std::vector<View> views;          // every slot, for the batch's rows
    std::vector<Column> picked;       // the slots a grid reads, for the rows it takes
    std::vector<View> picked_views;
    std::vector<std::uint32_t> rows;  // the batch's rows a grid takes
    std::vector<double> total, rubric_total;
    std::vector<std::uint8_t> any, applied;
};

// The criteria of grid `g` for the rows `sc.rows` of the batch starting at `first`.
void score_grid(Shared& s, Worker& w, std::size_t g, const BatchInput& batch, std::size_t first, Scratch& sc, PartResult& out) {
    const Layout& layout = s.layout;
    const CheckedGrid& cg = s.policy.grids[g];
    const bool keep = s.options.keep_criteria;
    const std::vector<std::uint32_t>& rows = sc.rows;
    const std::size_t m = rows.size();
    // Every row of the batch is the grid's: its programs read the batch itself.
    const std::size_t n = batch.rows;
    const std::vector<View>* views = &sc.views;
    std::uint64_t epoch = batch.epoch;
    if (m < n) {
        epoch = w.cache.next_epoch();
        for (const std::int32_t slot : layout.grid_slots[g]) {
            const auto at = static_cast<std::size_t>(slot);
            gather(sc.views[at], s.record.slot_types[at], rows, sc.picked[at]);
            sc.picked_views[at] = view_of(sc.picked[at], 0);
        }
        views = &sc.picked_views;
    }
    const BatchInput in{views, m, epoch};
    std::fill_n(sc.total.begin(), m, 0.0);
    std::size_t c = 0;
    for (std::size_t r = 0; r < cg.rubrics.size(); ++r) {
        const CheckedRubric& rubric = cg.rubrics[r];
        const bool sum = rubric.combine == Combine::sum;
        std::fill_n(sc.rubric_total.begin(), m, 0.0);
        std::fill_n(sc.any.begin(), m, 0);
        for (const CheckedCriterion& criterion : rubric.criteria) {
            std::optional<BatchExpr>& when_program = w.when[g][c];
            const bool has_when = when_program.has_value();
            const View when = has_when ? when_program->run(in) : View{};
            const View pts = w.points[g][c].run(in);
            const std::size_t column = layout.criterion_base[g] + c;
            if (!keep) {
                // Only the totals are kept: which rows the criterion gives its points to, in flat
                // loops, then the rubric's combination. (With states kept, the loop below.)
                std::uint8_t* applied = sc.applied.data();
                for (std::size_t j = 0; j < m; ++j) applied[j] = pts.valid[j];
                if (has_when)
                    for (std::size_t j = 0; j < m; ++j) applied[j] &= when.valid[j] & static_cast<std::uint8_t>(when.code[j] != 0);
                for (const std::int32_t slot : criterion.requires_slots) {
                    const View& v = (*views)[static_cast<std::size_t>(slot)];
                    for (std::size_t j = 0; j < m; ++j) applied[j] &= v.valid[j] & static_cast<std::uint8_t>(v.code[j] != 0);
                }
                double* total = sc.rubric_total.data();
                std::uint8_t* any = sc.any.data();
                const double* earned = pts.num;
                if (sum) {
                    // From 0 rather than from the first points given, as the reference does: the two
                    // differ only in the sign of a zero total, which the grid's total (from +0) loses.
                    for (std::size_t j = 0; j < m; ++j) total[j] += applied[j] ? earned[j] : 0.0;
                } else {
                    for (std::size_t j = 0; j < m; ++j) {
                        const double next = any[j] ? std::max(total[j], earned[j]) : earned[j];
                        total[j] = applied[j] ? next : total[j];
                        any[j] |= applied[j];
                    }
                }
                ++c;
                continue;
            }
            for (std::size_t j = 0; j < m; ++j) {
                CriterionState state = CriterionState::not_applied;
                double earned = 0;
                if (has_when && !when.valid[j]) {
                    state = CriterionState::unknown;
                } else if (!has_when || when.code[j]) {
                    bool proven = true;
                    for (const std::int32_t slot : criterion.requires_slots) {
                        const View& v = (*views)[static_cast<std::size_t>(slot)];
                        proven = proven && v.valid[j] && v.code[j];
                    }
                    if (!proven) {
                        state = CriterionState::unverified;
                    } else if (pts.valid[j]) {
                        state = CriterionState::applied;
                        earned = pts.num[j];
                        sc.rubric_total[j] = !sc.any[j] ? earned : sum ? sc.rubric_total[j] + earned : std::max(sc.rubric_total[j], earned);
                        sc.any[j] = 1;
                    } else {
                        state = CriterionState::unknown;
                    }
                }
                const std::size_t at = (first + rows[j]) * layout.criteria + column;
                out.states[at] = static_cast<std::uint8_t>(state);
                out.points[at] = earned;
            }
            ++c;
        }
        for (std::size_t j = 0; j < m; ++j) {
            const double bounded = clamp_bounds(sc.rubric_total[j], rubric.floor, rubric.cap);
            if (keep) out.rubric_totals[(first + rows[j]) * layout.rubrics + layout.rubric_base[g] + r] = bounded;
            sc.total[j] += bounded;
        }
    }
    for (std::size_t j = 0; j < m; ++j) {
        const double bounded = clamp_bounds(sc.total[j], cg.floor, cg.cap);
        out.score[first + rows[j]] = bounded == std::floor(bounded) ? bounded : round_half_away(bounded, 2);
    }
}

void score_part(Shared& s, Worker& w, io::ColumnPart& input, PartResult& out) {
    const CompiledPolicy& p = s.policy;
    const Layout& layout = s.layout;
    const std::size_t rows = input.chunk.rows;
    out.rows = rows;
    out.grid.assign(rows, no_grid);
    out.score.assign(rows, 0);
    out.flags.assign(rows * layout.flag_words, 0);
    out.group.assign(rows, 0);
    out.order.assign(rows * layout.order_words, 0);
    if (s.options.keep_criteria) {
        out.states.assign(rows * layout.criteria, static_cast<std::uint8_t>(CriterionState::not_applied));
        out.points.assign(rows * layout.criteria, 0);
        out.rubric_totals.assign(rows * layout.rubrics, 0);
    }
    Scratch sc;
    sc.views.resize(s.record.slot_count());
    sc.picked.resize(s.record.slot_count());
    sc.picked_views.resize(s.record.slot_count());
    sc.rows.reserve(batch_rows);
    sc.total.resize(batch_rows);
    sc.rubric_total.resize(batch_rows);
    sc.any.resize(batch_rows);
    sc.applied.resize(batch_rows);
    std::vector<View>& views = sc.views;
    std::vector<std::uint64_t> key;
    std::vector<View> within_views(w.within.size());

    for (std::size_t first = 0; first < rows; first += batch_rows) {
        const std::size_t n = std::min(batch_rows, rows - first);
        for (std::size_t f = 0; f < s.record.fields.size(); ++f)
            views[f] = input.chunk.fields[f].valid.empty() ? View{} : view_of(input.chunk.fields[f], first);
        const BatchInput in{&views, n, w.cache.next_epoch()};
        for (auto& [slot, program] : w.derived) views[static_cast<std::size_t>(slot)] = program.run(in);
        std::int8_t* grid = out.grid.data() + first;
        // Grids: the first whose applies_when is true takes the row.
        for (std::size_t g = 0; g < p.grids.size(); ++g) {
            if (p.grids[g].record != p.demand_record) continue;
            if (!w.applies[g]) {
                for (std::size_t i = 0; i < n; ++i)
                    if (grid[i] == no_grid) grid[i] = static_cast<std::int8_t>(g);
                continue;
            }
            // Without branches: which grid takes a row is as good as random to the processor.
            const View a = w.applies[g]->run(in);
            for (std::size_t i = 0; i < n; ++i) {
                const bool takes = (grid[i] == no_grid) & (a.valid[i] != 0) & (a.code[i] != 0);
                grid[i] = takes ? static_cast<std::int8_t>(g) : grid[i];
            }
        }
        const std::uint8_t* key_valid = input.key_valid.data() + first;
        for (std::size_t i = 0; i < n; ++i) grid[i] = ((grid[i] >= 0) & (key_valid[i] == 0)) ? missing_key : grid[i];
        // Criteria, grid by grid, each over the rows it took.
        for (std::size_t g = 0; g < p.grids.size(); ++g) {
            sc.rows.resize(n);
            std::uint32_t* taken = sc.rows.data();
            std::size_t m = 0;
            for (std::size_t i = 0; i < n; ++i) {
                taken[m] = static_cast<std::uint32_t>(i);
                m += grid[i] == static_cast<std::int8_t>(g);
            }
            sc.rows.resize(m);
            if (m > 0) score_grid(s, w, g, in, first, sc, out);
        }
        // Flags, for every row.
        std::uint64_t* flag_words = out.flags.data() + first * layout.flag_words;
        for (std::size_t f = 0; f < w.flags.size(); ++f) {
            const View v = w.flags[f].run(in);
            const std::size_t word = f / 64, bit = f % 64;
            for (std::size_t i = 0; i < n; ++i)
                flag_words[i * layout.flag_words + word] |= static_cast<std::uint64_t>((v.valid[i] != 0) & (v.code[i] != 0)) << bit;
        }
        // Positioning groups: the row's key in words (codes of this worker's pool), one id per key.
        for (std::size_t k = 0; k < w.within.size(); ++k) within_views[k] = w.within[k].run(in);
        make_row_keys(key, w.within.size(), 0, n, [&](std::size_t k) { return std::pair<const View&, Repr>(within_views[k], layout.within_repr[k]); });
        std::uint32_t* ids = out.group.data() + first;
        std::uint32_t next_id = static_cast<std::uint32_t>(w.group_ids.size());
        w.group_ids.insert_all(key.data(), n, ids);
        // Ids come in order of first appearance: the first row with the next new id made its group.
        for (std::size_t i = 0; i < n && next_id < w.group_ids.size(); ++i) {
            if (ids[i] != next_id) continue;
            ++next_id;
            std::vector<Value> values;
            for (std::size_t k = 0; k < w.within.size(); ++k) values.push_back(value_at(within_views[k], i, p.ranking.within[k].type, w.pool));
            w.group_values.push_back(std::move(values));
        }
        // Order words of the keys read from fields (text keys hold the pool code until `finish`).
        for (const OrderSource& o : layout.order) {
            if (o.word < 0) continue;
            const View& v = views[static_cast<std::size_t>(o.slot)];
            const bool numeric = repr_of(s.record.slot_types[static_cast<std::size_t>(o.slot)]) == Repr::num;
            for (std::size_t i = 0; i < n; ++i) {
                std::uint64_t& word = out.order[(first + i) * layout.order_words + static_cast<std::size_t>(o.word)];
                if (!v.valid[i]) word = null_word;
                else if (o.kind == OrderSource::text) word = static_cast<std::uint32_t>(v.code[i]);
                else word = number_word(numeric ? v.num[i] : static_cast<double>(v.code[i]), o.descending);
            }
        }
    }
    out.keys = std::move(input.keys);
    out.key_end = std::move(input.key_end);
}

}  // namespace

struct FastScoreState {
    std::vector<PartResult> parts;
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<std::vector<Value>> group_values;
    Layout layout;
};


namespace {

// The fast path's driver: blocks of the file are split into parts read and scored in parallel;
// the results accumulate until `finish` positions every row.
class Engine {
public:
    Engine(const CompiledPolicy& p, const CheckedRecord& record, const std::vector<Value>& parameters, const FastScoreOptions& options,
           bool jsonl)
        : shared_{p, record, parameters, options, {}}, state_(std::make_shared<FastScoreState>()), jsonl_(jsonl) {
        threads_ = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
        shared_.layout = make_layout(p, record, store_);
        for (std::size_t t = 0; t < threads_; ++t) state_->workers.push_back(make_worker(shared_));
    }

    io::CsvLayout& csv() { return csv_; }

    // Reads and scores the rows of text[begin, size); returns where the last row read ends (the
    // start of a row the block holds only part of, when `at_eof` is false), and the line breaks
    // before it.
    struct Consumed {
        std::size_t end = 0;
        std::uint64_t line_breaks = 0;
    };
    Consumed add_block(std::string_view text, std::size_t begin, std::uint64_t first_line, bool at_eof) {
        const CheckedRecord& record = shared_.record;
        const FastScoreOptions& options = shared_.options;
        // Parts of about a megabyte: enough for the workers to finish a block together, small enough
        // to stay in cache.
        const std::size_t part_count = std::max<std::size_t>(threads_, (text.size() - begin) / (1u << 20) + 1);
        const std::vector<std::size_t> bounds = jsonl_ ? io::split_lines(text, begin, part_count) : io::split_rows(text, begin, part_count);
        std::vector<std::uint64_t> lines(bounds.size() - 1, first_line);
        std::vector<std::uint64_t> breaks(bounds.size() - 1);
        {
            parallel_for(breaks.size(), threads_, [&](std::size_t k, std::size_t) {
                breaks[k] = static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(bounds[k]),
                                                                  text.begin() + static_cast<std::ptrdiff_t>(bounds[k + 1]), '\n'));
            });
            for (std::size_t k = 1; k < breaks.size(); ++k) lines[k] = lines[k - 1] + breaks[k - 1];
        }
        const std::size_t first_part = state_->parts.size();
        state_->parts.resize(first_part + bounds.size() - 1);
        std::vector<std::size_t> ends(bounds.size() - 1);
        std::vector<std::vector<std::string>> ignored(bounds.size() - 1);  // JSON keys no field declares, per part
        const auto read_and_score = [&](std::size_t k, std::size_t worker, std::size_t from, std::size_t to, std::uint64_t line, bool last) {
            io::ColumnPart part;
            Worker& w = *state_->workers[worker];
            if (jsonl_) io::read_jsonl_part(text, from, to, line, record.fields, store_, record.key_slot, w.pool, part, ignored[k]);
            else io::read_csv_part(text, from, to, line, csv_, record.fields, options.read, store_, record.key_slot, w.pool, part, at_eof || !last);
            ends[k] = part.end;
            PartResult& out = state_->parts[first_part + k];
            out.worker = worker;
            out.rejected = std::move(part.rejected);
            out.rows_read = part.rows_read;
            score_part(shared_, w, part, out);
        };
        parallel_for(ends.size(), threads_, [&](std::size_t k, std::size_t worker) {
            read_and_score(k, worker, bounds[k], bounds[k + 1], lines[k], k + 1 == ends.size());
        });
        // A stray quote outside a quoted cell can mislead the split: then the block is read in one part.
        bool aligned = true;
        for (std::size_t k = 0; k + 1 < ends.size(); ++k) aligned = aligned && ends[k] == bounds[k + 1];
        if (!aligned) {
            state_->parts.resize(first_part + 1);
            ends.assign(1, 0);
            read_and_score(0, 0, begin, text.size(), first_line, true);
        }
        for (const std::vector<std::string>& keys : ignored)  // in the order the reference meets them
            for (const std::string& key : keys)
                if (std::find(ignored_.begin(), ignored_.end(), key) == ignored_.end()) ignored_.push_back(key);
        const std::size_t end = ends.back();
        const std::uint64_t counted = std::accumulate(breaks.begin(), breaks.end(), std::uint64_t{0});  // up to text.size()
        return Consumed{end, end == text.size() ? counted
                                                : static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(begin),
                                                                                        text.begin() + static_cast<std::ptrdiff_t>(end), '\n'))};
    }

    FastScoreRun finish(FastScoreRun run) {
        join_groups();
        rank_text_words();
        const Layout& layout = shared_.layout;
        const std::vector<OrderSource>& order = layout.order;
        // Positioning: rows bucketed by group, each group sorted by the order keys. A row's first
        // two order words travel with it, so most comparisons read nothing else.
        struct Ref {
            std::uint64_t words[2];  // the leading order keys' words (those before any `key` key)
            std::uint32_t part;
            std::uint32_t row;
        };
        std::size_t carried = 0;  // how many order keys Ref::words holds
        while (carried < std::min<std::size_t>(2, order.size()) && order[carried].kind != OrderSource::key) ++carried;
        // Counting sort by group, in parallel: each thread counts its share of the parts per group;
        // a group's range of one array is then cut into the threads' pieces, in part order.
        const std::size_t group_count = state_->group_values.size();
        const std::size_t part_count = state_->parts.size();
        const std::size_t shares = std::min(threads_, std::max<std::size_t>(1, part_count));
        const auto share_begin = [&](std::size_t t) { return part_count * t / shares; };
        std::vector<std::vector<std::size_t>> counts(shares);
        parallel_for(shares, shares, [&](std::size_t t, std::size_t) {
            std::vector<std::size_t>& count = counts[t];
            count.assign(group_count, 0);
            for (std::size_t k = share_begin(t); k < share_begin(t + 1); ++k) {
                PartResult& part = state_->parts[k];
                part.rank.assign(part.rows, 0);
                part.group_size.assign(part.rows, 0);
                part.percentile.assign(part.rows, 0);
                for (std::size_t i = 0; i < part.rows; ++i)
                    if (part.grid[i] >= 0) ++count[part.group[i]];
            }
        });
        std::vector<std::size_t> start(group_count + 1, 0);
        for (std::size_t g = 0; g < group_count; ++g) {
            std::size_t at = start[g];
            for (std::vector<std::size_t>& count : counts) {  // becomes the thread's next slot in the group
                const std::size_t n = count[g];
                count[g] = at;
                at += n;
            }
            start[g + 1] = at;
        }
        run.scored = start[group_count];
        std::vector<Ref> refs(run.scored);
        parallel_for(shares, shares, [&](std::size_t t, std::size_t) {
            std::vector<std::size_t>& next = counts[t];
            for (std::size_t k = share_begin(t); k < share_begin(t + 1); ++k) {
                const PartResult& part = state_->parts[k];
                for (std::size_t i = 0; i < part.rows; ++i) {
                    if (part.grid[i] < 0) continue;
                    Ref ref{{0, 0}, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i)};
                    for (std::size_t w = 0; w < carried; ++w) ref.words[w] = part.order_word(order[w], i, layout.order_words);
                    refs[next[part.group[i]]++] = ref;
                }
            }
        });
        std::vector<std::vector<std::size_t>>().swap(counts);
        for (const PartResult& part : state_->parts) {
            run.rows_read += part.rows_read;
            run.rejected.insert(run.rejected.end(), part.rejected.begin(), part.rejected.end());
        }
        run.unscored = run.rows_read - run.rejected.size() - run.scored;
        const auto before = [&](const Ref& x, const Ref& y) {
            if (x.words[0] != y.words[0]) return x.words[0] < y.words[0];
            if (x.words[1] != y.words[1]) return x.words[1] < y.words[1];
            const PartResult& a = state_->parts[x.part];
            const PartResult& b = state_->parts[y.part];
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
        const std::size_t slices = 8 * threads_;
        parallel_for(slices, threads_, [&](std::size_t slice, std::size_t) {
            const auto first_group = static_cast<std::size_t>(std::lower_bound(start.begin(), start.end(), run.scored * slice / slices) - start.begin());
            const auto end_group = static_cast<std::size_t>(std::lower_bound(start.begin(), start.end(), run.scored * (slice + 1) / slices) - start.begin());
            for (std::size_t g = first_group; g < std::min(end_group, group_count); ++g) {
                Ref* members = refs.data() + start[g];
                const auto size = static_cast<std::uint32_t>(start[g + 1] - start[g]);
                std::sort(members, members + size, before);
                for (std::uint32_t r = 0; r < size; ++r) {
                    PartResult& part = state_->parts[members[r].part];
                    const std::uint32_t rank = r + 1;
                    part.rank[members[r].row] = rank;
                    part.group_size[members[r].row] = size;
                    part.percentile[members[r].row] = static_cast<std::uint32_t>((std::uint64_t{100} * rank + size - 1) / size);
                }
            }
        });
        state_->layout = layout;
        run.warnings = csv_.warnings;
        if (!ignored_.empty()) run.warnings.push_back(io::ignored_columns_warning(ignored_));
        run.state = std::move(state_);
        return run;
    }

private:
    // The workers' groups become global ones: equal values, one group (their bytes meet in a map).
    void join_groups() {
        std::unordered_map<std::string, std::uint32_t> ids;
        std::vector<std::vector<std::uint32_t>> global(state_->workers.size());
        std::string bytes;
        for (std::size_t w = 0; w < state_->workers.size(); ++w) {
            Worker& worker = *state_->workers[w];
            for (std::vector<Value>& values : worker.group_values) {
                bytes.clear();
                for (const Value& v : values) append_key_bytes(bytes, v);
                auto [it, fresh] = ids.try_emplace(bytes, static_cast<std::uint32_t>(state_->group_values.size()));
                if (fresh) state_->group_values.push_back(std::move(values));
                global[w].push_back(it->second);
            }
            worker.group_values.clear();
        }
        for (PartResult& part : state_->parts)
            for (std::uint32_t& g : part.group) g = global[part.worker][g];
    }

    // Text order words hold codes of each worker's pool; they become the rank of their text among
    // the texts of every pool, so that words compare as the texts do.
    void rank_text_words() {
        const Layout& layout = shared_.layout;
        if (std::none_of(layout.order.begin(), layout.order.end(), [](const OrderSource& o) { return o.kind == OrderSource::text; })) return;
        struct Entry {
            std::string_view text;
            std::uint32_t worker;
            std::int32_t code;
        };
        std::vector<Entry> entries;
        std::vector<std::vector<std::uint64_t>> rank(state_->workers.size());
        for (std::size_t w = 0; w < state_->workers.size(); ++w) {
            const StringPool& pool = state_->workers[w]->pool;
            rank[w].resize(pool.size());
            for (std::size_t c = 0; c < pool.size(); ++c)
                entries.push_back(Entry{pool.text(static_cast<std::int32_t>(c)), static_cast<std::uint32_t>(w), static_cast<std::int32_t>(c)});
        }
        std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.text < b.text; });
        std::uint64_t r = 0;
        for (std::size_t e = 0; e < entries.size(); ++e) {
            if (e > 0 && entries[e].text != entries[e - 1].text) ++r;
            rank[entries[e].worker][static_cast<std::size_t>(entries[e].code)] = r + 1;  // never 0, never the null word
        }
        for (PartResult& part : state_->parts)
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

    Shared shared_;
    std::shared_ptr<FastScoreState> state_;
    io::CsvLayout csv_;
    bool jsonl_ = false;                // JSON Lines: no header, one row a line
    std::vector<std::string> ignored_;  // JSON keys no field declares
    std::vector<bool> store_;
    std::size_t threads_ = 1;
};

// The checks before any row: a demand record, parameters in force at as_of.
const CheckedRecord* demand_record(const CompiledPolicy& p, const FastScoreOptions& options, std::vector<Value>& parameters,
                                   FastScoreRun& run) {
    if (p.demand_record < 0) {
        run.error = "the policy declares no `demand` record";
        return nullptr;
    }
    auto resolved = resolve_parameters(p, options.as_of, options.parameter_overrides, run.error);
    if (!resolved) return nullptr;
    parameters = std::move(*resolved);
    return &p.records[static_cast<std::size_t>(p.demand_record)];
}

}  // namespace

FastScoreRun fast_score_csv(const Policy& policy, std::string_view text, const FastScoreOptions& options) {
    FastScoreRun run;
    std::vector<Value> parameters;
    const CheckedRecord* record = demand_record(policy.compiled(), options, parameters, run);
    if (!record) return run;
    Engine engine(policy.compiled(), *record, parameters, options, false);
    run.error = io::read_csv_layout(text, record->fields, options.read, engine.csv());
    if (!run.error.empty()) {
        run.input_error = true;
        return run;
    }
    const std::uint64_t line = 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(engine.csv().body), '\n'));
    engine.add_block(text, engine.csv().body, line, true);
    return engine.finish(std::move(run));
}

FastScoreRun fast_score_jsonl(const Policy& policy, std::string_view text, const FastScoreOptions& options) {
    FastScoreRun run;
    std::vector<Value> parameters;
    const CheckedRecord* record = demand_record(policy.compiled(), options, parameters, run);
    if (!record) return run;
    run.error = io::check_fields(record->fields);
    if (!run.error.empty()) {
        run.input_error = true;
        return run;
    }
    Engine engine(policy.compiled(), *record, parameters, options, true);
    engine.add_block(text, text.size() - io::skip_bom(text).size(), 1, true);
    return engine.finish(std::move(run));
}

FastScoreRun fast_score_file(const Policy& policy, const std::string& path, const FastScoreOptions& options, std::size_t block_bytes) {
    FastScoreRun run;
    std::vector<Value> parameters;
    const CheckedRecord* record = demand_record(policy.compiled(), options, parameters, run);
    if (!record) return run;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        run.error = "cannot open '" + path + "': " + std::generic_category().message(errno);
        run.input_error = true;
        return run;
    }
    const bool jsonl = is_jsonl_path(path);
    if (jsonl) run.error = io::check_fields(record->fields);
    if (!run.error.empty()) {
        run.input_error = true;
        std::fclose(file);
        return run;
    }
    Engine engine(policy.compiled(), *record, parameters, options, jsonl);
    // Two buffers: while the workers score one block, a thread reads the next into the other,
    // after some room at its front. The rows a block holds only the start of are then copied into
    // that room, just before the next block's bytes.
    const std::size_t room = std::clamp<std::size_t>(block_bytes / 8, 1, 1u << 20);
    struct Buffer {
        std::unique_ptr<char[]> data;  // room + block_bytes
        std::size_t got = 0;  // bytes read from the file, at data + room
        int error = 0;        // errno of a failed read (errno itself belongs to the reading thread)
    };
    const auto read_block = [&](Buffer& b) {
        if (!b.data) b.data = std::make_unique_for_overwrite<char[]>(room + block_bytes);
        b.got = std::fread(b.data.get() + room, 1, block_bytes, file);
        if (std::ferror(file)) b.error = errno;
        return !std::ferror(file);
    };
    Buffer current, next;
    std::string carried;  // the rows the last block held only the start of, when they outgrow `room`
    std::size_t kept = 0;  // bytes before `room` in `current` that belong to this block's text
    bool ok = read_block(current);
    std::uint64_t bytes_read = 0;
    std::size_t begin = 0;       // where the rows of the text start
    std::uint64_t line = 1;      // the line at `begin`
    bool header = false, eof = false;
    while (ok) {
        eof = current.got < block_bytes;
        bytes_read += current.got;
        std::future<bool> reading;
        if (!eof) reading = std::async(std::launch::async, read_block, std::ref(next));
        // The text: what the last block left, then this block's bytes.
        std::string joined;
        std::string_view buffer(current.data.get() + room - kept, kept + current.got);
        if (!carried.empty()) {
            joined = std::move(carried);
            joined.append(current.data.get() + room, current.got);
            buffer = joined;
            carried.clear();
        }
        std::size_t consumed = 0;
        if (!header && jsonl && (eof || buffer.size() >= 3)) {  // no header: the rows start after a byte order mark
            header = true;
            begin = buffer.size() - io::skip_bom(buffer).size();
        }
        if (!header && (eof || buffer.find('\n') != std::string_view::npos)) {
            run.error = io::read_csv_layout(buffer, record->fields, options.read, engine.csv());
            if (!run.error.empty()) {
                if (reading.valid()) reading.wait();
                run.input_error = true;
                std::fclose(file);
                return run;
            }
            header = true;
            begin = engine.csv().body;
            line += static_cast<std::uint64_t>(std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(begin), '\n'));
        }
        if (header) {
            const std::string_view rows = buffer.substr(begin);
            const std::size_t complete = eof ? buffer.size() : begin + (jsonl ? rows.rfind('\n') + 1 : io::last_row_end(rows));
            if (complete > begin || eof) {
                const auto [end, line_breaks] = engine.add_block(buffer.substr(0, complete), begin, line, eof);
                consumed = end;
                line += line_breaks;
                begin = 0;
            }
        }
        if (options.progress) options.progress(bytes_read);
        if (eof) break;
        ok = reading.get();
        // What this block did not consume goes before the next block's bytes.
        const std::string_view rest = buffer.substr(consumed);
        if (rest.size() <= room) {
            std::copy(rest.begin(), rest.end(), next.data.get() + room - rest.size());
            kept = rest.size();
        } else {
            carried.assign(rest);  // a row longer than `room` (or the header, not yet whole)
            kept = 0;
        }
        std::swap(current, next);
    }
    if (!ok) {
        run.error = "cannot read '" + path + "': " + std::generic_category().message(current.error ? current.error : next.error);
        run.input_error = true;
        std::fclose(file);
        return run;
    }
    std::fclose(file);
    return engine.finish(std::move(run));
}

namespace {

// The shortest text that reads back as the same number, as format_number writes it.
void append_number(fmt::memory_buffer& buf, double value) {
    if (value == 0) {
        buf.push_back('0');
        return;
    }
    if (value == std::floor(value) && std::fabs(value) < 1e15) {  // whole: the same digits, faster
        const fmt::format_int digits(static_cast<std::int64_t>(value));
        buf.append(digits.data(), digits.data() + digits.size());
        return;
    }
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    buf.append(text, end);
}

// The ids of the row's flags, `separator` between them.
void append_flags(fmt::memory_buffer& buf, const CompiledPolicy& p, const PartResult& part, std::size_t row, std::size_t words,
                  std::string_view separator) {
    bool first = true;
    for (std::size_t f = 0; f < p.flags.size(); ++f)
        if (part.flags[row * words + f / 64] >> (f % 64) & 1) {
            if (!first) buf.append(separator);
            buf.append(std::string_view(p.flags[f].id));
            first = false;
        }
}

}  // namespace

void write_fast_scores(std::ostream& out, const Policy& policy, const FastScoreRun& run, bool explain, bool jsonl) {
    const CompiledPolicy& p = policy.compiled();
    const FastScoreState& state = *run.state;
    const Layout& layout = state.layout;
    // Criterion columns: every criterion of every grid once, as write_scores_csv names them.
    std::vector<std::string> columns;
    std::vector<std::vector<std::size_t>> column_of(p.grids.size());
    for (std::size_t g = 0; g < p.grids.size(); ++g)
        for (const auto& r : p.grids[g].rubrics)
            for (const auto& c : r.criteria) {
                const std::string name = r.id + "." + c.id;
                auto it = std::find(columns.begin(), columns.end(), name);
                column_of[g].push_back(static_cast<std::size_t>(it - columns.begin()));
                if (it == columns.end()) columns.push_back(name);
            }
    if (!jsonl) {
        std::string header = "id,grid,score,rank,group_size,percentile,status,flags";
        if (explain)
            for (const auto& c : columns) header += ",c." + c;
        out << header << '\n';
    }
    // Parts are formatted in parallel a few at a time and written in order, so that the whole
    // output is never held in memory; a window is written while the next is formatted.
    const std::size_t threads = std::max<std::size_t>(1, state.workers.size());  // as many as scored the rows (--threads)
    const std::size_t window = 4 * threads;
    std::vector<std::string> texts[2] = {std::vector<std::string>(window), std::vector<std::string>(window)};
    const auto format_part = [&](std::size_t k, std::string& text) {
        const PartResult& part = state.parts[k];
        fmt::memory_buffer buf;
        std::vector<std::string> cells(columns.size());
        for (std::size_t i = 0; i < part.rows; ++i) {
            const std::int8_t g = part.grid[i];
            const bool scored = g >= 0;
            const std::string_view status = scored ? "scored" : g == missing_key ? "unscored:missing_key" : "unscored:no_grid";
            if (jsonl) {
                nlohmann::ordered_json j;
                j["id"] = std::string(part.key(i));
                buf.append(std::string_view("{\"id\":"));
                buf.append(j["id"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                if (scored) {
                    const double sc = part.score[i];
                    fmt::format_to(std::back_inserter(buf), ",\"grid\":\"{}\",\"score\":{},\"rank\":{},\"group_size\":{},\"percentile\":{}",
                                   p.grids[static_cast<std::size_t>(g)].id,
                                   sc == std::floor(sc) && std::fabs(sc) < 9e15 ? fmt::format("{}", static_cast<std::int64_t>(sc)) : nlohmann::json(sc).dump(),
                                   part.rank[i], part.group_size[i], part.percentile[i]);
                } else {
                    buf.append(std::string_view(",\"grid\":null,\"score\":null,\"rank\":null,\"group_size\":null,\"percentile\":null"));
                }
                fmt::format_to(std::back_inserter(buf), ",\"status\":\"{}\",\"flags\":[", status);
                const bool flagged = std::any_of(part.flags.begin() + static_cast<std::ptrdiff_t>(i * layout.flag_words),
                                                 part.flags.begin() + static_cast<std::ptrdiff_t>((i + 1) * layout.flag_words), [](std::uint64_t w) { return w != 0; });
                if (flagged) {  // flag ids are identifiers: nothing to escape
                    buf.push_back('"');
                    append_flags(buf, p, part, i, layout.flag_words, "\",\"");
                    buf.push_back('"');
                }
                buf.push_back(']');
                if (explain) {
                    buf.append(std::string_view(",\"criteria\":{"));
                    bool first = true;
                    if (scored) {
                        std::size_t c = 0;
                        for (const auto& r : p.grids[static_cast<std::size_t>(g)].rubrics)
                            for (const auto& crit : r.criteria) {
                                const std::size_t at = i * layout.criteria + layout.criterion_base[static_cast<std::size_t>(g)] + c++;
                                if (part.states[at] != static_cast<std::uint8_t>(CriterionState::applied)) continue;
                                const double pts = part.points[at];
                                fmt::format_to(std::back_inserter(buf), "{}\"c.{}.{}\":{}", first ? "" : ",", r.id, crit.id,
                                               pts == std::floor(pts) && std::fabs(pts) < 9e15 ? fmt::format("{}", static_cast<std::int64_t>(pts))
                                                                                               : nlohmann::json(pts).dump());
                                first = false;
                            }
                    }
                    buf.push_back('}');
                }
                buf.append(std::string_view("}\n"));
                continue;
            }
            // Appended by hand: this runs for every row of millions.
            const std::string_view key = part.key(i);
            if (!needs_csv_quotes(key)) buf.append(key);
            else buf.append(csv_cell(key));
            if (scored) {
                buf.push_back(',');
                buf.append(std::string_view(p.grids[static_cast<std::size_t>(g)].id));
                buf.push_back(',');
                append_number(buf, part.score[i]);
                for (const std::uint32_t v : {part.rank[i], part.group_size[i], part.percentile[i]}) {
                    buf.push_back(',');
                    append_number(buf, static_cast<double>(v));
                }
                buf.append(std::string_view(",scored,"));
            } else {
                buf.append(std::string_view(",,,,,,"));
                buf.append(status);
                buf.push_back(',');
            }
            append_flags(buf, p, part, i, layout.flag_words, "|");
            if (explain) {
                std::fill(cells.begin(), cells.end(), std::string());
                if (scored) {
                    const auto gi = static_cast<std::size_t>(g);
                    for (std::size_t c = 0; c < column_of[gi].size(); ++c) {
                        const std::size_t at = i * layout.criteria + layout.criterion_base[gi] + c;
                        if (part.states[at] == static_cast<std::uint8_t>(CriterionState::applied)) cells[column_of[gi][c]] = format_number(part.points[at]);
                    }
                }
                for (const auto& cell : cells) {
                    buf.push_back(',');
                    buf.append(cell);
                }
            }
            buf.push_back('\n');
        }
        text = fmt::to_string(buf);
    };
    std::future<void> writing;
    for (std::size_t from = 0, turn = 0; from < state.parts.size(); from += window, turn ^= 1) {
        const std::size_t count = std::min(window, state.parts.size() - from);
        std::vector<std::string>& formatted = texts[turn];
        parallel_for(count, threads, [&](std::size_t k, std::size_t) { format_part(from + k, formatted[k]); });
        if (writing.valid()) writing.get();
        writing = std::async(std::launch::async, [&out, &formatted, count] {
            for (std::size_t k = 0; k < count; ++k) {
                out.write(formatted[k].data(), static_cast<std::streamsize>(formatted[k].size()));
                std::string().swap(formatted[k]);
            }
        });
    }
    if (writing.valid()) writing.get();
}

ScoreRun to_score_run(const Policy& policy, const FastScoreRun& run) {
    const CompiledPolicy& p = policy.compiled();
    ScoreRun out;
    out.scored = run.scored;
    out.unscored = run.unscored;
    out.error = run.error;
    if (!run.state) return out;
    const FastScoreState& state = *run.state;
    const Layout& layout = state.layout;
    for (const PartResult& part : state.parts) {
        for (std::size_t i = 0; i < part.rows; ++i) {
            ScoredDemand d;
            d.id = std::string(part.key(i));
            const std::int8_t g = part.grid[i];
            for (std::size_t f = 0; f < p.flags.size(); ++f)
                if (part.flags[i * layout.flag_words + f / 64] >> (f % 64) & 1) d.flags.push_back(p.flags[f].id);
            d.group = state.group_values[part.group[i]];
            if (g < 0) {
                d.unscored_reason = g == missing_key ? "missing_key" : "no_grid";
                out.demands.push_back(std::move(d));
                continue;
            }
            const CheckedGrid& grid = p.grids[static_cast<std::size_t>(g)];
            d.grid = grid.id;
            d.score = part.score[i];
            d.rank = part.rank[i];
            d.group_size = part.group_size[i];
            d.percentile = part.percentile[i];
            if (!part.states.empty()) {
                std::size_t c = 0;
                for (std::size_t r = 0; r < grid.rubrics.size(); ++r) {
                    for (const auto& crit : grid.rubrics[r].criteria) {
                        const std::size_t at = i * layout.criteria + layout.criterion_base[static_cast<std::size_t>(g)] + c++;
                        d.criteria.push_back(CriterionOutcome{grid.rubrics[r].id, crit.id, static_cast<CriterionState>(part.states[at]), part.points[at]});
                    }
                    d.rubric_totals.emplace_back(grid.rubrics[r].id, part.rubric_totals[i * layout.rubrics + layout.rubric_base[static_cast<std::size_t>(g)] + r]);
                }
            }
            out.demands.push_back(std::move(d));
        }
    }
    return out;
}

}  // namespace cotation

namespace cotation {

struct ColumnScorer::State {
    std::vector<Value> parameters;
    FastScoreOptions options;
    std::unique_ptr<Shared> shared;
    std::unique_ptr<Worker> worker;
    io::CsvLayout csv;
    std::vector<bool> store;
    io::ColumnPart part;
    std::string keys;
    std::vector<std::uint32_t> key_end;
};

ColumnScorer::ColumnScorer(const Policy& policy, Date as_of) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.options.as_of = as_of;
    FastScoreRun run;
    const CheckedRecord* record = demand_record(policy.compiled(), s.options, s.parameters, run);
    if (!record) throw std::invalid_argument(run.error);
    s.shared = std::make_unique<Shared>(Shared{policy.compiled(), *record, s.parameters, s.options, {}});
    s.shared->layout = make_layout(policy.compiled(), *record, s.store);
    s.worker = make_worker(*s.shared);
}

ColumnScorer::~ColumnScorer() = default;

std::size_t ColumnScorer::read(std::string_view text) {
    State& s = *state_;
    const CheckedRecord& record = s.shared->record;
    if (const std::string error = io::read_csv_layout(text, record.fields, s.options.read, s.csv); !error.empty())
        throw std::invalid_argument(error);
    s.part = io::ColumnPart{};
    io::read_csv_part(text, s.csv.body, text.size(), 2, s.csv, record.fields, s.options.read, s.store, record.key_slot, s.worker->pool, s.part);
    s.keys = s.part.keys;
    s.key_end = s.part.key_end;
    return s.part.chunk.rows;
}

std::size_t ColumnScorer::score() {
    State& s = *state_;
    PartResult out;
    s.part.keys = s.keys;  // score_part takes them
    s.part.key_end = s.key_end;
    score_part(*s.shared, *s.worker, s.part, out);
    return static_cast<std::size_t>(std::count_if(out.grid.begin(), out.grid.end(), [](std::int8_t g) { return g >= 0; }));
}

}  // namespace cotation
