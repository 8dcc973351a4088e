// The CIA quotas counted one allocation at a time, for systems that check a candidate allocation
// before the commission meets: add, remove (a cancelled lease) and what_if each cost O(number of
// quotas), whatever the number of allocations counted. results() and what_if() are const and safe
// from several threads while nothing is added or removed; add and remove are not (the caller
// serialises them).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "cotation/audit.hpp"
#include "cotation/policy.hpp"
#include "cotation/record.hpp"
#include "cotation/result.hpp"

namespace cotation {

namespace internal {
struct TrackerData;
}  // namespace internal

class QuotaTracker {
public:
    // The period and the date parameters are resolved at (options.as_of, else options.to) come from
    // `options`. E0705 as Scorer::create; E0709 when the policy declares no quotas or no `allocation`
    // record, or the period ends before it starts.
    static Result<QuotaTracker> create(const Policy& policy, const AuditOptions& options);

    // A builder for the `allocation` record.
    RecordBuilder builder() const;

    // Counts an allocation when its period field is in the period (outside: ok, not counted, its key
    // not kept). E0706 when its key was already added; E0707 when its period field is null.
    Result<void> add(const Record& allocation);
    // A cancelled allocation: the counts return exactly to what they were. E0708 for a key not added.
    Result<void> remove(std::string_view key);

    // What audit_allocations gives on the same rows.
    std::vector<QuotaGroupResult> results() const;
    // What what_if() gives for this one candidate, against the allocations counted.
    std::vector<WhatIfEffect> what_if(const Record& candidate) const;
    // The same into `into`, whose storage is reused: candidates examined in turn with the same
    // vector allocate nothing once it is warm.
    void what_if(const Record& candidate, std::vector<WhatIfEffect>& into) const;

    std::size_t counted() const;  // allocations added and counted, not removed

    QuotaTracker(QuotaTracker&&) noexcept;
    QuotaTracker& operator=(QuotaTracker&&) noexcept;
    ~QuotaTracker();
    explicit QuotaTracker(std::unique_ptr<internal::TrackerData> data);

private:
    std::unique_ptr<internal::TrackerData> data_;
};

}  // namespace cotation
