#include "score/column_scorer.hpp"

#include <algorithm>
#include <cmath>

#include "score/scorer.hpp"

namespace cotation {

namespace {

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

}  // namespace

std::unique_ptr<ScoringWorker> make_scoring_worker(const ColumnScoring& s, std::shared_ptr<StringPool> pool) {
    const CompiledPolicy& p = s.plan.program;
    auto w = std::make_unique<ScoringWorker>(pool ? std::move(pool) : std::make_shared<StringPool>());
    const auto compile = [&](const Expr& e) { return BatchExpr(e, w->pool, batch_rows, &w->cache); };
    for (const CheckedDerived& d : s.record.derived) w->derived.emplace_back(d.slot, compile(d.expr));
    for (const CheckedGrid& g : p.grids) {
        w->applies.push_back(g.applies_when && g.record == p.demand_record ? std::optional<BatchExpr>(compile(*g.applies_when)) : std::nullopt);
        w->when.emplace_back();
        w->points.emplace_back();
        for (const CheckedRubric& r : g.rubrics)
            for (const CheckedCriterion& c : r.criteria) {
                w->when.back().push_back(c.when ? std::optional<BatchExpr>(compile(*c.when)) : std::nullopt);
                w->points.back().push_back(compile(c.points));
            }
    }
    for (const CheckedFlag& f : p.flags) w->flags.push_back(compile(f.when));
    for (const Expr& e : p.ranking.within) w->within.push_back(compile(e));
    w->group_ids = KeyIndex(row_key_width(w->within.size()));
    return w;
}

Layout make_layout(const CompiledPolicy& p, const CheckedRecord& record) {
    Layout layout;
    for (const CheckedGrid& g : p.grids) {
        layout.criterion_base.push_back(layout.criteria);
        layout.rubric_base.push_back(layout.rubrics);
        layout.rubrics += g.rubrics.size();
        for (const CheckedRubric& r : g.rubrics) layout.criteria += r.criteria.size();
    }
    layout.flag_bytes = (p.flags.size() + 7) / 8;
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
    // Every field is read and checked; only those some program reads are kept.
    layout.store = fields_read(record, read);
    return layout;
}

namespace {

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
void score_grid(const ColumnScoring& s, ScoringWorker& w, std::size_t g, const BatchInput& batch, std::size_t first, Scratch& sc,
                PartScores& out) {
    const Layout& layout = s.layout;
    const CheckedGrid& cg = s.plan.program.grids[g];
    const bool keep = s.keep_criteria;
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

}  // namespace

void score_part(const ColumnScoring& s, ScoringWorker& w, io::ColumnPart& input, PartScores& out) {
    const CompiledPolicy& p = s.plan.program;
    const Layout& layout = s.layout;
    const std::size_t rows = input.chunk.rows;
    out.rows = rows;
    out.grid.assign(rows, no_grid);
    out.score.assign(rows, 0);
    out.flags.assign(rows * layout.flag_bytes, 0);
    out.group.assign(rows, 0);
    out.order.assign(rows * layout.order_words, 0);
    if (s.keep_criteria) {
        out.states.assign(rows * layout.criteria, static_cast<std::uint8_t>(CriterionState::not_applied));
        out.points.assign(rows * layout.criteria, 0);
        out.rubric_totals.assign(rows * layout.rubrics, 0);
        out.flag_nulls.assign(rows * layout.flag_bytes, 0);
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
        for (std::size_t f = 0; f < s.record.fields.size(); ++f) {
            const Column& column = input.chunk.fields[s.field_columns.empty() ? f : s.field_columns[f]];
            views[f] = column.valid.empty() ? View{} : view_of(column, first);
        }
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
        std::uint8_t* flag_bytes = out.flags.data() + first * layout.flag_bytes;
        for (std::size_t f = 0; f < w.flags.size(); ++f) {
            const View v = w.flags[f].run(in);
            const std::size_t byte = f / 8, bit = f % 8;
            for (std::size_t i = 0; i < n; ++i)
                flag_bytes[i * layout.flag_bytes + byte] |= static_cast<std::uint8_t>(((v.valid[i] != 0) & (v.code[i] != 0)) << bit);
            if (s.keep_criteria) {
                std::uint8_t* null_bytes = out.flag_nulls.data() + first * layout.flag_bytes;
                for (std::size_t i = 0; i < n; ++i) null_bytes[i * layout.flag_bytes + byte] |= static_cast<std::uint8_t>((v.valid[i] == 0) << bit);
            }
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
        // Order words of the keys read from fields (text keys hold the pool code until positioning).
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
    out.rejected = std::move(input.rejected);
    out.rows_read = input.rows_read;
}

}  // namespace cotation
