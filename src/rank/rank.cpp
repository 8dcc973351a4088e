// rank: the eligible demands for one offer, in the matching order, with their CIA impact.
#include "cotation/rank.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "check/compiled.hpp"
#include "core/value_check.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"
#include "score/scorer.hpp"
#include "io/yaml_values.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

// "tax_income = 21000, offer.financing = PLUS": the fields a condition reads and their values.
void values_read(const Expr& e, const CheckedRecord& demand, const CheckedRecord& offer, const std::vector<Value>& slots,
                 const std::vector<Value>& offer_slots, std::vector<std::string>& seen, std::string& out) {
    if (e.op == Op::identifier && (e.ref == RefKind::field || e.ref == RefKind::derived || e.ref == RefKind::offer_field)) {
        const bool of_offer = e.ref == RefKind::offer_field;
        const auto slot = static_cast<std::size_t>(e.slot);
        const std::string name = of_offer ? "offer." + offer.slot_names[slot] : demand.slot_names[slot];
        if (std::find(seen.begin(), seen.end(), name) == seen.end()) {
            seen.push_back(name);
            const Value& v = of_offer ? offer_slots[slot] : slots[slot];
            out += (out.empty() ? "" : ", ") + name + " = " + (v.is_null() ? std::string("(vide)") : format_value(v));
        }
    }
    for (const Expr& a : e.args) values_read(a, demand, offer, slots, offer_slots, seen, out);
}

}  // namespace

std::optional<Offer> read_offer_text(const Policy& policy, const std::string& yaml, std::string& error) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    if (p.offer_record < 0) {
        error = "the policy declares no `offer` record";
        return std::nullopt;
    }
    const CheckedRecord& record = p.records[static_cast<std::size_t>(p.offer_record)];
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
        error = "YAML syntax at line " + std::to_string(e.mark.line + 1) + ": " + e.msg;
        return std::nullopt;
    }
    if (!root.IsMap()) {
        error = "an offer is a mapping of its fields (id: ..., commune: ..., ...)";
        return std::nullopt;
    }
    std::vector<std::string> problems;
    Offer offer;
    offer.fields = yaml_record_values(root, record.fields, "offer", problems);
    if (!problems.empty()) {
        error.clear();
        for (const std::string& p : problems) error += (error.empty() ? "" : "; ") + p;
        return std::nullopt;
    }
    if (record.key_slot >= 0) offer.id = format_value(offer.fields[static_cast<std::size_t>(record.key_slot)]);
    return offer;
}

std::optional<Offer> read_offer_file(const Policy& policy, const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path;
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    return read_offer_text(policy, text.str(), error);
}

std::vector<Value> candidate_allocation(const Policy& policy, const std::vector<Value>& demand_slots, const Offer& offer, Date as_of) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    const CheckedRecord& alloc = p.records[static_cast<std::size_t>(p.allocation_record)];
    const CheckedRecord& demand = p.records[static_cast<std::size_t>(p.demand_record)];
    const CheckedRecord* offer_record = p.offer_record >= 0 ? &p.records[static_cast<std::size_t>(p.offer_record)] : nullptr;
    std::vector<Value> row(alloc.fields.size());
    for (std::size_t i = 0; i < alloc.fields.size(); ++i) {
        const FieldSpec& f = alloc.fields[i];
        if (static_cast<std::int32_t>(i) == alloc.key_slot && demand.key_slot >= 0) {
            row[i] = Value("candidate:" + format_value(demand_slots[static_cast<std::size_t>(demand.key_slot)]));
            continue;
        }
        if (f.name == "lease_signed_on") {
            row[i] = Value(as_of);
            continue;
        }
        if (f.name == "demand_id" && demand.key_slot >= 0) {
            row[i] = demand_slots[static_cast<std::size_t>(demand.key_slot)];
            continue;
        }
        const std::int32_t o = offer_record ? offer_record->slot_of(f.name) : -1;
        if (o >= 0 && static_cast<std::size_t>(o) < offer.fields.size()) {
            row[i] = offer.fields[static_cast<std::size_t>(o)];
            continue;
        }
        const std::int32_t d = demand.slot_of(f.name);
        if (d >= 0) row[i] = demand_slots[static_cast<std::size_t>(d)];
    }
    return row;
}

RankRun rank_candidates(const Policy& policy, const DataTable& demands, const Offer& offer, const RankOptions& options) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    RankRun run;
    if (!p.matching) {
        run.error = "the policy has no `matching` section";
        return run;
    }
    if (p.demand_record < 0 || p.offer_record < 0) {
        run.error = "matching needs the records `demand` and `offer`";
        return run;
    }
    // An offer built by hand is checked like any value given to the library.
    const std::vector<FieldSpec>& offer_fields = p.records[static_cast<std::size_t>(p.offer_record)].fields;
    if (offer.fields.size() != offer_fields.size()) {
        run.error = "the offer holds " + std::to_string(offer.fields.size()) + " values for the " + std::to_string(offer_fields.size()) +
                    " fields of the `offer` record";
        return run;
    }
    for (std::size_t f = 0; f < offer_fields.size(); ++f)
        if (auto problem = check_field_value(offer_fields[f].name, offer_fields[f].type, offer.fields[f])) {
            run.error = "the offer cannot be read: " + problem->message + " (" + problem->code + ")";
            return run;
        }
    const Result<Plan> plan = make_plan(p, options.as_of, options.parameter_overrides);
    if (!plan) {
        run.error = plan.error().message;
        return run;
    }
    // Positioning is that of the whole demand file, as `score` gives it.
    ScoreRun scored = score_demands(policy, demands, ScoreOptions{options.as_of, options.parameter_overrides});
    if (!scored.ok()) {
        run.error = scored.error;
        return run;
    }
    const CheckedRecord& demand = p.records[static_cast<std::size_t>(p.demand_record)];
    EvalContext ctx = plan->context();
    std::vector<Value> offer_slots = offer.fields;  // the offer's derived fields too
    compute_derived(p.records[static_cast<std::size_t>(p.offer_record)], offer_slots, ctx);
    ctx.offer = &offer_slots;
    std::vector<OrderedRow> eligible;
    std::vector<std::vector<Value>> slots_of(demands.rows.size());
    for (std::size_t i = 0; i < demands.rows.size(); ++i) {
        std::vector<Value> slots = demands.rows[i];
        compute_derived(demand, slots, ctx);
        ctx.row = &slots;
        std::vector<ConditionOutcome> outcomes;
        bool all = true;
        const ScoredDemand& d = scored.demands[i];
        const bool explained = std::find(options.why.begin(), options.why.end(), d.id) != options.why.end();
        for (const CheckedCondition& c : p.matching->eligible_when) {
            const auto held = truth(evaluate(c.when, ctx));
            std::string values;
            if (explained) {
                std::vector<std::string> seen;
                values_read(c.when, demand, p.records[static_cast<std::size_t>(p.offer_record)], slots, offer_slots, seen, values);
            }
            outcomes.push_back(ConditionOutcome{c.id, c.label, held, std::move(values)});
            all = all && held == true;
        }
        run.conditions.emplace_back(d.id, std::move(outcomes));
        if (!d.scored()) {
            ++run.unscored;
        } else if (!all) {
            ++run.ineligible;
        } else {
            ++run.eligible;
            eligible.push_back(OrderedRow{i, d.score, order_values(p.matching->order, slots)});
        }
        slots_of[i] = std::move(slots);
    }
    std::sort(eligible.begin(), eligible.end(), [&](const OrderedRow& a, const OrderedRow& b) {
        return order_before(p.matching->order, a, b);
    });
    const std::size_t shown = std::min(options.top, eligible.size());
    DataTable candidates;
    if (options.allocations && p.allocation_record >= 0) candidates.fields = policy.fields("allocation");
    for (std::size_t k = 0; k < shown; ++k) {
        const std::size_t i = eligible[k].index;
        run.candidates.push_back(Candidate{static_cast<std::int64_t>(k + 1), scored.demands[i], {}});
        if (options.allocations && p.allocation_record >= 0) {
            candidates.rows.push_back(candidate_allocation(policy, slots_of[i], offer, options.as_of));
            ++candidates.rows_read;
        }
    }
    if (options.allocations && p.allocation_record >= 0 && !candidates.rows.empty()) {
        // Every allocation of the file counts (the file is the year's allocations); parameters at as_of.
        AuditOptions audit{Date{-10'000'000}, Date{10'000'000}, options.as_of, options.parameter_overrides};
        std::string error;
        AuditRun current = audit_allocations(policy, *options.allocations, audit);
        if (!current.ok()) {
            run.error = current.error;
            return run;
        }
        run.allocations_counted = current.rows_in_period;
        std::vector<WhatIfEffect> effects = what_if(policy, current, candidates, audit, error);
        if (!error.empty()) {
            run.error = error;
            return run;
        }
        for (WhatIfEffect& e : effects) run.candidates[e.candidate_row].impact.push_back(std::move(e));
    }
    return run;
}

}  // namespace cotation
