#include "score/scorer.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include "check/policy_access.hpp"

namespace cotation {

std::string_view state_name(CriterionState state) {
    switch (state) {
        case CriterionState::applied: return "applied";
        case CriterionState::unknown: return "unknown";
        case CriterionState::unverified: return "unverified";
        case CriterionState::not_applied: return "not_applied";
    }
    return "not_applied";
}

ScoredDemand score_row(const CompiledPolicy& policy, const std::vector<Value>& slots, const EvalContext& context) {
    ScoredDemand out;
    EvalContext ctx = context;
    ctx.row = &slots;
    const CheckedRecord& demand = policy.records[static_cast<std::size_t>(policy.demand_record)];
    if (demand.key_slot >= 0) out.id = format_value(slots[static_cast<std::size_t>(demand.key_slot)]);
    for (const CheckedFlag& f : policy.flags)
        if (truth(evaluate(f.when, ctx)) == true) out.flags.push_back(f.id);
    for (const Expr& w : policy.ranking.within) out.group.push_back(evaluate(w, ctx));

    const CheckedGrid* grid = nullptr;
    for (const CheckedGrid& g : policy.grids) {
        if (g.record != policy.demand_record) continue;
        if (!g.applies_when || truth(evaluate(*g.applies_when, ctx)) == true) {
            grid = &g;
            break;
        }
    }
    if (!grid) {
        out.unscored_reason = "no_grid";
        return out;
    }
    if (demand.key_slot >= 0 && slots[static_cast<std::size_t>(demand.key_slot)].is_null()) {
        out.unscored_reason = "missing_key";
        return out;
    }
    out.grid = grid->id;
    std::size_t criteria = 0;
    for (const CheckedRubric& r : grid->rubrics) criteria += r.criteria.size();
    out.criteria.reserve(criteria);
    out.rubric_totals.reserve(grid->rubrics.size());
    double total = 0;
    for (const CheckedRubric& r : grid->rubrics) {
        double rubric_total = 0;
        bool any = false;
        for (const CheckedCriterion& c : r.criteria) {
            CriterionOutcome& o = out.criteria.emplace_back(CriterionOutcome{r.id, c.id, CriterionState::not_applied, 0});
            const std::optional<bool> when = c.when ? truth(evaluate(*c.when, ctx)) : std::optional<bool>(true);
            if (!when) {
                o.state = CriterionState::unknown;
            } else if (*when) {
                const bool proven = std::all_of(c.requires_slots.begin(), c.requires_slots.end(), [&](std::int32_t s) {
                    return truth(slots[static_cast<std::size_t>(s)]) == true;
                });
                if (!proven) {
                    o.state = CriterionState::unverified;
                } else {
                    const Value points = evaluate(c.points, ctx);
                    if (const double* p = points.as_number()) {
                        o.state = CriterionState::applied;
                        o.points = *p;
                        rubric_total = !any ? *p : r.combine == Combine::sum ? rubric_total + *p : std::max(rubric_total, *p);
                        any = true;
                    } else {
                        o.state = CriterionState::unknown;  // null points contribute 0
                    }
                }
            }
        }
        rubric_total = clamp_bounds(rubric_total, r.floor, r.cap);
        out.rubric_totals.emplace_back(r.id, rubric_total);
        total += rubric_total;
    }
    out.score = round_half_away(clamp_bounds(total, grid->floor, grid->cap), 2);
    return out;
}

std::vector<Value> order_values(const std::vector<SortKey>& order, const std::vector<Value>& slots) {
    std::vector<Value> keys;
    for (const SortKey& k : order)
        if (!k.by_score) keys.push_back(slots[static_cast<std::size_t>(k.slot)]);
    return keys;
}

bool order_before(const std::vector<SortKey>& order, const OrderedRow& a, const OrderedRow& b) {
    std::size_t key = 0;
    for (const SortKey& k : order) {
        int c;
        if (k.by_score) {
            c = a.score < b.score ? -1 : a.score > b.score ? 1 : 0;
        } else {
            const Value& x = a.keys[key];
            const Value& y = b.keys[key];
            ++key;
            if (x.is_null() || y.is_null()) {  // nulls last in either direction
                c = compare_values(x, y);
                if (c != 0) return c < 0;
                continue;
            }
            c = compare_values(x, y);
        }
        if (c != 0) return k.descending ? c > 0 : c < 0;
    }
    // Only rows with the same key get here: the file's order decides between them.
    return a.index < b.index;
}

std::optional<Plan> demand_plan(const CompiledPolicy& policy, Date as_of, const ParameterOverrides& overrides, std::string& error) {
    if (policy.demand_record < 0) {
        error = "the policy declares no `demand` record";
        return std::nullopt;
    }
    Result<Plan> plan = make_plan(policy, as_of, overrides);
    if (!plan) {
        error = plan.error().message;
        return std::nullopt;
    }
    return std::move(*plan);
}

ScoreRun score_demands(const Policy& policy, const DataTable& demands, const ScoreOptions& options) {
    ScoreRun run;
    const std::optional<Plan> plan = demand_plan(internal::PolicyAccess::compiled(policy), options.as_of, options.parameter_overrides, run.error);
    if (!plan) return run;
    const CompiledPolicy& p = plan->program;
    const CheckedRecord& demand = p.records[static_cast<std::size_t>(p.demand_record)];
    if (std::string problem = table_problem(demands, demand); !problem.empty()) {
        run.error = "the demands cannot be read: " + problem;
        return run;
    }
    const EvalContext ctx = plan->context();
    std::vector<OrderedRow> ordered;
    run.demands.reserve(demands.rows.size());
    std::vector<Value> slots;
    for (std::size_t i = 0; i < demands.rows.size(); ++i) {
        slots = demands.rows[i];
        compute_derived(demand, slots, ctx);
        ScoredDemand d = score_row(p, slots, ctx);
        if (d.scored()) {
            ++run.scored;
            ordered.push_back(OrderedRow{i, d.score, order_values(p.ranking.order, slots)});
        } else {
            ++run.unscored;
        }
        run.demands.push_back(std::move(d));
    }
    // Positioning: group by `within`, order by ranking.order; the input order plays no part.
    std::sort(ordered.begin(), ordered.end(), [&](const OrderedRow& a, const OrderedRow& b) {
        const auto& ga = run.demands[a.index].group;
        const auto& gb = run.demands[b.index].group;
        for (std::size_t k = 0; k < ga.size(); ++k)
            if (int c = compare_values(ga[k], gb[k])) return c < 0;
        return order_before(p.ranking.order, a, b);
    });
    for (std::size_t start = 0; start < ordered.size();) {
        std::size_t end = start + 1;
        const auto& group = run.demands[ordered[start].index].group;
        while (end < ordered.size()) {
            const auto& other = run.demands[ordered[end].index].group;
            bool same = true;
            for (std::size_t k = 0; k < group.size() && same; ++k) same = compare_values(group[k], other[k]) == 0;
            if (!same) break;
            ++end;
        }
        const auto size = static_cast<std::int64_t>(end - start);
        for (std::size_t r = start; r < end; ++r) {
            ScoredDemand& d = run.demands[ordered[r].index];
            d.rank = static_cast<std::int64_t>(r - start) + 1;
            d.group_size = size;
            d.percentile = percentile_of(d.rank, size);
        }
        start = end;
    }
    return run;
}

}  // namespace cotation
