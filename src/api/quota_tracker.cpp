// api: QuotaTracker, the CIA quotas counted one allocation at a time with the audit's rules
// (audit/quota_counting.hpp). Each allocation added keeps how it tallied for each quota, so that
// removing it takes back exactly what adding it gave.
#include "cotation/quota_tracker.hpp"

#include <algorithm>
#include <unordered_map>

#include "api/access.hpp"
#include "audit/quota_counting.hpp"
#include "eval/group_key.hpp"

namespace cotation {

namespace internal {

struct TrackerData {
    Policy policy;
    AuditOptions options;
    audit::Setup setup;
    std::shared_ptr<const RecordShape> shape;  // the allocation record, for builders
    std::vector<audit::Counts> overall;        // per quota
    // Per quota, its groups: a group is shown while an allocation of the period falls in it, even
    // one outside the quota's scope (as the audit of the same rows shows it), hence `rows`.
    struct Group {
        audit::Counts counts;
        std::int64_t rows = 0;
    };
    std::vector<std::map<audit::Key, Group, audit::KeyLess>> groups;
    // What each allocation counted added: per quota, its tally and group (none: outside its period).
    struct Counted {
        std::vector<std::optional<std::pair<audit::Tally, audit::Key>>> per_quota;
    };
    std::unordered_map<std::string, Counted> added;

    // The row's slots: its fields and derived fields at the tracker's date.
    std::vector<Value> slots(const Record& allocation) const {
        std::vector<Value> row = RecordAccess::values(allocation);
        compute_derived(*setup.record, row, setup.plan.context());
        return row;
    }
    bool same_record(const Record& r) const {
        const RecordShape* s = RecordAccess::shape(r);
        return s && s->policy == shape->policy && s->record == shape->record;
    }
};

}  // namespace internal

QuotaTracker::QuotaTracker(std::unique_ptr<internal::TrackerData> data) : data_(std::move(data)) {}
QuotaTracker::QuotaTracker(QuotaTracker&&) noexcept = default;
QuotaTracker& QuotaTracker::operator=(QuotaTracker&&) noexcept = default;
QuotaTracker::~QuotaTracker() = default;

Result<QuotaTracker> QuotaTracker::create(const Policy& policy, const AuditOptions& options) {
    Result<audit::Setup> setup = audit::prepare(policy, options);
    if (!setup) return setup.error();
    auto data = std::make_unique<internal::TrackerData>(internal::TrackerData{policy, options, std::move(setup.value()), nullptr, {}, {}, {}});
    const std::size_t quotas = data->setup.plan.program.quotas.size();
    data->shape = internal::shape_of(internal::PolicyAccess::shared(policy), data->setup.plan.program.allocation_record);
    data->overall.assign(quotas, audit::Counts{});
    data->groups.resize(quotas);
    return QuotaTracker(std::move(data));
}

RecordBuilder QuotaTracker::builder() const { return RecordBuilder(data_->shape); }

Result<void> QuotaTracker::add(const Record& allocation) {
    internal::TrackerData& d = *data_;
    if (!d.same_record(allocation)) return Error{"E0709", "the record is not an allocation of this tracker's policy"};
    const CheckedRecord& record = *d.setup.record;
    const Value& key_value = internal::RecordAccess::values(allocation)[static_cast<std::size_t>(record.key_slot)];
    const std::string key = format_value(key_value);
    if (d.added.count(key)) return Error{"E0706", "allocation '" + key + "' is already counted"};
    const std::vector<Value> slots = d.slots(allocation);
    for (const std::int32_t s : d.setup.period_slots)
        if (!slots[static_cast<std::size_t>(s)].as_date())
            return Error{"E0707", "allocation '" + key + "': its period field '" + record.slot_names[static_cast<std::size_t>(s)] + "' is empty"};
    const auto in_period = [&](std::int32_t slot) {
        const Date date = *slots[static_cast<std::size_t>(slot)].as_date();
        return d.options.from <= date && date <= d.options.to;
    };
    if (std::none_of(d.setup.period_slots.begin(), d.setup.period_slots.end(), in_period)) return {};  // outside: not counted, not kept
    const CompiledPolicy& p = d.setup.plan.program;
    internal::TrackerData::Counted counted;
    counted.per_quota.resize(p.quotas.size());
    const EvalContext ctx = d.setup.plan.context();
    for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
        const CheckedQuota& q = p.quotas[qi];
        if (!in_period(q.period_slot)) continue;
        const audit::Tally t = audit::tally(q, slots, ctx);
        audit::add(d.overall[qi], t);
        audit::Key group = audit::group_key(q, slots);
        if (!q.by_slots.empty()) {
            internal::TrackerData::Group& g = d.groups[qi][group];
            audit::add(g.counts, t);
            ++g.rows;
        }
        counted.per_quota[qi] = std::pair{t, std::move(group)};
    }
    d.added.emplace(key, std::move(counted));
    return {};
}

Result<void> QuotaTracker::remove(std::string_view key) {
    internal::TrackerData& d = *data_;
    const auto it = d.added.find(std::string(key));
    if (it == d.added.end()) return Error{"E0708", "no allocation '" + std::string(key) + "' is counted"};
    const CompiledPolicy& p = d.setup.plan.program;
    for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
        const auto& counted = it->second.per_quota[qi];
        if (!counted) continue;
        audit::subtract(d.overall[qi], counted->first);
        if (p.quotas[qi].by_slots.empty()) continue;
        const auto group = d.groups[qi].find(counted->second);
        audit::subtract(group->second.counts, counted->first);
        if (--group->second.rows == 0) d.groups[qi].erase(group);  // as the audit of the rows left would not show it
    }
    d.added.erase(it);
    return {};
}

std::vector<QuotaGroupResult> QuotaTracker::results() const {
    const internal::TrackerData& d = *data_;
    AuditRun run;
    std::vector<std::map<audit::Key, audit::Counts, audit::KeyLess>> groups(d.groups.size());  // finish_results may add override groups
    for (std::size_t qi = 0; qi < d.groups.size(); ++qi)
        for (const auto& [key, group] : d.groups[qi]) groups[qi].emplace_hint(groups[qi].end(), key, group.counts);
    audit::finish_results(d.setup.plan.program, *d.setup.record, d.overall, groups, run);
    return std::move(run.results);
}

std::vector<WhatIfEffect> QuotaTracker::what_if(const Record& candidate) const {
    const internal::TrackerData& d = *data_;
    std::vector<WhatIfEffect> effects;
    if (!d.same_record(candidate)) return effects;
    const CompiledPolicy& p = d.setup.plan.program;
    const CheckedRecord& record = *d.setup.record;
    const std::vector<Value> slots = d.slots(candidate);
    const EvalContext ctx = d.setup.plan.context();
    const std::string id = format_value(slots[static_cast<std::size_t>(record.key_slot)]);
    for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
        const CheckedQuota& q = p.quotas[qi];
        const audit::Tally t = audit::tally(q, slots, ctx);
        if (t == audit::Tally::out_of_scope) continue;
        const audit::Key key = audit::group_key(q, slots);
        const auto effect = [&](const audit::Key* k, const audit::Counts& current) {
            WhatIfEffect e;
            e.candidate = id;
            e.before = audit::make_result(q, record, k, current);
            audit::Counts after = current;
            audit::add(after, t);
            e.after = audit::make_result(q, record, k, after);
            e.direction = audit::direction_of(audit::group_target(q, k), e.before, e.after);
            effects.push_back(std::move(e));
        };
        effect(nullptr, d.overall[qi]);
        if (q.by_slots.empty()) continue;
        const auto group = d.groups[qi].find(key);
        effect(&key, group == d.groups[qi].end() ? audit::Counts{} : group->second.counts);
    }
    return effects;
}

std::size_t QuotaTracker::counted() const { return data_->added.size(); }

}  // namespace cotation
