// Candidates for a vacant dwelling: the eligible demands in the matching order, with what each
// allocation would do to the CIA targets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cotation/audit.hpp"
#include "cotation/policy.hpp"
#include "cotation/score.hpp"

namespace cotation {

// One offer: the values of the `offer` record's fields, in policy.fields("offer") order.
struct Offer {
    std::string id;
    std::vector<Value> fields;
};

// Reads an offer from a YAML mapping of its fields (a file or text); sets `error` on a mistake.
std::optional<Offer> read_offer_file(const Policy& policy, const std::string& path, std::string& error);
std::optional<Offer> read_offer_text(const Policy& policy, const std::string& yaml, std::string& error);

struct ConditionOutcome {
    std::string id;
    std::string label;
    std::optional<bool> held;  // nullopt: unknown (a null condition), which makes the demand ineligible
    std::string values;        // for the demands of RankOptions::why: the values the condition read
};

struct Candidate {
    std::int64_t position = 0;          // 1 is first
    ScoredDemand demand;
    std::vector<WhatIfEffect> impact;   // with allocations: the quota groups this allocation would move
};

struct RankOptions {
    Date as_of{};
    std::vector<std::pair<std::string, Value>> parameter_overrides{};
    std::size_t top = 3;                        // the commission examines three candidates per dwelling
    const DataTable* allocations = nullptr;     // the year's allocations, all counted, for the CIA impact
    std::vector<std::string> why{};               // demands whose conditions are explained with their values
};

struct RankRun {
    std::vector<Candidate> candidates;          // the first `top` eligible demands, in order
    std::size_t eligible = 0;
    std::size_t ineligible = 0;                 // scored demands with a condition not true
    std::size_t unscored = 0;                   // demands no grid takes: never candidates
    std::uint64_t allocations_counted = 0;      // with allocations: the rows the CIA impact counts
    // Every demand's conditions, by id, in the order of the demands (for --why).
    std::vector<std::pair<std::string, std::vector<ConditionOutcome>>> conditions;
    std::string error;
    bool ok() const { return error.empty(); }
};

RankRun rank_candidates(const Policy& policy, const DataTable& demands, const Offer& offer, const RankOptions& options);

// The allocation the offer would make to a demand: each allocation field from the offer's field of
// the same name, else the demand's (derived fields included); `lease_signed_on` is `as_of`.
std::vector<Value> candidate_allocation(const Policy& policy, const std::vector<Value>& demand_slots,
                                        const Offer& offer, Date as_of);

}  // namespace cotation
