// api: QuotaTracker, the CIA quotas counted one allocation at a time with the audit's rules
// (audit/quota_counting.hpp). Each allocation added keeps how it tallied for each quota, so that
// removing it takes back exactly what adding it gave.
#include "cotation/quota_tracker.hpp"

#include <algorithm>
#include <unordered_map>

#include "api/access.hpp"
#include "audit/quota_counting.hpp"
#include "core/text_copy.hpp"
#include "eval/row_program.hpp"

namespace cotation {

namespace internal {

struct TrackerData {
    Policy policy;
    AuditOptions options;
    audit::Setup setup;
    std::shared_ptr<const RecordShape> shape;  // the allocation record, for builders
    std::vector<audit::Counts> overall;  // per quota
    // Per quota, its groups: found by their key's bytes, kept in the order they appeared. A group
    // is shown while an allocation of the period falls in it, even one outside the quota's scope
    // (as the audit of the same rows shows it), hence `rows`.
    struct Group {
        audit::Key key;
        audit::Counts counts;
        std::int64_t rows = 0;
    };
    struct QuotaGroups {
        StringPool ids;  // the groups' bytes (group_bytes): a group's code is its place in `list`
        std::vector<Group> list;
    };
    std::vector<QuotaGroups> groups;
    // What each allocation counted added, per quota: how it tallied and in which group.
    static constexpr std::uint32_t not_counted = ~std::uint32_t{0};  // outside the quota's period
    struct Counted {
        audit::Tally tally = audit::Tally::out_of_scope;
        std::uint32_t group = not_counted;
    };
    std::unordered_map<std::string, std::vector<Counted>> added;
    // The allocation record's derived fields and each quota's scope and meets, compiled once.
    RowProgram program;
    std::vector<std::optional<std::size_t>> scope;  // per quota
    std::vector<std::size_t> meets;

    explicit TrackerData(Policy p, AuditOptions o, audit::Setup s)
        : policy(std::move(p)), options(std::move(o)), setup(std::move(s)), program(*setup.record) {
        program.add_derived(setup.record->derived);
        for (const CheckedQuota& q : setup.plan.program.quotas) {
            scope.push_back(q.scope ? std::optional(program.add(*q.scope)) : std::nullopt);
            meets.push_back(program.add(q.meets));
        }
    }

    // The allocation's fields and derived fields in this thread's cells.
    RowState& load(const Record& allocation) const {
        RowState& state = thread_state(program);
        const std::vector<Value>& values = RecordAccess::values(allocation);
        for (std::size_t f = 0; f < values.size(); ++f) write_cell(values[f], state.cells[f], state.items);
        program.run_derived(state);
        return state;
    }
    // How the loaded row counts for quota `qi`: audit::tally's rules.
    audit::Tally tally(std::size_t qi, RowState& state) const {
        if (scope[qi]) {
            const Cell& in_scope = program.run(*scope[qi], state);
            if (!in_scope.valid) return audit::Tally::unknown;
            if (!in_scope.code) return audit::Tally::out_of_scope;  // `meets` does not matter outside the scope
        }
        const Cell& meeting = program.run(meets[qi], state);
        if (!meeting.valid) return audit::Tally::unknown;
        return meeting.code ? audit::Tally::meeting : audit::Tally::not_meeting;
    }
    audit::Key group_key(const CheckedQuota& q, const RowState& state) const {
        audit::Key key;
        group_key(q, state, key);
        return key;
    }
    // The same into `key`, whose values keep their storage.
    void group_key(const CheckedQuota& q, const RowState& state, audit::Key& key) const {
        key.resize(q.by_slots.size());
        for (std::size_t i = 0; i < key.size(); ++i) {
            const auto s = static_cast<std::size_t>(q.by_slots[i]);
            key[i] = value_of(state.cells[s], setup.record->slot_types[s], state.items);
        }
    }
    // The bytes of the loaded row's group for quota `q`: equal for equal values of its `by` fields.
    static void group_bytes(const CheckedQuota& q, const RowState& state, std::string& out) {
        out.clear();
        for (const std::int32_t s : q.by_slots) {
            const Cell& c = state.cells[static_cast<std::size_t>(s)];
            out.push_back(c.valid ? '1' : '0');
            if (!c.valid) continue;
            const auto word = [&](const auto& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
            word(c.num == 0 ? 0.0 : c.num);  // -0 and 0: one group
            word(c.code);
            word(static_cast<std::uint32_t>(c.text.size()));
            out.append(c.text);
            word(c.count);
            for (std::uint32_t k = 0; k < c.count; ++k) {
                const Cell& item = state.items[c.first + k];
                word(item.num);
                word(static_cast<std::uint32_t>(item.text.size()));
                out.append(item.text);
            }
        }
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
    auto data = std::make_unique<internal::TrackerData>(policy, options, std::move(setup.value()));
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
    if (key_value.is_null()) return Error{"E0702", "the allocation has no key ('" + record.slot_names[static_cast<std::size_t>(record.key_slot)] + "')"};
    RowState& state = d.load(allocation);
    for (const std::int32_t s : d.setup.period_slots)
        if (!state.cells[static_cast<std::size_t>(s)].valid)
            return Error{"E0707", "allocation '" + key + "': its period field '" + record.slot_names[static_cast<std::size_t>(s)] + "' is empty"};
    const auto in_period = [&](std::int32_t slot) {
        const std::int32_t days = state.cells[static_cast<std::size_t>(slot)].code;
        return d.options.from.days <= days && days <= d.options.to.days;
    };
    if (std::none_of(d.setup.period_slots.begin(), d.setup.period_slots.end(), in_period)) return {};  // outside: not counted, not kept
    const CompiledPolicy& p = d.setup.plan.program;
    std::vector<internal::TrackerData::Counted> counted(p.quotas.size());
    std::string bytes;
    for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
        const CheckedQuota& q = p.quotas[qi];
        if (!in_period(q.period_slot)) continue;
        const audit::Tally t = d.tally(qi, state);
        audit::add(d.overall[qi], t);
        counted[qi].tally = t;
        counted[qi].group = 0;
        if (q.by_slots.empty()) continue;
        internal::TrackerData::QuotaGroups& groups = d.groups[qi];
        internal::TrackerData::group_bytes(q, state, bytes);
        const auto code = static_cast<std::uint32_t>(groups.ids.intern(bytes));
        if (code == groups.list.size()) groups.list.push_back(internal::TrackerData::Group{d.group_key(q, state), {}, 0});
        internal::TrackerData::Group& g = groups.list[code];
        audit::add(g.counts, t);
        ++g.rows;
        counted[qi].group = code;
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
        const internal::TrackerData::Counted& counted = it->second[qi];
        if (counted.group == internal::TrackerData::not_counted) continue;
        audit::subtract(d.overall[qi], counted.tally);
        if (p.quotas[qi].by_slots.empty()) continue;
        internal::TrackerData::Group& g = d.groups[qi].list[counted.group];
        audit::subtract(g.counts, counted.tally);
        --g.rows;  // a group left without rows is no longer shown, as the audit of the rows left would not show it
    }
    d.added.erase(it);
    return {};
}

std::vector<QuotaGroupResult> QuotaTracker::results() const {
    const internal::TrackerData& d = *data_;
    AuditRun run;
    std::vector<std::map<audit::Key, audit::Counts, audit::KeyLess>> groups(d.groups.size());  // finish_results may add override groups
    for (std::size_t qi = 0; qi < d.groups.size(); ++qi)
        for (const internal::TrackerData::Group& g : d.groups[qi].list)
            if (g.rows > 0) groups[qi].emplace(g.key, g.counts);
    audit::finish_results(d.setup.plan.program, *d.setup.record, d.overall, groups, run);
    return std::move(run.results);
}

std::vector<WhatIfEffect> QuotaTracker::what_if(const Record& candidate) const {
    std::vector<WhatIfEffect> effects;
    effects.reserve(2 * data_->setup.plan.program.quotas.size());  // at most an overall and a group effect a quota
    what_if(candidate, effects);
    return effects;
}

void QuotaTracker::what_if(const Record& candidate, std::vector<WhatIfEffect>& into) const {
    const internal::TrackerData& d = *data_;
    // Effects cut from the end of a caller's vector, kept with their storage for the next calls on
    // this thread: candidates in and out of the quotas' scopes change how many effects there are.
    thread_local std::vector<WhatIfEffect> spare;
    std::size_t used = 0;  // effects of `into` written; the rest are cut at the end
    if (d.same_record(candidate)) {
        const CompiledPolicy& p = d.setup.plan.program;
        const CheckedRecord& record = *d.setup.record;
        const Value& id = internal::RecordAccess::values(candidate)[static_cast<std::size_t>(record.key_slot)];
        RowState& state = d.load(candidate);
        thread_local std::string bytes;
        for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
            const CheckedQuota& q = p.quotas[qi];
            const audit::Tally t = d.tally(qi, state);
            if (t == audit::Tally::out_of_scope) continue;
            const auto effect = [&](const audit::Key* k, const audit::Counts& current) {
                if (used == into.size()) {
                    into.emplace_back();
                    if (!spare.empty()) {
                        into.back() = std::move(spare.back());
                        spare.pop_back();
                    }
                }
                WhatIfEffect& e = into[used++];
                if (const std::string* text = id.as_string()) assign_text(e.candidate, *text);
                else e.candidate = format_value(id);
                e.candidate_row = 0;
                audit::fill_result(e.before, q, record, k, current);
                audit::Counts after = current;
                audit::add(after, t);
                audit::fill_result(e.after, q, record, k, after);
                e.direction = audit::direction_of(audit::group_target(q, k), e.before, e.after);
            };
            effect(nullptr, d.overall[qi]);
            if (q.by_slots.empty()) continue;
            internal::TrackerData::group_bytes(q, state, bytes);
            const std::int32_t group = d.groups[qi].ids.find(bytes);
            if (group < 0) {  // a group never counted: its key made for the effect
                thread_local audit::Key key;
                d.group_key(q, state, key);
                effect(&key, audit::Counts{});
                continue;
            }
            const internal::TrackerData::Group& g = d.groups[qi].list[static_cast<std::size_t>(group)];
            effect(&g.key, g.rows > 0 ? g.counts : audit::Counts{});  // a group emptied by removals counts nothing
        }
    }
    for (std::size_t i = used; i < into.size(); ++i) spare.push_back(std::move(into[i]));
    into.resize(used);
}

std::size_t QuotaTracker::counted() const { return data_->added.size(); }

}  // namespace cotation
