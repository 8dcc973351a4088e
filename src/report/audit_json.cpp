// The audit reports as JSON: the quota results or the what-if, each with the diagnosis when given,
// and the diagnosis alone.
#include <cmath>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cotation/audit_report.hpp"
#include "report/audit_words.hpp"

namespace cotation {

namespace {

using json = nlohmann::ordered_json;

json value_json(const Value& v) {
    if (v.is_null()) return nullptr;
    if (const bool* b = v.as_bool()) return *b;
    if (const double* d = v.as_number()) {
        if (std::floor(*d) == *d && std::fabs(*d) < 9e15) return static_cast<std::int64_t>(*d);
        return *d;
    }
    return format_value(v);
}

json share_json(std::int64_t k, std::int64_t n) {
    if (n == 0) return nullptr;
    return static_cast<double>(internal::share_scaled(k, n)) / 10000.0;
}

json gap_json(const QuotaGroupResult& r) {
    if (r.gap) return *r.gap;
    if (r.exceeded_by > 0) return gap_text(r);
    return nullptr;
}

json group_json(const std::vector<std::pair<std::string, Value>>& group) {
    json g = json::object();
    for (const auto& [field, value] : group) g[field] = value_json(value);
    return g;
}

json period_json(Date from, Date to) { return json{{"from", format_date(from)}, {"to", format_date(to)}}; }

// The counts of a what-if side: before or after.
json side_json(const QuotaGroupResult& r) {
    json j;
    j["k"] = r.k;
    j["n"] = r.n;
    j["unknown"] = r.unknown;
    j["share"] = share_json(r.k, r.n);
    j["status"] = std::string(status_name(r.status));
    j["gap"] = gap_json(r);
    return j;
}

json diagnosis_json(const Diagnosis& d) {
    json j;
    j["period"] = period_json(d.from, d.to);
    j["as_of"] = format_date(d.as_of);
    j["period_field"] = d.period_field;
    j["q1_threshold"] = d.q1_threshold ? value_json(Value(*d.q1_threshold)) : json(nullptr);
    j["allocations"] = d.allocations;
    j["allocations_without_period"] = d.allocations_without_period;
    j["demands"] = d.demands_given ? json{{"counted", d.demands}, {"filed_after_period", d.demands_filed_after}} : json(nullptr);
    json notes = json::array();
    for (const DiagnosisNote& n : d.notes) notes.push_back(json{{"section", n.section}, {"text", n.text}});
    j["notes"] = std::move(notes);
    json sections = json::array();
    for (const DiagnosisSection& s : d.sections) {
        json o;
        o["id"] = s.id;
        o["label"] = s.label;
        o["kind"] = s.kind == DiagnosisKind::share ? "share" : "distribution";
        json rows = json::array();
        for (const DiagnosisRow& r : s.rows) {
            json row;
            row["group"] = group_json(r.group);
            row["k"] = r.k;
            row["n"] = r.n;
            row["unknown"] = r.unknown;
            row["share"] = share_json(r.k, r.n);
            rows.push_back(std::move(row));
        }
        o["rows"] = std::move(rows);
        sections.push_back(std::move(o));
    }
    j["sections"] = std::move(sections);
    return j;
}

// The name, version and period every document starts with.
json document(const Policy& policy, const AuditRun& run) {
    json j;
    j["name"] = policy.name();
    j["version"] = policy.version();
    j["period"] = period_json(run.from, run.to);
    return j;
}

std::string dump(const json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }

}  // namespace

void write_audit_json(std::ostream& out, const Policy& policy, const AuditRun& run, const Diagnosis* diagnosis) {
    json j = document(policy, run);
    json results = json::array();
    for (const QuotaGroupResult& r : run.results) {
        json o;
        o["quota"] = r.quota;
        o["label"] = r.label;
        o["group"] = group_json(r.group);
        o["k"] = r.k;
        o["n"] = r.n;
        o["unknown"] = r.unknown;
        o["share"] = share_json(r.k, r.n);
        o["target"] = r.target;
        o["status"] = std::string(status_name(r.status));
        o["gap"] = gap_json(r);
        results.push_back(std::move(o));
    }
    j["results"] = std::move(results);
    if (diagnosis) j["diagnosis"] = diagnosis_json(*diagnosis);
    out << dump(j);
}

void write_what_if_json(std::ostream& out, const Policy& policy, const AuditRun& run, const std::vector<WhatIfEffect>& effects,
                        const Diagnosis* diagnosis) {
    json j = document(policy, run);
    json list = json::array();
    for (const WhatIfEffect& e : effects) {
        json o;
        o["candidate"] = e.candidate;
        o["quota"] = e.after.quota;
        o["label"] = e.after.label;
        o["group"] = group_json(e.after.group);
        o["target"] = e.after.target;
        o["before"] = side_json(e.before);
        o["after"] = side_json(e.after);
        o["direction"] = std::string(direction_name(e.direction));
        list.push_back(std::move(o));
    }
    j["what_if"] = std::move(list);
    if (diagnosis) j["diagnosis"] = diagnosis_json(*diagnosis);
    out << dump(j);
}

void write_diagnosis_json(std::ostream& out, const Policy& policy, const Diagnosis& d) {
    json j;
    j["name"] = policy.name();
    j["version"] = policy.version();
    j["diagnosis"] = diagnosis_json(d);
    out << dump(j);
}

}  // namespace cotation
