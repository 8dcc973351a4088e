// The checked policy: names resolved to slots, every expression typed. Immutable once built,
// shared by every evaluation (and by threads).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/source.hpp"
#include "cotation/table.hpp"
#include "load/policy_ast.hpp"
#include "parse/expr.hpp"

namespace cotation {

struct CheckedDerived {
    std::string name;
    Expr expr;
    std::int32_t slot = -1;
};

struct CheckedRecord {
    std::string name;
    std::int32_t key_slot = -1;
    std::vector<FieldSpec> fields;          // the input columns, slots 0..fields.size()-1
    std::vector<CheckedDerived> derived;    // in evaluation order; slots after the fields
    std::vector<std::string> slot_names;    // fields, then derived fields in declaration order
    std::vector<Type> slot_types;

    std::int32_t slot_of(const std::string& name) const;
    std::size_t slot_count() const { return slot_names.size(); }
};

struct CheckedParameter {
    std::string name;
    std::string label;
    std::string reference;
    Type type;
    std::vector<std::pair<std::optional<Date>, Value>> versions;

    // The value in force at `as_of`: the one with the latest date <= as_of, or the undated one;
    // nullptr when every value starts later.
    const Value* in_force(Date as_of) const {
        const Value* value = nullptr;
        for (const auto& [since, v] : versions)
            if (!since || *since <= as_of) value = &v;
        return value;
    }
};

struct CheckedCriterion {
    std::string id;
    std::string label;
    std::string reference;
    std::optional<Expr> when;
    std::string when_text;
    Expr points;
    std::vector<std::int32_t> requires_slots;
};

struct CheckedRubric {
    std::string id;
    std::string label;
    std::string reference;
    Combine combine = Combine::sum;
    std::optional<double> cap;
    std::optional<double> floor;
    std::vector<CheckedCriterion> criteria;
};

struct CheckedGrid {
    std::string id;
    std::string label;
    std::string reference;
    std::int32_t record = -1;
    std::optional<Expr> applies_when;
    std::optional<double> cap;
    std::optional<double> floor;
    std::vector<CheckedRubric> rubrics;
};

struct CheckedFlag {
    std::string id;
    std::string label;
    std::string reference;
    Expr when;
};

struct SortKey {
    bool by_score = false;     // else by `slot`
    std::int32_t slot = -1;
    bool descending = false;
    std::string name;
};

struct CheckedRanking {
    std::vector<Expr> within;
    std::vector<std::string> within_text;
    std::vector<SortKey> order;  // ends with the record's key
};

struct CheckedOverride {
    std::vector<std::pair<std::int32_t, Value>> where;  // slot -> value, typed
    Target target;
};

struct CheckedQuota {
    std::string id;
    std::string label;
    std::string reference;
    std::int32_t record = -1;
    std::int32_t period_slot = -1;
    std::optional<Expr> scope;
    Expr meets;
    Target target;
    std::vector<std::int32_t> by_slots;
    std::vector<CheckedOverride> overrides;
};

struct CheckedCondition {
    std::string id;
    std::string label;
    Expr when;
};

struct CheckedMatching {
    std::vector<CheckedCondition> eligible_when;
    std::vector<SortKey> order;
};

struct CompiledPolicy {
    std::string name;
    std::string version;
    std::string reference;
    std::vector<CheckedRecord> records;
    std::int32_t demand_record = -1;
    std::int32_t allocation_record = -1;
    std::int32_t offer_record = -1;
    std::vector<CheckedParameter> parameters;
    std::vector<CheckedGrid> grids;
    std::vector<CheckedFlag> flags;
    CheckedRanking ranking;
    std::vector<CheckedQuota> quotas;
    std::optional<CheckedMatching> matching;
    SourceSet sources;
    // The policy as written, with the place of every part, its labels and tags: for lint, publish
    // and the language server, which speak of declarations rather than of slots.
    PolicyDoc doc;

    std::int32_t record_index(const std::string& name) const;
    std::int32_t parameter_index(const std::string& name) const;
    // The label `field` of `record` is declared with; its name when it has none (and for a derived
    // field): what a person reads in reports.
    std::string field_label(const std::string& record, const std::string& field) const;
};

// Calls fn(expr) on every expression of the policy, in file order: derived fields (in evaluation
// order), grids (applies_when, then each criterion's when and points), flags, ranking.within,
// quotas (scope, meets), matching conditions. `Policy` is CompiledPolicy or const CompiledPolicy.
template <typename Policy, typename Fn>
void for_each_expression(Policy& policy, Fn fn) {
    for (auto& record : policy.records)
        for (auto& d : record.derived) fn(d.expr);
    for (auto& g : policy.grids) {
        if (g.applies_when) fn(*g.applies_when);
        for (auto& r : g.rubrics)
            for (auto& c : r.criteria) {
                if (c.when) fn(*c.when);
                fn(c.points);
            }
    }
    for (auto& f : policy.flags) fn(f.when);
    for (auto& w : policy.ranking.within) fn(w);
    for (auto& q : policy.quotas) {
        if (q.scope) fn(*q.scope);
        fn(q.meets);
    }
    if (policy.matching)
        for (auto& c : policy.matching->eligible_when) fn(c.when);
}

// The fields and derived fields `e` reads, added to `out` once each, in the order first read.
inline void add_read_slots(const Expr& e, std::vector<std::int32_t>& out) {
    if (e.op == Op::identifier && (e.ref == RefKind::field || e.ref == RefKind::derived) &&
        std::find(out.begin(), out.end(), e.slot) == out.end())
        out.push_back(e.slot);
    for (const Expr& a : e.args) add_read_slots(a, out);
}

// Per field of `record`: whether it is among `slots` (derived slots are left out). The fast paths
// keep only those fields' columns.
inline std::vector<bool> fields_read(const CheckedRecord& record, const std::vector<std::int32_t>& slots) {
    std::vector<bool> read(record.fields.size(), false);
    for (std::int32_t s : slots)
        if (static_cast<std::size_t>(s) < read.size()) read[static_cast<std::size_t>(s)] = true;
    return read;
}

// Why `table` cannot be read as rows of `record`, or empty when it can: the columns it declares,
// in order, every row complete, every value of its field's type (a table built by hand, not read
// from a file, is checked here like any value given through the library).
std::string table_problem(const DataTable& table, const CheckedRecord& record);

// check: resolves names and types. Adds every problem to `diagnostics`; the result is usable only
// when no error was added.
CompiledPolicy check_policy(PolicyDoc doc, SourceSet sources, std::vector<Diagnostic>& diagnostics);

}  // namespace cotation
