// audit: counting allocations against the CIA quotas (section 4 of the policy format), and the
// what-if of candidate allocations, over tables of rows; the counting rules are quota_counting's.
#include "cotation/audit.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "audit/quota_counting.hpp"
#include "eval/group_key.hpp"

namespace cotation {

std::string_view status_name(QuotaStatus status) {
    switch (status) {
        case QuotaStatus::met: return "met";
        case QuotaStatus::not_met: return "not_met";
        case QuotaStatus::no_data: return "no_data";
    }
    return "no_data";
}

std::string_view direction_name(int direction) { return direction > 0 ? "towards" : direction < 0 ? "away" : "none"; }

using namespace audit;

AuditRun audit_allocations(const Policy& policy, const DataTable& allocations, const AuditOptions& options) {
    AuditRun run;
    run.from = options.from;
    run.to = options.to;
    Result<Setup> setup = prepare(policy, options);
    if (!setup) {
        run.error = setup.error().message;
        return run;
    }
    run.as_of = setup->plan.as_of;
    const CompiledPolicy& p = setup->plan.program;
    const CheckedRecord& record = *setup->record;
    if (std::string problem = table_problem(allocations, record); !problem.empty()) {
        run.error = "the allocations cannot be read: " + problem;
        return run;
    }
    const EvalContext ctx = setup->plan.context();

    // A row whose period field is null for any quota is rejected as a whole; the derived fields are
    // computed only when a period field needs them or the row is in the period.
    const std::vector<std::int32_t>& period_slots = setup->period_slots;
    const bool periods_are_inputs = std::all_of(period_slots.begin(), period_slots.end(), [&](std::int32_t s) {
        return static_cast<std::size_t>(s) < record.fields.size();
    });
    const auto in_period = [&](const std::vector<Value>& slots, std::int32_t slot) {
        const Date d = *slots[static_cast<std::size_t>(slot)].as_date();
        return options.from <= d && d <= options.to;
    };

    std::vector<Counts> overall(p.quotas.size());
    // Groups are found by their key's bytes (hashing), then sorted once by their values.
    std::vector<std::unordered_map<std::string, std::size_t>> group_index(p.quotas.size());
    std::vector<std::vector<std::pair<Key, Counts>>> group_list(p.quotas.size());
    std::vector<Value> slots;
    std::string bytes;
    for (std::size_t i = 0; i < allocations.rows.size(); ++i) {
        slots = allocations.rows[i];
        bool derived = false;
        if (!periods_are_inputs) {
            compute_derived(record, slots, ctx);
            derived = true;
        }
        const auto null_period = std::find_if(period_slots.begin(), period_slots.end(), [&](std::int32_t s) {
            return slots[static_cast<std::size_t>(s)].as_date() == nullptr;
        });
        if (null_period != period_slots.end()) {
            run.null_period_rows.push_back(i);
            run.period_rejects.push_back(period_reject(record, *null_period, i < allocations.row_lines.size() ? allocations.row_lines[i] : i + 1));
            continue;
        }
        const bool any_in = std::any_of(period_slots.begin(), period_slots.end(), [&](std::int32_t s) { return in_period(slots, s); });
        if (!any_in) {
            ++run.rows_outside_period;
            continue;
        }
        ++run.rows_in_period;
        if (!derived) compute_derived(record, slots, ctx);
        for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
            const CheckedQuota& q = p.quotas[qi];
            if (!in_period(slots, q.period_slot)) continue;
            const Tally t = tally(q, slots, ctx);
            add(overall[qi], t);
            if (q.by_slots.empty()) continue;
            bytes.clear();
            for (std::int32_t s : q.by_slots) append_key_bytes(bytes, slots[static_cast<std::size_t>(s)]);
            auto [it, fresh] = group_index[qi].try_emplace(bytes, group_list[qi].size());
            if (fresh) group_list[qi].emplace_back(group_key(q, slots), Counts{});
            add(group_list[qi][it->second].second, t);
        }
    }
    std::vector<std::map<Key, Counts, KeyLess>> groups(p.quotas.size());
    for (std::size_t qi = 0; qi < p.quotas.size(); ++qi)
        for (auto& [key, counts] : group_list[qi]) groups[qi].emplace(std::move(key), counts);

    finish_results(p, record, overall, groups, run);
    return run;
}

std::vector<WhatIfEffect> what_if(const Policy& policy, const AuditRun& current, const DataTable& candidates,
                                  const AuditOptions& options, std::string& error) {
    std::vector<WhatIfEffect> effects;
    if (!current.ok()) {
        error = current.error;
        return effects;
    }
    Result<Setup> setup = prepare(policy, options);
    if (!setup) {
        error = setup.error().message;
        return effects;
    }
    const CompiledPolicy& p = setup->plan.program;
    const CheckedRecord& record = *setup->record;
    if (std::string problem = table_problem(candidates, record); !problem.empty()) {
        error = "the candidates cannot be read: " + problem;
        return effects;
    }
    const EvalContext ctx = setup->plan.context();

    // The current result of a group of a quota; a group with no row in the period starts at 0.
    const auto current_of = [&](const CheckedQuota& q, const Key* key) {
        for (const QuotaGroupResult& r : current.results) {
            if (r.quota != q.id) continue;
            if (!key) {
                if (r.overall()) return r;
                continue;
            }
            if (r.group.size() != key->size()) continue;
            bool same = true;
            for (std::size_t i = 0; i < key->size() && same; ++i) same = compare_values(r.group[i].second, (*key)[i]) == 0;
            if (same) return r;
        }
        return make_result(q, record, key, Counts{});
    };

    std::vector<Value> slots;
    for (std::size_t c = 0; c < candidates.rows.size(); ++c) {
        slots = candidates.rows[c];
        compute_derived(record, slots, ctx);
        const std::string id = record.key_slot >= 0 ? format_value(slots[static_cast<std::size_t>(record.key_slot)]) : std::to_string(c + 1);
        for (const CheckedQuota& q : p.quotas) {
            const Tally t = tally(q, slots, ctx);
            if (t == Tally::out_of_scope) continue;
            const Key key = group_key(q, slots);
            const auto effect = [&](const Key* k) {
                WhatIfEffect e;
                e.candidate = id;
                e.candidate_row = c;
                e.before = current_of(q, k);
                Counts counts{e.before.k, e.before.n, e.before.unknown};
                add(counts, t);
                e.after = make_result(q, record, k, counts);
                e.direction = direction_of(group_target(q, k), e.before, e.after);
                effects.push_back(std::move(e));
            };
            effect(nullptr);
            if (!q.by_slots.empty()) effect(&key);
        }
    }
    return effects;
}

std::vector<WhatIfEffect> what_if(const Policy& policy, const DataTable& allocations, const DataTable& candidates,
                                  const AuditOptions& options, std::string& error) {
    const AuditRun run = audit_allocations(policy, allocations, options);
    if (!run.ok()) {
        error = run.error;
        return {};
    }
    return what_if(policy, run, candidates, options, error);
}

}  // namespace cotation
