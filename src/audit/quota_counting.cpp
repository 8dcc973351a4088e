// audit: how one allocation counts for the quotas (see quota_counting.hpp).
#include "audit/quota_counting.hpp"

#include <algorithm>

#include "audit/target_math.hpp"
#include "check/policy_access.hpp"
#include "core/text_copy.hpp"

namespace cotation::audit {

namespace {

// Position of `slot` in the quota's `by`; -1 when it is not there.
std::ptrdiff_t by_position(const CheckedQuota& q, std::int32_t slot) {
    auto it = std::find(q.by_slots.begin(), q.by_slots.end(), slot);
    return it == q.by_slots.end() ? -1 : it - q.by_slots.begin();
}

bool override_matches(const CheckedQuota& q, const CheckedOverride& o, const Key& key) {
    for (const auto& [slot, value] : o.where) {
        const std::ptrdiff_t pos = by_position(q, slot);
        if (pos < 0 || static_cast<std::size_t>(pos) >= key.size() || compare_values(key[static_cast<std::size_t>(pos)], value) != 0)
            return false;
    }
    return true;
}

std::string where_text(const CheckedOverride& o, const CheckedRecord& record) {
    std::string out;
    for (const auto& [slot, value] : o.where) {
        if (!out.empty()) out += ", ";
        out += record.slot_names[static_cast<std::size_t>(slot)] + " = ";
        if (value.is_null()) out += "null";
        else if (value.as_string()) out += "\"" + *value.as_string() + "\"";
        else out += format_value(value);
    }
    return out;
}

int sign(audit::wide v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

// Compares the shares k1/n1 and k0/n0 (both n > 0): sign of k1/n1 − k0/n0.
int share_change(const QuotaGroupResult& before, const QuotaGroupResult& after) {
    return sign(audit::wide(after.k) * before.n - audit::wide(before.k) * after.n);
}

}  // namespace

Tally tally(const CheckedQuota& q, const std::vector<Value>& slots, const EvalContext& context) {
    EvalContext ctx = context;
    ctx.row = &slots;
    if (q.scope) {
        const auto in_scope = truth(evaluate(*q.scope, ctx));
        if (!in_scope) return Tally::unknown;
        if (!*in_scope) return Tally::out_of_scope;  // `meets` does not matter outside the scope
    }
    const auto meets = truth(evaluate(q.meets, ctx));
    if (!meets) return Tally::unknown;
    return *meets ? Tally::meeting : Tally::not_meeting;
}

void add(Counts& c, Tally t) {
    switch (t) {
        case Tally::out_of_scope: break;
        case Tally::not_meeting: ++c.n; break;
        case Tally::meeting: ++c.n; ++c.k; break;
        case Tally::unknown: ++c.unknown; break;
    }
}

void subtract(Counts& c, Tally t) {
    switch (t) {
        case Tally::out_of_scope: break;
        case Tally::not_meeting: --c.n; break;
        case Tally::meeting: --c.n; --c.k; break;
        case Tally::unknown: --c.unknown; break;
    }
}

Key group_key(const CheckedQuota& q, const std::vector<Value>& slots) {
    Key key;
    key.reserve(q.by_slots.size());
    for (std::int32_t s : q.by_slots) key.push_back(slots[static_cast<std::size_t>(s)]);
    return key;
}

// The target of a group: the first override, in file order, whose `where` matches; the overall
// row keeps the quota's own target.
const Target& group_target(const CheckedQuota& q, const Key* key) {
    if (key)
        for (const CheckedOverride& o : q.overrides)
            if (override_matches(q, o, *key)) return o.target;
    return q.target;
}

QuotaGroupResult make_result(const CheckedQuota& q, const CheckedRecord& record, const Key* key, const Counts& c) {
    QuotaGroupResult r;
    fill_result(r, q, record, key, c);
    return r;
}

void fill_result(QuotaGroupResult& r, const CheckedQuota& q, const CheckedRecord& record, const Key* key, const Counts& c) {
    assign_text(r.quota, q.id);
    assign_text(r.label, q.label);
    r.group.resize(key ? q.by_slots.size() : 0);
    for (std::size_t i = 0; i < r.group.size(); ++i) {
        assign_text(r.group[i].first, record.slot_names[static_cast<std::size_t>(q.by_slots[i])]);
        r.group[i].second = (*key)[i];
    }
    r.k = c.k;
    r.n = c.n;
    r.unknown = c.unknown;
    const Target& t = group_target(q, key);
    assign_text(r.target, t.text);
    r.status = c.n == 0 ? QuotaStatus::no_data : audit::target_holds(t, c.k, c.n) ? QuotaStatus::met : QuotaStatus::not_met;
    const audit::Gap g = audit::target_gap(t, c.k, c.n);
    r.gap = g.gap;
    r.exceeded_by = g.exceeded_by;
}

Result<Setup> prepare(const Policy& policy, const AuditOptions& options) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    if (p.allocation_record < 0) return Error{"E0709", "the policy declares no `allocation` record"};
    if (p.quotas.empty()) return Error{"E0709", "the policy declares no quotas"};
    if (options.to < options.from)
        return Error{"E0709", "the period ends (" + format_date(options.to) + ") before it starts (" + format_date(options.from) + ")"};
    for (const CheckedQuota& q : p.quotas)
        if (q.record != p.allocation_record)
            return Error{"E0709", "quota '" + q.id + "' counts record '" + p.records[static_cast<std::size_t>(q.record)].name +
                                      "'; an audit counts `allocation` rows"};
    Result<Plan> plan = make_plan(p, options.as_of ? *options.as_of : options.to, options.parameter_overrides);
    if (!plan) return plan.error();
    Setup s{std::move(plan.value()), nullptr, {}};
    s.record = &s.plan.record(s.plan.program.allocation_record);
    for (const CheckedQuota& q : s.plan.program.quotas)
        if (std::find(s.period_slots.begin(), s.period_slots.end(), q.period_slot) == s.period_slots.end()) s.period_slots.push_back(q.period_slot);
    return s;
}

// A row rejected because its period field (the first of the quotas' that is empty) is null.
RejectedRow period_reject(const CheckedRecord& record, std::int32_t slot, std::uint64_t line) {
    return RejectedRow{line, record.slot_names[static_cast<std::size_t>(slot)], "", "the period field is empty"};
}

// Results from the counts: overrides applied (and warned about when they match no group), the
// overall row first, then the groups in the order of their key values.
void finish_results(const CompiledPolicy& p, const CheckedRecord& record, const std::vector<Counts>& overall,
                    std::vector<std::map<Key, Counts, KeyLess>>& groups, AuditRun& run) {
    for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
        const CheckedQuota& q = p.quotas[qi];
        auto& by_group = groups[qi];
        // An override that matches no group of the data: warned about; when it names every `by`
        // field, its group is shown all the same, with n = 0.
        for (const CheckedOverride& o : q.overrides) {
            const bool matched = std::any_of(by_group.begin(), by_group.end(),
                                             [&](const auto& g) { return override_matches(q, o, g.first); });
            if (matched || q.by_slots.empty()) continue;
            run.warnings.push_back("quota '" + q.id + "': the override where " + where_text(o, record) +
                                   " (target \"" + o.target.text + "\") matches no allocation of the period");
            Key key(q.by_slots.size());
            std::vector<bool> set(q.by_slots.size(), false);
            for (const auto& [slot, value] : o.where) {
                const std::ptrdiff_t pos = by_position(q, slot);
                if (pos < 0) continue;
                key[static_cast<std::size_t>(pos)] = value;
                set[static_cast<std::size_t>(pos)] = true;
            }
            if (std::all_of(set.begin(), set.end(), [](bool b) { return b; })) by_group.try_emplace(std::move(key));
        }
        run.results.push_back(make_result(q, record, nullptr, overall[qi]));
        for (const auto& [key, counts] : by_group) run.results.push_back(make_result(q, record, &key, counts));
    }
}

// Direction of a what-if: +1 when `after` is closer to meeting the target than `before`.
int direction_of(const Target& t, const QuotaGroupResult& before, const QuotaGroupResult& after) {
    switch (t.kind) {
        case TargetKind::at_least_count: return sign(audit::wide(after.k) - before.k);   // one more meeting row: closer
        case TargetKind::at_most_count: return -sign(audit::wide(after.k) - before.k);   // one more meeting row: less room
        case TargetKind::at_least_percent:
        case TargetKind::at_most_percent: break;
    }
    // A change of status decides: towards `met` is +1; from no data to `not_met` is -1.
    if (before.status != after.status) {
        if (after.status == QuotaStatus::met) return 1;
        if (before.status == QuotaStatus::met || after.status == QuotaStatus::not_met) return -1;
        return 0;
    }
    if (after.status == QuotaStatus::no_data) return 0;  // an unknown row leaves a group without data
    const bool at_least = t.kind == TargetKind::at_least_percent;
    if (after.status == QuotaStatus::not_met) {
        // Both not met: the exact gap, before rounding up, decides. For `>= P%` it is
        // (P·n − 100·k) / (100 − P) further meeting rows, for `<= P%` (100·k − P·n) / P further
        // other rows; the denominator is the same before and after, so the numerators compare.
        // With a denominator of 0 (`>= 100%`, `<= 0%`) the gap cannot close: the share decides.
        const auto need = [&](const QuotaGroupResult& r) {
            const audit::wide scaled_k = audit::wide(100) * t.scale * r.k, scaled_n = audit::wide(t.numerator) * r.n;
            return at_least ? scaled_n - scaled_k : scaled_k - scaled_n;
        };
        const bool closable = at_least ? t.numerator < 100 * t.scale : t.numerator > 0;
        if (closable) return sign(need(before) - need(after));
    }
    return (at_least ? 1 : -1) * share_change(before, after);  // both met: does the margin grow?
}

}  // namespace cotation::audit
