#include "testing/fast_check.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cotation/fast.hpp"
#include "cotation/report.hpp"

namespace cotation {

namespace {

nlohmann::json json_of(const Value& v) {
    if (v.is_null()) return nullptr;
    if (const bool* b = v.as_bool()) return *b;
    if (const double* d = v.as_number()) return *d;
    if (const Date* date = v.as_date()) return format_date(*date);
    if (const List* list = v.as_list()) {
        nlohmann::json items = nlohmann::json::array();
        for (const Value& item : *list) items.push_back(json_of(item));
        return items;
    }
    return format_value(v);  // strings and enumeration values
}

}  // namespace

std::string jsonl_of(const DataTable& table) {
    std::string out;
    for (const auto& row : table.rows) {
        nlohmann::json object = nlohmann::json::object();
        for (std::size_t i = 0; i < table.fields.size(); ++i)
            if (!row[i].is_null()) object[table.fields[i].name] = json_of(row[i]);
        out += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    return out;
}

std::string outcome_text(const CriterionOutcome& c) {
    return std::string(state_name(c.state)) + (c.state == CriterionState::applied ? ", " + format_number(c.points) + " points" : "");
}

std::string score_differences(const ScoredDemand& reference, const ScoredDemand& fast) {
    std::string out;
    const auto differ = [&](const std::string& what, const std::string& a, const std::string& b) {
        if (a != b) out += fmt::format("    {}: reference {}, fast path {}\n", what, a, b);
    };
    const auto joined = [](const std::vector<std::string>& ids) {
        std::string s;
        for (const auto& id : ids) s += (s.empty() ? "" : "|") + id;
        return s.empty() ? "(none)" : s;
    };
    differ("status", status_text(reference), status_text(fast));
    differ("grid", reference.grid, fast.grid);
    differ("score", format_number(reference.score), format_number(fast.score));
    differ("rank", fmt::format("{} of {} (percentile {})", reference.rank, reference.group_size, reference.percentile),
           fmt::format("{} of {} (percentile {})", fast.rank, fast.group_size, fast.percentile));
    differ("flags", joined(reference.flags), joined(fast.flags));
    if (reference.criteria.size() != fast.criteria.size()) {
        differ("criteria", std::to_string(reference.criteria.size()), std::to_string(fast.criteria.size()));
        return out;
    }
    for (std::size_t i = 0; i < reference.criteria.size(); ++i) {
        const CriterionOutcome& a = reference.criteria[i];
        const CriterionOutcome& b = fast.criteria[i];
        const std::string name = a.rubric + "." + a.criterion, fast_name = b.rubric + "." + b.criterion;
        differ("criteria." + name, outcome_text(a), (fast_name == name ? "" : fast_name + " ") + outcome_text(b));
        if (a.state == b.state && a.state != CriterionState::applied && a.points != b.points)  // 0 both, when not applied
            differ("criteria." + name + " points", format_number(a.points), format_number(b.points));
    }
    return out;
}

std::string fast_path_failures(const Policy& policy, const DataTable& demands, const ScoredDemand& reference,
                               const ScoreOptions& options) {
    FastScoreOptions fast_options;
    fast_options.as_of = options.as_of;
    fast_options.parameter_overrides = options.parameter_overrides;
    fast_options.threads = 1;
    fast_options.keep_criteria = true;
    const FastScoreRun fast = fast_score_jsonl(policy, jsonl_of(demands), fast_options);
    if (!fast.ok()) return "  the fast path cannot score the demand: " + fast.error + "\n";
    if (!fast.rejected.empty()) {
        const RejectedRow& rejected = fast.rejected.front();
        return fmt::format("  the fast path rejects the demand: {}{}\n", rejected.field.empty() ? "" : rejected.field + ": ", rejected.reason);
    }
    const ScoreRun run = to_score_run(policy, fast);
    const std::string found = run.demands.size() == 1 ? score_differences(reference, run.demands.front()) : "    the demand is missing\n";
    return found.empty() ? found : "  the fast path differs from the reference:\n" + found;
}

}  // namespace cotation
