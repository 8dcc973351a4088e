// score (fast path): CSV parts read into columns and scored in batches by parallel workers.
// Every rule is the reference's (scorer.cpp): the differential tests compare the two row by row.
#include "cotation/fast.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <system_error>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/compiled.hpp"
#include "cotation/report.hpp"
#include "eval/batch.hpp"
#include "eval/interpreter.hpp"
#include "io/csv_columns.hpp"
#include "score/scorer.hpp"

namespace cotation {

namespace {

constexpr std::int8_t no_grid = -1;
constexpr std::int8_t missing_key = -2;

// How one order key reads its value.
struct OrderSource {
    enum Kind : std::uint8_t { score, numeric, text, key } kind = score;
    std::int32_t slot = -1;
    bool descending = false;
};

// Where each criterion and rubric of every grid is kept in a row's results.
struct Layout {
    std::vector<std::size_t> criterion_base;  // per grid: index of its first criterion
    std::vector<std::size_t> rubric_base;     // per grid: index of its first rubric
    std::size_t criteria = 0;
    std::size_t rubrics = 0;
    std::size_t flag_words = 0;
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
    std::vector<std::uint32_t> group;        // global group id
    std::vector<double> order_num;           // rows x order keys
    std::vector<std::int32_t> order_code;
    std::vector<std::uint8_t> order_null;
    std::vector<std::uint8_t> states;        // rows x criteria (keep_criteria)
    std::vector<double> points;
    std::vector<double> rubric_totals;       // rows x rubrics (keep_criteria)
    std::vector<std::int64_t> rank, group_size, percentile;
    std::vector<RejectedRow> rejected;
    std::uint64_t rows_read = 0;

    std::string_view key(std::size_t row) const {
        const std::uint32_t begin = row == 0 ? 0 : key_end[row - 1];
        return std::string_view(keys).substr(begin, key_end[row] - begin);
    }
};

// Runs fn(index, worker) for index in [0, count) over `threads` threads.
template <typename Fn>
void parallel_for(std::size_t count, std::size_t threads, Fn fn) {
    threads = std::max<std::size_t>(1, std::min(threads, count));
    std::atomic<std::size_t> next{0};
    const auto work = [&](std::size_t worker) {
        for (std::size_t i = next++; i < count; i = next++) fn(i, worker);
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < threads; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
}

void referenced(const Expr& e, std::vector<bool>& used) {
    if (e.op == Op::identifier && (e.ref == RefKind::field || e.ref == RefKind::derived)) used[static_cast<std::size_t>(e.slot)] = true;
    for (const Expr& a : e.args) referenced(a, used);
}

// A group key as bytes: equal keys are equal groups (the reference's compare_values == 0).
void append_key(std::string& out, const View& v, std::size_t row, const Type& type, const StringPool& pool) {
    if (!v.valid[row]) {
        out += '\0';
        return;
    }
    out += '\1';
    switch (repr_of(type)) {
        case Repr::num: {
            double d = v.num[row];
            if (d == 0) d = 0;  // -0 and 0 are one group
            out.append(reinterpret_cast<const char*>(&d), sizeof d);
            break;
        }
        case Repr::code:
            if (type.kind == TypeKind::string || type.kind == TypeKind::enumeration) {
                const std::string_view s = pool.text(v.code[row]);
                const auto size = static_cast<std::uint32_t>(s.size());
                out.append(reinterpret_cast<const char*>(&size), sizeof size);
                out += s;
            } else {
                out.append(reinterpret_cast<const char*>(&v.code[row]), sizeof v.code[row]);
            }
            break;
        default: break;  // within expressions are scalars (checked)
    }
}

// The programs of one worker, compiled with its own string pool.
struct Worker {
    StringPool pool;
    std::vector<std::pair<std::int32_t, BatchExpr>> derived;
    std::vector<std::optional<BatchExpr>> applies;
    std::vector<std::vector<std::optional<BatchExpr>>> when;  // per grid, criteria in order
    std::vector<std::vector<BatchExpr>> points;
    std::vector<BatchExpr> flags;
    std::vector<BatchExpr> within;
    std::unordered_map<std::string, std::uint32_t> local_groups;
};

struct Shared {
    const CompiledPolicy& policy;
    const CheckedRecord& record;
    const std::vector<Value>& parameters;
    const FastScoreOptions& options;
    Layout layout;
    std::mutex groups_mutex;
    std::unordered_map<std::string, std::uint32_t> groups;
    std::vector<std::vector<Value>> group_values;
};

std::unique_ptr<Worker> make_worker(Shared& s) {
    auto w = std::make_unique<Worker>();
    const auto compile = [&](const Expr& e) { return BatchExpr(e, s.parameters, s.options.as_of, w->pool, batch_rows); };
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
    return w;
}

double clamp_bounds(double value, const std::optional<double>& floor, const std::optional<double>& cap) {
    if (floor && value < *floor) value = *floor;
    if (cap && value > *cap) value = *cap;
    return value;
}

void score_part(Shared& s, Worker& w, const io::ColumnPart& input, PartResult& out) {
    const CompiledPolicy& p = s.policy;
    const Layout& layout = s.layout;
    const std::size_t rows = input.chunk.rows;
    const std::size_t keys = layout.order.size();
    out.rows = rows;
    out.grid.assign(rows, no_grid);
    out.score.assign(rows, 0);
    out.flags.assign(rows * layout.flag_words, 0);
    out.group.assign(rows, 0);
    out.order_num.assign(rows * keys, 0);
    out.order_code.assign(rows * keys, 0);
    out.order_null.assign(rows * keys, 0);
    if (s.options.keep_criteria) {
        out.states.assign(rows * layout.criteria, static_cast<std::uint8_t>(CriterionState::not_applied));
        out.points.assign(rows * layout.criteria, 0);
        out.rubric_totals.assign(rows * layout.rubrics, 0);
    }
    std::vector<View> views(s.record.slot_count());
    std::vector<double> total(batch_rows), rubric_total(batch_rows);
    std::vector<std::uint8_t> any(batch_rows);
    std::vector<std::uint32_t> local_group(rows);
    std::vector<std::vector<Value>> local_values;
    std::unordered_map<std::string, std::uint32_t> local_ids;
    std::string key;
    std::vector<View> within_views(w.within.size());

    for (std::size_t first = 0; first < rows; first += batch_rows) {
        const std::size_t n = std::min(batch_rows, rows - first);
        for (std::size_t f = 0; f < s.record.fields.size(); ++f)
            views[f] = input.chunk.fields[f].valid.empty() ? View{} : view_of(input.chunk.fields[f], first);
        const BatchInput in{&views, n};
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
            const View a = w.applies[g]->run(in);
            for (std::size_t i = 0; i < n; ++i)
                if (grid[i] == no_grid && a.valid[i] && a.code[i]) grid[i] = static_cast<std::int8_t>(g);
        }
        for (std::size_t i = 0; i < n; ++i)
            if (grid[i] >= 0 && !input.key_valid[first + i]) grid[i] = missing_key;
        // Criteria, rubric by rubric, for the rows each grid took.
        for (std::size_t g = 0; g < p.grids.size(); ++g) {
            const auto gi = static_cast<std::int8_t>(g);
            if (std::none_of(grid, grid + n, [&](std::int8_t x) { return x == gi; })) continue;
            const CheckedGrid& cg = p.grids[g];
            std::fill(total.begin(), total.begin() + static_cast<std::ptrdiff_t>(n), 0.0);
            std::size_t c = 0;
            for (std::size_t r = 0; r < cg.rubrics.size(); ++r) {
                const CheckedRubric& rubric = cg.rubrics[r];
                std::fill(rubric_total.begin(), rubric_total.begin() + static_cast<std::ptrdiff_t>(n), 0.0);
                std::fill(any.begin(), any.begin() + static_cast<std::ptrdiff_t>(n), 0);
                for (const CheckedCriterion& criterion : rubric.criteria) {
                    const View when = w.when[g][c] ? w.when[g][c]->run(in) : View{};
                    const View pts = w.points[g][c].run(in);
                    const std::size_t column = layout.criterion_base[g] + c;
                    for (std::size_t i = 0; i < n; ++i) {
                        if (grid[i] != gi) continue;
                        CriterionState state = CriterionState::not_applied;
                        double earned = 0;
                        const bool has_when = w.when[g][c].has_value();
                        if (has_when && !when.valid[i]) {
                            state = CriterionState::unknown;
                        } else if (!has_when || when.code[i]) {
                            bool proven = true;
                            for (std::int32_t slot : criterion.requires_slots) {
                                const View& v = views[static_cast<std::size_t>(slot)];
                                if (!(v.valid[i] && v.code[i])) {
                                    proven = false;
                                    break;
                                }
                            }
                            if (!proven) {
                                state = CriterionState::unverified;
                            } else if (pts.valid[i]) {
                                state = CriterionState::applied;
                                earned = pts.num[i];
                                rubric_total[i] = !any[i] ? earned : rubric.combine == Combine::sum ? rubric_total[i] + earned
                                                                                                     : std::max(rubric_total[i], earned);
                                any[i] = 1;
                            } else {
                                state = CriterionState::unknown;
                            }
                        }
                        if (s.options.keep_criteria) {
                            out.states[(first + i) * layout.criteria + column] = static_cast<std::uint8_t>(state);
                            out.points[(first + i) * layout.criteria + column] = earned;
                        }
                    }
                    ++c;
                }
                for (std::size_t i = 0; i < n; ++i) {
                    if (grid[i] != gi) continue;
                    const double bounded = clamp_bounds(rubric_total[i], rubric.floor, rubric.cap);
                    if (s.options.keep_criteria) out.rubric_totals[(first + i) * layout.rubrics + layout.rubric_base[g] + r] = bounded;
                    total[i] += bounded;
                }
            }
            for (std::size_t i = 0; i < n; ++i) {
                if (grid[i] != gi) continue;
                const double bounded = clamp_bounds(total[i], cg.floor, cg.cap);
                out.score[first + i] = bounded == std::floor(bounded) ? bounded : round_half_away(bounded, 2);
            }
        }
        // Flags, for every row.
        for (std::size_t f = 0; f < w.flags.size(); ++f) {
            const View v = w.flags[f].run(in);
            for (std::size_t i = 0; i < n; ++i)
                if (v.valid[i] && v.code[i]) out.flags[(first + i) * layout.flag_words + f / 64] |= std::uint64_t{1} << (f % 64);
        }
        // Positioning groups and order keys, for the rows that are scored.
        for (std::size_t k = 0; k < w.within.size(); ++k) within_views[k] = w.within[k].run(in);
        for (std::size_t i = 0; i < n; ++i) {
            key.clear();
            for (std::size_t k = 0; k < w.within.size(); ++k) append_key(key, within_views[k], i, p.ranking.within[k].type, w.pool);
            auto [it, fresh] = local_ids.try_emplace(key, static_cast<std::uint32_t>(local_values.size()));
            if (fresh) {
                std::vector<Value> values;
                for (std::size_t k = 0; k < w.within.size(); ++k) values.push_back(value_at(within_views[k], i, p.ranking.within[k].type, w.pool));
                local_values.push_back(std::move(values));
            }
            local_group[first + i] = it->second;
        }
        for (std::size_t k = 0; k < keys; ++k) {
            const OrderSource& o = layout.order[k];
            if (o.kind == OrderSource::score || o.kind == OrderSource::key) continue;
            const View& v = views[static_cast<std::size_t>(o.slot)];
            const bool numeric = repr_of(s.record.slot_types[static_cast<std::size_t>(o.slot)]) == Repr::num;
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t at = (first + i) * keys + k;
                out.order_null[at] = !v.valid[i];
                if (!v.valid[i]) continue;
                if (o.kind == OrderSource::text) out.order_code[at] = v.code[i];
                else out.order_num[at] = numeric ? v.num[i] : static_cast<double>(v.code[i]);
            }
        }
    }
    // Local group ids to global ones.
    std::vector<std::uint32_t> to_global(local_values.size());
    {
        std::lock_guard lock(s.groups_mutex);
        for (auto& [bytes, local] : local_ids) {
            auto [it, fresh] = s.groups.try_emplace(bytes, static_cast<std::uint32_t>(s.group_values.size()));
            if (fresh) s.group_values.push_back(local_values[local]);
            to_global[local] = it->second;
        }
    }
    for (std::size_t i = 0; i < rows; ++i) out.group[i] = to_global[local_group[i]];
    out.keys = input.keys;
    out.key_end = input.key_end;
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
    Engine(const CompiledPolicy& p, const CheckedRecord& record, const std::vector<Value>& parameters, const FastScoreOptions& options)
        : shared_{p, record, parameters, options, {}, {}, {}, {}}, state_(std::make_shared<FastScoreState>()) {
        threads_ = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
        Layout& layout = shared_.layout;
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
            }
            layout.order.push_back(o);
        }
        // Every field is read and checked; only those some program reads are kept.
        std::vector<bool> used(record.slot_count(), false);
        for (const CheckedDerived& d : record.derived) referenced(d.expr, used);
        for (const CheckedGrid& g : p.grids) {
            if (g.applies_when) referenced(*g.applies_when, used);
            for (const CheckedRubric& r : g.rubrics)
                for (const CheckedCriterion& c : r.criteria) {
                    if (c.when) referenced(*c.when, used);
                    referenced(c.points, used);
                    for (std::int32_t slot : c.requires_slots) used[static_cast<std::size_t>(slot)] = true;
                }
        }
        for (const CheckedFlag& f : p.flags) referenced(f.when, used);
        for (const Expr& e : p.ranking.within) referenced(e, used);
        for (const OrderSource& o : layout.order)
            if (o.slot >= 0) used[static_cast<std::size_t>(o.slot)] = true;
        store_.assign(used.begin(), used.begin() + static_cast<std::ptrdiff_t>(record.fields.size()));
        for (std::size_t t = 0; t < threads_; ++t) state_->workers.push_back(make_worker(shared_));
    }

    io::CsvLayout& csv() { return csv_; }

    // Reads and scores the rows of text[begin, size); returns where the last row read ends (the
    // start of a row the block holds only part of, when `at_eof` is false).
    std::size_t add_block(std::string_view text, std::size_t begin, std::uint64_t first_line, bool at_eof) {
        const CheckedRecord& record = shared_.record;
        const FastScoreOptions& options = shared_.options;
        // Parts of a few megabytes: enough to spread over the workers, small enough to stay in cache.
        const std::size_t part_count = std::max<std::size_t>(threads_, (text.size() - begin) / (4u << 20) + 1);
        const std::vector<std::size_t> bounds = io::split_rows(text, begin, part_count);
        std::vector<std::uint64_t> lines(bounds.size() - 1, first_line);
        {
            std::vector<std::uint64_t> breaks(bounds.size() - 1);
            parallel_for(breaks.size(), threads_, [&](std::size_t k, std::size_t) {
                breaks[k] = static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(bounds[k]),
                                                                  text.begin() + static_cast<std::ptrdiff_t>(bounds[k + 1]), '\n'));
            });
            for (std::size_t k = 1; k < breaks.size(); ++k) lines[k] = lines[k - 1] + breaks[k - 1];
        }
        const std::size_t first_part = state_->parts.size();
        state_->parts.resize(first_part + bounds.size() - 1);
        std::vector<std::size_t> ends(bounds.size() - 1);
        const auto read_and_score = [&](std::size_t k, std::size_t worker, std::size_t from, std::size_t to, std::uint64_t line, bool last) {
            io::ColumnPart part;
            Worker& w = *state_->workers[worker];
            io::read_csv_part(text, from, to, line, csv_, record.fields, options.read, store_, record.key_slot, w.pool, part, at_eof || !last);
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
        return ends.back();
    }

    FastScoreRun finish(FastScoreRun run) {
        // Positioning: rows bucketed by group, each group sorted by the order keys.
        struct Ref {
            std::uint32_t part;
            std::uint32_t row;
        };
        std::vector<std::vector<Ref>> groups(shared_.group_values.size());
        for (std::size_t k = 0; k < state_->parts.size(); ++k) {
            PartResult& part = state_->parts[k];
            part.rank.assign(part.rows, 0);
            part.group_size.assign(part.rows, 0);
            part.percentile.assign(part.rows, 0);
            for (std::size_t i = 0; i < part.rows; ++i) {
                if (part.grid[i] < 0) {
                    ++run.unscored;
                    continue;
                }
                ++run.scored;
                groups[part.group[i]].push_back(Ref{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i)});
            }
            run.rows_read += part.rows_read;
            run.rejected.insert(run.rejected.end(), part.rejected.begin(), part.rejected.end());
        }
        const Layout& layout = shared_.layout;
        const std::size_t key_count = layout.order.size();
        const auto before = [&](const Ref& x, const Ref& y) {
            const PartResult& a = state_->parts[x.part];
            const PartResult& b = state_->parts[y.part];
            for (std::size_t k = 0; k < key_count; ++k) {
                const OrderSource& o = layout.order[k];
                int c = 0;
                if (o.kind == OrderSource::score) {
                    c = a.score[x.row] < b.score[y.row] ? -1 : a.score[x.row] > b.score[y.row] ? 1 : 0;
                } else if (o.kind == OrderSource::key) {
                    const int r = a.key(x.row).compare(b.key(y.row));
                    c = r < 0 ? -1 : r > 0 ? 1 : 0;
                } else {
                    const bool na = a.order_null[x.row * key_count + k], nb = b.order_null[y.row * key_count + k];
                    if (na || nb) {  // nulls last in either direction
                        if (na != nb) return nb;
                        continue;
                    }
                    if (o.kind == OrderSource::numeric) {
                        const double u = a.order_num[x.row * key_count + k], v = b.order_num[y.row * key_count + k];
                        c = u < v ? -1 : u > v ? 1 : 0;
                    } else {
                        const int r = state_->workers[a.worker]->pool.text(a.order_code[x.row * key_count + k])
                                          .compare(state_->workers[b.worker]->pool.text(b.order_code[y.row * key_count + k]));
                        c = r < 0 ? -1 : r > 0 ? 1 : 0;
                    }
                }
                if (c != 0) return o.descending ? c > 0 : c < 0;
            }
            // Only rows with the same key get here: the file's order decides between them.
            return std::pair(x.part, x.row) < std::pair(y.part, y.row);
        };
        parallel_for(groups.size(), threads_, [&](std::size_t g, std::size_t) {
            auto& members = groups[g];
            std::sort(members.begin(), members.end(), before);
            const auto size = static_cast<std::int64_t>(members.size());
            for (std::size_t r = 0; r < members.size(); ++r) {
                PartResult& part = state_->parts[members[r].part];
                const auto rank = static_cast<std::int64_t>(r) + 1;
                part.rank[members[r].row] = rank;
                part.group_size[members[r].row] = size;
                part.percentile[members[r].row] = (100 * rank + size - 1) / size;
            }
        });
        state_->group_values = std::move(shared_.group_values);
        state_->layout = layout;
        run.warnings = csv_.warnings;
        run.state = std::move(state_);
        return run;
    }

private:
    Shared shared_;
    std::shared_ptr<FastScoreState> state_;
    io::CsvLayout csv_;
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
    Engine engine(policy.compiled(), *record, parameters, options);
    run.error = io::read_csv_layout(text, record->fields, options.read, engine.csv());
    if (!run.error.empty()) {
        run.input_error = true;
        return run;
    }
    const std::uint64_t line = 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(engine.csv().body), '\n'));
    engine.add_block(text, engine.csv().body, line, true);
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
    Engine engine(policy.compiled(), *record, parameters, options);
    std::string buffer;
    std::uint64_t bytes_read = 0;
    std::size_t begin = 0;       // where the rows of the buffer start
    std::uint64_t line = 1;      // the line at `begin`
    bool header = false, eof = false;
    while (!eof) {
        // Read a block after what the last one left over.
        const std::size_t kept = buffer.size();
        buffer.resize(kept + block_bytes);
        const std::size_t got = std::fread(buffer.data() + kept, 1, block_bytes, file);
        buffer.resize(kept + got);
        eof = got < block_bytes;
        bytes_read += got;
        if (std::ferror(file)) {
            run.error = "cannot read '" + path + "': " + std::generic_category().message(errno);
            run.input_error = true;
            std::fclose(file);
            return run;
        }
        if (!header) {
            if (!eof && buffer.find('\n') == std::string::npos) continue;  // the header line is longer than a block
            run.error = io::read_csv_layout(buffer, record->fields, options.read, engine.csv());
            if (!run.error.empty()) {
                run.input_error = true;
                std::fclose(file);
                return run;
            }
            header = true;
            begin = engine.csv().body;
            line += static_cast<std::uint64_t>(std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(begin), '\n'));
        }
        const std::size_t complete = eof ? buffer.size() : begin + io::last_row_end(std::string_view(buffer).substr(begin));
        if (complete <= begin && !eof) continue;  // one row longer than a block: read more
        const std::string_view text = std::string_view(buffer).substr(0, complete);
        const std::size_t consumed = engine.add_block(text, begin, line, eof);
        line += static_cast<std::uint64_t>(std::count(buffer.begin() + static_cast<std::ptrdiff_t>(begin), buffer.begin() + static_cast<std::ptrdiff_t>(consumed), '\n'));
        buffer.erase(0, consumed);
        begin = 0;
        if (options.progress) options.progress(bytes_read);
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
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    buf.append(text, end);
}

std::string flags_of(const CompiledPolicy& p, const PartResult& part, std::size_t row, std::size_t words, const char* separator) {
    std::string out;
    for (std::size_t f = 0; f < p.flags.size(); ++f)
        if (part.flags[row * words + f / 64] >> (f % 64) & 1) {
            if (!out.empty()) out += separator;
            out += p.flags[f].id;
        }
    return out;
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
    std::vector<std::string> texts(state.parts.size());
    const std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
    parallel_for(state.parts.size(), threads, [&](std::size_t k, std::size_t) {
        const PartResult& part = state.parts[k];
        fmt::memory_buffer buf;
        std::vector<std::string> cells(columns.size());
        for (std::size_t i = 0; i < part.rows; ++i) {
            const std::int8_t g = part.grid[i];
            const bool scored = g >= 0;
            const std::string_view status = scored ? "scored" : g == missing_key ? "unscored:missing_key" : "unscored:no_grid";
            const std::string flags = flags_of(p, part, i, layout.flag_words, jsonl ? "\",\"" : "|");
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
                fmt::format_to(std::back_inserter(buf), ",\"status\":\"{}\",\"flags\":[{}]", status, flags.empty() ? "" : "\"" + flags + "\"");
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
            if (key.find_first_of(",;\"\r\n") == std::string_view::npos) buf.append(key);
            else buf.append(csv_cell(key));
            if (scored) {
                buf.push_back(',');
                buf.append(std::string_view(p.grids[static_cast<std::size_t>(g)].id));
                buf.push_back(',');
                append_number(buf, part.score[i]);
                for (const std::int64_t v : {part.rank[i], part.group_size[i], part.percentile[i]}) {
                    buf.push_back(',');
                    append_number(buf, static_cast<double>(v));
                }
                buf.append(std::string_view(",scored,"));
            } else {
                buf.append(std::string_view(",,,,,,"));
                buf.append(status);
                buf.push_back(',');
            }
            buf.append(flags);
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
        texts[k] = fmt::to_string(buf);
    });
    for (const std::string& t : texts) out.write(t.data(), static_cast<std::streamsize>(t.size()));
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
