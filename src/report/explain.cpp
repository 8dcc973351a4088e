// explain: the applicant's view of a score, with the policy's own labels.
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "report/audit_words.hpp"
#include "report/explain.hpp"
#include "plan/plan.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

std::string shown(const Value& v) {
    if (v.is_null()) return "(vide)";
    if (const bool* b = v.as_bool()) return *b ? "oui" : "non";
    if (auto n = v.as_number()) return format_number(*n);
    return format_value(v);
}

// The values a condition read, each named by its field's label.
std::string values_used(const CompiledPolicy& policy, const CheckedRecord& record, const std::vector<Value>& slots, const Expr* when) {
    if (!when) return {};
    std::vector<std::int32_t> used;
    add_read_slots(*when, used);
    std::string out;
    for (std::int32_t s : used)
        out += (out.empty() ? "" : ", ") + policy.field_label(record.name, record.slot_names[static_cast<std::size_t>(s)]) + " = " +
               shown(slots[static_cast<std::size_t>(s)]);
    return out;
}

std::string label_or_id(const std::string& label, const std::string& id) { return label.empty() ? id : label; }

// For each criterion of a `max` rubric that applied: whether it is the one that counts (the
// largest points, the first in file order among equals).
std::vector<bool> counted_in_max(const CheckedRubric& rubric, const std::vector<CriterionOutcome>& outcomes, std::size_t first) {
    std::vector<bool> counted(rubric.criteria.size(), false);
    std::optional<std::size_t> best;
    for (std::size_t c = 0; c < rubric.criteria.size(); ++c) {
        const CriterionOutcome& o = outcomes[first + c];
        if (o.state == CriterionState::applied && (!best || o.points > outcomes[first + *best].points)) best = c;
    }
    if (best) counted[*best] = true;
    return counted;
}

}  // namespace

std::string group_labels_fr(const CompiledPolicy& policy, const std::vector<Value>& group) {
    std::string out;
    for (std::size_t i = 0; i < group.size() && i < policy.ranking.within.size(); ++i) {
        const Expr& w = policy.ranking.within[i];
        std::string name = policy.ranking.within_text[i];
        const auto field_name = [&](const Expr& e) { return policy.field_label("demand", e.name); };
        if (w.op == Op::identifier && (w.ref == RefKind::field || w.ref == RefKind::derived)) name = field_name(w);
        else if (w.op == Op::call && w.function == Function::first && w.args.size() == 1 && w.args[0].op == Op::identifier &&
                 (w.args[0].ref == RefKind::field || w.args[0].ref == RefKind::derived))
            name = field_name(w.args[0]) + " (1er choix)";
        out += (i ? " ; " : "") + name + " : " + shown(group[i]);
    }
    return out;
}

std::string quartiles_fr(std::vector<double> scores) {
    if (scores.empty()) return {};
    std::sort(scores.begin(), scores.end());
    const std::size_t n = scores.size();
    // Nearest rank: the score at rank ceil(p·n) in ascending order.
    const auto at = [&](std::size_t num, std::size_t den) { return scores[(num * n + den - 1) / den - 1]; };
    return fmt::format("1er quartile {}, médiane {}, 3e quartile {} (de {} à {})", internal::number_fr(at(1, 4)),
                       internal::number_fr(at(1, 2)), internal::number_fr(at(3, 4)), internal::number_fr(scores.front()),
                       internal::number_fr(scores.back()));
}

std::string explain_scored(const CompiledPolicy& policy, const std::vector<Value>& slots, const ScoredDemand& d,
                           const EvalContext& context, std::vector<double> group_scores) {
    const CheckedRecord& record = policy.records[static_cast<std::size_t>(policy.demand_record)];
    std::string out;
    out += fmt::format("Demande {} — {}{} — au {}\n", d.id, policy.name, policy.version.empty() ? "" : " (version " + policy.version + ")",
                       format_date(context.as_of));
    if (!d.scored()) {
        out += fmt::format("Non cotée : {}\n", d.unscored_reason == "no_grid" ? "aucune grille ne s'applique à cette demande (no_grid)"
                                                                              : d.unscored_reason);
    } else {
        const auto grid = std::find_if(policy.grids.begin(), policy.grids.end(), [&](const CheckedGrid& g) { return g.id == d.grid; });
        out += fmt::format("Grille : {} ({})\n", label_or_id(grid->label, grid->id), grid->id);
        std::string applied, unknown, unverified;
        std::size_t index = 0;
        for (const CheckedRubric& r : grid->rubrics) {
            const std::vector<bool> counted = r.combine == Combine::max ? counted_in_max(r, d.criteria, index) : std::vector<bool>{};
            for (std::size_t k = 0; k < r.criteria.size(); ++k) {
                const CheckedCriterion& c = r.criteria[k];
                const CriterionOutcome& o = d.criteria[index++];
                const std::string name = label_or_id(r.label, r.id) + " › " + label_or_id(c.label, c.id);
                const std::string why = values_used(policy, record, slots, c.when ? &*c.when : nullptr);
                switch (o.state) {
                    case CriterionState::applied:
                        applied += fmt::format("  {:>7}  {}{}{}\n", fmt::format("{}{}", o.points >= 0 ? "+" : "", format_number(o.points)), name,
                                               why.empty() ? "" : "  [" + why + "]",
                                               counted.empty() ? ""
                                               : counted[k]    ? " — compte : le plus élevé de la rubrique"
                                                               : " — ne compte pas : seul le plus élevé de la rubrique compte");
                        break;
                    case CriterionState::unknown: {
                        std::string reason = c.when && !truth(evaluate(*c.when, context)).has_value()
                                                 ? "la condition ne peut pas être évaluée : donnée manquante"
                                                 : "les points ne peuvent pas être calculés : donnée manquante";
                        std::vector<std::int32_t> used;
                        if (c.when) add_read_slots(*c.when, used);
                        add_read_slots(c.points, used);
                        std::string missing;
                        for (std::int32_t s : used)
                            if (slots[static_cast<std::size_t>(s)].is_null())
                                missing += (missing.empty() ? "" : ", ") + policy.field_label(record.name, record.slot_names[static_cast<std::size_t>(s)]);
                        unknown += fmt::format("  ?  {} — {}{}\n", name, reason, missing.empty() ? "" : " (" + missing + ")");
                        break;
                    }
                    case CriterionState::unverified: {
                        std::string proofs;
                        for (std::int32_t s : c.requires_slots)
                            if (truth(slots[static_cast<std::size_t>(s)]) != true)
                                proofs += (proofs.empty() ? "" : ", ") + policy.field_label(record.name, record.slot_names[static_cast<std::size_t>(s)]) + " = " +
                                          shown(slots[static_cast<std::size_t>(s)]);
                        unverified += fmt::format("  !  {} — justificatif non validé ({})\n", name, proofs);
                        break;
                    }
                    case CriterionState::not_applied: break;
                }
            }
        }
        out += "Critères retenus :\n" + (applied.empty() ? std::string("  (aucun)\n") : applied);
        if (!unknown.empty()) out += "Critères inconnus :\n" + unknown;
        if (!unverified.empty()) out += "Critères non vérifiés :\n" + unverified;
        std::string rubrics;
        for (std::size_t i = 0; i < grid->rubrics.size(); ++i) {
            const CheckedRubric& r = grid->rubrics[i];
            std::string bounds;
            if (r.combine == Combine::max) bounds += "le plus élevé compte";
            if (r.cap) bounds += (bounds.empty() ? "" : ", ") + std::string("plafond ") + format_number(*r.cap);
            if (r.floor) bounds += (bounds.empty() ? "" : ", ") + std::string("plancher ") + format_number(*r.floor);
            rubrics += fmt::format("  {:>7}  {}{}\n", format_number(d.rubric_totals[i].second), label_or_id(r.label, r.id),
                                   bounds.empty() ? "" : " (" + bounds + ")");
        }
        out += "Rubriques :\n" + rubrics;
        std::string grid_bounds;
        if (grid->cap) grid_bounds += "plafond " + format_number(*grid->cap);
        if (grid->floor) grid_bounds += (grid_bounds.empty() ? "" : ", ") + std::string("plancher ") + format_number(*grid->floor);
        out += fmt::format("Score : {}{}\n", format_number(d.score), grid_bounds.empty() ? "" : " (" + grid_bounds + ")");
        if (d.rank > 0) {
            const std::string group = group_labels_fr(policy, d.group);
            out += fmt::format("Positionnement : rang {} sur {} demande{}{}, percentile {}\n", d.rank, d.group_size, d.group_size > 1 ? "s" : "",
                               group.empty() ? "" : " du même groupe (" + group + ")", d.percentile);
            if (group_scores.size() > 1) {  // alone in its group, the quartiles would only repeat its score
                const std::size_t n = group_scores.size();
                out += fmt::format("Scores des {} demandes {} : {}\n", n, group.empty() ? "cotées" : "du groupe", quartiles_fr(std::move(group_scores)));
            }
        }
    }
    std::string flags;
    for (const CheckedFlag& f : policy.flags)
        if (std::find(d.flags.begin(), d.flags.end(), f.id) != d.flags.end()) flags += "  - " + label_or_id(f.label, f.id) + "\n";
    out += "Indicateurs :\n" + (flags.empty() ? std::string("  (aucun)\n") : flags);
    return out;
}

std::string average_wait_text(const CompiledPolicy& policy, const ScoredDemand& d, const DataTable& allocations,
                              const EvalContext& context) {
    if (policy.allocation_record < 0 || policy.demand_record < 0) return {};
    const CheckedRecord& alloc = policy.records[static_cast<std::size_t>(policy.allocation_record)];
    const CheckedRecord& demand = policy.records[static_cast<std::size_t>(policy.demand_record)];
    const std::int32_t filed = alloc.slot_of("filed_on"), signed_on = alloc.slot_of("lease_signed_on");
    if (filed < 0 || signed_on < 0) return "Délai d'attente moyen : non disponible (les attributions n'ont pas filed_on et lease_signed_on)\n";
    // An allocation's group: the `within` expressions read each demand field from the allocation
    // field of the same name, or, for a `wished_x` field, from the allocation's `x` (or `x` less a
    // final s): wished_typology -> typology, wished_communes -> commune.
    std::vector<std::int32_t> source(demand.slot_count(), -1);
    for (std::size_t s = 0; s < demand.fields.size(); ++s) {
        const std::string& name = demand.slot_names[s];
        std::int32_t a = alloc.slot_of(name);
        if (a < 0 && name.rfind("wished_", 0) == 0) {
            std::string base = name.substr(7);
            a = alloc.slot_of(base);
            if (a < 0 && !base.empty() && base.back() == 's') a = alloc.slot_of(base.substr(0, base.size() - 1));
        }
        source[s] = a;
    }
    const Date since = date_from_civil(civil_from_date(context.as_of).year - 1, civil_from_date(context.as_of).month,
                                       civil_from_date(context.as_of).day);
    double total_months = 0;
    std::int64_t count = 0;
    std::vector<Value> shaped(demand.slot_count());
    EvalContext ctx = context;
    ctx.row = &shaped;
    for (const auto& row : allocations.rows) {
        const Value& f = row[static_cast<std::size_t>(filed)];
        const Value& l = row[static_cast<std::size_t>(signed_on)];
        if (f.is_null() || l.is_null() || *l.as_date() <= since || *l.as_date() > context.as_of) continue;
        for (std::size_t s = 0; s < demand.fields.size(); ++s) {
            shaped[s] = Value();
            if (source[s] < 0) continue;
            const Value& v = row[static_cast<std::size_t>(source[s])];
            const bool want_list = demand.slot_types[s].kind == TypeKind::list;
            shaped[s] = want_list && !v.is_null() && !v.as_list() ? Value(List{v}) : v;
        }
        bool same = true;
        for (std::size_t w = 0; w < policy.ranking.within.size() && same; ++w)
            same = evaluate(policy.ranking.within[w], ctx) == d.group[w];
        if (!same) continue;
        total_months += static_cast<double>(months_between(*f.as_date(), *l.as_date()));
        ++count;
    }
    if (count == 0) return "Délai d'attente moyen : aucune attribution comparable sur les 12 derniers mois\n";
    return fmt::format("Délai d'attente moyen : {} mois ({} attribution{} comparable{} sur les 12 derniers mois)\n",
                       format_number(round_half_away(total_months / static_cast<double>(count), 1)), count,
                       count > 1 ? "s" : "", count > 1 ? "s" : "");
}

std::string explain_demand(const Policy& policy, const DataTable& demands, const std::string& id,
                           const ExplainOptions& options, std::string& error) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    ScoreRun run = score_demands(policy, demands, ScoreOptions{options.as_of, options.parameter_overrides});
    if (!run.ok()) {
        error = run.error;
        return {};
    }
    const auto it = std::find_if(run.demands.begin(), run.demands.end(), [&](const ScoredDemand& d) { return d.id == id; });
    if (it == run.demands.end()) {
        error = "no demand with id '" + id + "'";
        return {};
    }
    const std::size_t index = static_cast<std::size_t>(it - run.demands.begin());
    // score_demands made the same plan: it cannot fail here.
    const Result<Plan> plan = make_plan(p, options.as_of, options.parameter_overrides);
    EvalContext ctx = plan->context();
    std::vector<Value> slots = demands.rows[index];
    compute_derived(p.records[static_cast<std::size_t>(p.demand_record)], slots, ctx);
    ctx.row = &slots;
    std::vector<double> group_scores;
    if (it->rank > 0)
        for (const ScoredDemand& other : run.demands)
            if (other.rank > 0 && other.group == it->group) group_scores.push_back(other.score);
    std::string out = explain_scored(p, slots, *it, ctx, std::move(group_scores));
    if (options.allocations && it->scored()) out += average_wait_text(p, *it, *options.allocations, ctx);
    // R441-2-17 CCH: the applicant is told that the score is an aid to the commission's decision.
    out += std::string(internal::score_does_not_decide) + " " + std::string(internal::decision_aid_statement) + "\n";
    return out;
}

}  // namespace cotation
