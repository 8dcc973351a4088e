// audit (internal): the rules of counting one allocation for the quotas, shared by the audit of a
// table (audit.cpp), the column audit of a file (column_audit.cpp) and the QuotaTracker (one
// allocation at a time): the period, how a row tallies, a group's key and target, a group's result
// from its counts, the results in order, the direction of a what-if.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "audit/counts.hpp"
#include "check/compiled.hpp"
#include "cotation/audit.hpp"
#include "cotation/result.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"

namespace cotation::audit {

// How one row counts for one quota.
enum class Tally : std::uint8_t { out_of_scope, not_meeting, meeting, unknown };

// The row's tally for the quota (the row's slots: fields, then derived fields).
Tally tally(const CheckedQuota& q, const std::vector<Value>& slots, const EvalContext& context);
void add(Counts& c, Tally t);
// What `add` added, taken back: a cancelled allocation.
void subtract(Counts& c, Tally t);

// The values of the quota's `by` fields in the row.
Key group_key(const CheckedQuota& q, const std::vector<Value>& slots);
// The target of a group: the first override whose `where` matches; the overall row (nullptr)
// keeps the quota's own target.
const Target& group_target(const CheckedQuota& q, const Key* key);
QuotaGroupResult make_result(const CheckedQuota& q, const CheckedRecord& record, const Key* key, const Counts& c);
// The same into `r`, whose strings keep their storage (a what-if made again and again).
void fill_result(QuotaGroupResult& r, const CheckedQuota& q, const CheckedRecord& record, const Key* key, const Counts& c);

// What the audit, the what-if and the tracker share: the policy planned at the date parameters
// are resolved at (options.as_of, else the period's end), and its allocation record.
struct Setup {
    Plan plan;
    const CheckedRecord* record = nullptr;
    std::vector<std::int32_t> period_slots;  // the quotas' period fields, each once (usually lease_signed_on)
};
Result<Setup> prepare(const Policy& policy, const AuditOptions& options);

// A row rejected because its period field (the first of the quotas' that is empty) is null.
RejectedRow period_reject(const CheckedRecord& record, std::int32_t slot, std::uint64_t line);

// Results from the counts: overrides applied (and warned about when they match no group), the
// overall row first, then the groups in the order of their key values.
void finish_results(const CompiledPolicy& p, const CheckedRecord& record, const std::vector<Counts>& overall,
                    std::vector<std::map<Key, Counts, KeyLess>>& groups, AuditRun& run);

// Direction of a what-if: +1 when `after` is closer to meeting the target than `before`.
int direction_of(const Target& t, const QuotaGroupResult& before, const QuotaGroupResult& after);

}  // namespace cotation::audit
