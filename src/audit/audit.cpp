// audit: counting allocations against the CIA quotas (section 4 of the policy format), and the
// what-if of candidate allocations.
#include "cotation/audit.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <map>
#include <unordered_map>

#include "audit/counts.hpp"
#include "audit/target_math.hpp"
#include "core/parallel.hpp"
#include "eval/batch.hpp"
#include "eval/group_key.hpp"
#include "io/part_reader.hpp"
#include "check/compiled.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"
#include "core/value_order.hpp"

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

namespace {

using audit::Counts;
using audit::Key;
using audit::KeyLess;

// How one row counts for one quota.
enum class Tally : std::uint8_t { out_of_scope, not_meeting, meeting, unknown };

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

Key group_key(const CheckedQuota& q, const std::vector<Value>& slots) {
    Key key;
    key.reserve(q.by_slots.size());
    for (std::int32_t s : q.by_slots) key.push_back(slots[static_cast<std::size_t>(s)]);
    return key;
}

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
    r.quota = q.id;
    r.label = q.label;
    if (key)
        for (std::size_t i = 0; i < q.by_slots.size(); ++i)
            r.group.emplace_back(record.slot_names[static_cast<std::size_t>(q.by_slots[i])], (*key)[i]);
    r.k = c.k;
    r.n = c.n;
    r.unknown = c.unknown;
    const Target& t = group_target(q, key);
    r.target = t.text;
    r.status = c.n == 0 ? QuotaStatus::no_data : audit::target_holds(t, c.k, c.n) ? QuotaStatus::met : QuotaStatus::not_met;
    const audit::Gap g = audit::target_gap(t, c.k, c.n);
    r.gap = g.gap;
    r.exceeded_by = g.exceeded_by;
    return r;
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

// What the audit and the what-if share: the policy planned at the date parameters are resolved at
// (options.as_of, else the period's end), and its allocation record.
struct Setup {
    Plan plan;
    const CheckedRecord* record = nullptr;
    std::vector<std::int32_t> period_slots;  // the quotas' period fields, each once (usually lease_signed_on)
};

Result<Setup> prepare(const Policy& policy, const AuditOptions& options) {
    const CompiledPolicy& p = policy.compiled();
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
int sign(audit::wide v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

// Compares the shares k1/n1 and k0/n0 (both n > 0): sign of k1/n1 − k0/n0.
int share_change(const QuotaGroupResult& before, const QuotaGroupResult& after) {
    return sign(audit::wide(after.k) * before.n - audit::wide(before.k) * after.n);
}

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

}  // namespace

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

namespace {

// What one part of the file adds up to.
struct PartCounts {
    std::vector<Counts> overall;
    std::vector<KeyIndex> group_ids;                          // per quota: the part's groups
    std::vector<std::vector<std::pair<Key, Counts>>> groups;  // per quota, by group id
    std::uint64_t in_period = 0, outside = 0, rows_read = 0;
    std::vector<RejectedRow> rejected, period_rejects;
};

// The programs of one worker of the column audit, compiled with its own string pool.
struct CountingWorker {
    StringPool pool;
    std::vector<std::pair<std::int32_t, BatchExpr>> derived;
    std::vector<std::optional<BatchExpr>> scope;  // per quota
    std::vector<BatchExpr> meets;
};

// The parts' consumer of the column audit: each part counted by the worker that read it.
class PartCounter final : public io::PartConsumer {
public:
    PartCounter(const Setup& setup, const AuditOptions& options, std::size_t threads) : setup_(setup), options_(options) {
        const CheckedRecord& record = *setup.record;
        const CompiledPolicy& p = setup.plan.program;
        std::vector<std::int32_t> read_slots = setup.period_slots;
        for (const CheckedDerived& d : record.derived) add_read_slots(d.expr, read_slots);
        for (const CheckedQuota& q : p.quotas) {
            if (q.scope) add_read_slots(*q.scope, read_slots);
            add_read_slots(q.meets, read_slots);
            read_slots.insert(read_slots.end(), q.by_slots.begin(), q.by_slots.end());
        }
        store_ = fields_read(record, read_slots);
        for (std::size_t t = 0; t < threads; ++t) {
            auto w = std::make_unique<CountingWorker>();
            for (const CheckedDerived& d : record.derived) w->derived.emplace_back(d.slot, BatchExpr(d.expr, w->pool, batch_rows));
            for (const CheckedQuota& q : p.quotas) {
                w->scope.push_back(q.scope ? std::optional<BatchExpr>(BatchExpr(*q.scope, w->pool, batch_rows)) : std::nullopt);
                w->meets.emplace_back(q.meets, w->pool, batch_rows);
            }
            workers_.push_back(std::move(w));
        }
    }

    const std::vector<bool>& store() const { return store_; }
    StringPool& pool(std::size_t worker) override { return workers_[worker]->pool; }
    void make_room(std::size_t parts) override { parts_.resize(std::max(parts, parts_.size())); }
    void retract(std::size_t first) override { parts_.resize(first); }
    void consume(std::size_t index, std::size_t worker, io::ColumnPart& part) override;

    // The parts' counts added up.
    void finish(std::size_t parts, FastAuditRun& out) {
        AuditRun& run = out.audit;
        const CompiledPolicy& p = setup_.plan.program;
        parts_.resize(parts);
        std::vector<Counts> overall(p.quotas.size());
        std::vector<std::map<Key, Counts, KeyLess>> groups(p.quotas.size());
        for (PartCounts& c : parts_) {
            out.rows_read += c.rows_read;
            run.rows_in_period += c.in_period;
            run.rows_outside_period += c.outside;
            out.rejected.insert(out.rejected.end(), c.rejected.begin(), c.rejected.end());
            run.period_rejects.insert(run.period_rejects.end(), c.period_rejects.begin(), c.period_rejects.end());
            for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
                overall[qi].k += c.overall[qi].k;
                overall[qi].n += c.overall[qi].n;
                overall[qi].unknown += c.overall[qi].unknown;
                for (auto& entry : c.groups[qi]) {
                    Counts& g = groups[qi][entry.first];
                    g.k += entry.second.k;
                    g.n += entry.second.n;
                    g.unknown += entry.second.unknown;
                }
            }
        }
        finish_results(p, *setup_.record, overall, groups, run);
    }

private:
    const Setup& setup_;
    const AuditOptions& options_;
    std::vector<bool> store_;
    std::vector<std::unique_ptr<CountingWorker>> workers_;
    std::vector<PartCounts> parts_;
};

void PartCounter::consume(std::size_t index, std::size_t worker, io::ColumnPart& part) {
    const CompiledPolicy& p = setup_.plan.program;
    const CheckedRecord& record = *setup_.record;
    const std::vector<std::int32_t>& period_slots = setup_.period_slots;
    CountingWorker& w = *workers_[worker];
    PartCounts& c = parts_[index];
    c = PartCounts{};
    c.overall.assign(p.quotas.size(), Counts{});
    c.groups.assign(p.quotas.size(), {});
    for (const CheckedQuota& q : p.quotas) c.group_ids.emplace_back(row_key_width(q.by_slots.size()));
    c.rows_read = part.rows_read;
    c.rejected = std::move(part.rejected);
    std::vector<View> views(record.slot_count());
    std::vector<View> scope_views(p.quotas.size()), meets_views(p.quotas.size());
    std::vector<std::uint64_t> key;
    for (std::size_t first = 0; first < part.chunk.rows; first += batch_rows) {
        const std::size_t n = std::min(batch_rows, part.chunk.rows - first);
        for (std::size_t f = 0; f < record.fields.size(); ++f)
            views[f] = part.chunk.fields[f].valid.empty() ? View{} : view_of(part.chunk.fields[f], first);
        const BatchInput in{&views, n};
        for (auto& [slot, program] : w.derived) views[static_cast<std::size_t>(slot)] = program.run(in);
        for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
            if (w.scope[qi]) scope_views[qi] = w.scope[qi]->run(in);
            meets_views[qi] = w.meets[qi].run(in);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto null_period = std::find_if(period_slots.begin(), period_slots.end(),
                                                  [&](std::int32_t s) { return !views[static_cast<std::size_t>(s)].valid[i]; });
            if (null_period != period_slots.end()) {
                c.period_rejects.push_back(period_reject(record, *null_period, part.chunk.lines[first + i]));
                continue;
            }
            const auto in_period = [&](std::int32_t s) {
                const std::int32_t d = views[static_cast<std::size_t>(s)].code[i];
                return options_.from.days <= d && d <= options_.to.days;
            };
            if (std::none_of(period_slots.begin(), period_slots.end(), in_period)) {
                ++c.outside;
                continue;
            }
            ++c.in_period;
            for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
                const CheckedQuota& q = p.quotas[qi];
                if (!in_period(q.period_slot)) continue;
                Tally t;
                if (w.scope[qi] && !scope_views[qi].valid[i]) t = Tally::unknown;
                else if (w.scope[qi] && !scope_views[qi].code[i]) t = Tally::out_of_scope;
                else if (!meets_views[qi].valid[i]) t = Tally::unknown;
                else t = meets_views[qi].code[i] ? Tally::meeting : Tally::not_meeting;
                add(c.overall[qi], t);
                if (q.by_slots.empty()) continue;
                make_row_key(key, q.by_slots.size(), i, [&](std::size_t b) {
                    const auto slot = static_cast<std::size_t>(q.by_slots[b]);
                    return std::pair<const View&, Repr>(views[slot], repr_of(record.slot_types[slot]));
                });
                bool fresh = false;
                const std::uint32_t id = c.group_ids[qi].insert(key.data(), fresh);
                if (fresh) {
                    Key values;
                    for (std::int32_t s : q.by_slots)
                        values.push_back(value_at(views[static_cast<std::size_t>(s)], i, record.slot_types[static_cast<std::size_t>(s)], w.pool));
                    c.groups[qi].emplace_back(std::move(values), Counts{});
                }
                add(c.groups[qi][id].second, t);
            }
        }
    }
}

// Counts what `read` hands over: the text of a CSV or JSON Lines file, or the file itself.
template <typename Read>
FastAuditRun count_parts(const Policy& policy, const AuditOptions& options, const ReadOptions& read_options, unsigned threads,
                         std::size_t block_bytes, Read read) {
    FastAuditRun out;
    AuditRun& run = out.audit;
    run.from = options.from;
    run.to = options.to;
    Result<Setup> setup = prepare(policy, options);
    if (!setup) {
        run.error = setup.error().message;
        return out;
    }
    run.as_of = setup->plan.as_of;
    const std::size_t workers = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    PartCounter counter(*setup, options, workers);
    const CheckedRecord& record = *setup->record;
    const io::RecordColumns columns{record.fields, counter.store(), record.key_slot};
    // Parts of a few megabytes: counting a row costs less than scoring it.
    const io::PartReadOptions part_options{read_options, workers, 4u << 20, block_bytes, options.progress};
    const io::PartReadResult result = read(columns, part_options, counter);
    if (!result.ok()) {
        run.error = result.error;
        out.input_error = true;
        return out;
    }
    out.read_warnings = result.warnings;
    counter.finish(result.parts, out);
    return out;
}

}  // namespace

FastAuditRun audit_allocations_csv(const Policy& policy, std::string_view text, const AuditOptions& options, const ReadOptions& read,
                                   unsigned threads) {
    return count_parts(policy, options, read, threads, 0, [&](const io::RecordColumns& columns, const io::PartReadOptions& o, io::PartConsumer& c) {
        return io::read_parts(text, io::TextFormat::csv, columns, o, c);
    });
}

FastAuditRun audit_allocations_file(const Policy& policy, const std::string& path, const AuditOptions& options, const ReadOptions& read,
                                    unsigned threads, std::size_t block_bytes) {
    return count_parts(policy, options, read, threads, block_bytes,
                       [&](const io::RecordColumns& columns, const io::PartReadOptions& o, io::PartConsumer& c) {
                           return io::read_file_parts(path, columns, o, c);
                       });
}

}  // namespace cotation
