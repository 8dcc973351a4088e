// cotation test: runs the cases of a policy test file, each expected value beside the actual one.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "check/compiled.hpp"
#include "cotation/audit.hpp"
#include "cotation/policy.hpp"
#include "cotation/rank.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"
#include "cotation/testing.hpp"
#include "eval/interpreter.hpp"
#include "score/explain.hpp"
#include "load/yaml_values.hpp"
#include "score/scorer.hpp"

namespace cotation {

namespace {

namespace fs = std::filesystem;

struct Period {
    Date from;
    Date to;
};

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) out += prefix + line + "\n";
    return out;
}

bool same_number(double a, double b) { return std::fabs(a - b) < 1e-9; }

class Runner {
public:
    Runner(TestFileResult& result, SourceSet& sources, std::uint32_t file) : r_(result), sources_(sources), file_(file) {}

    void run(const YAML::Node& root);

private:
    TestFileResult& r_;
    SourceSet& sources_;
    std::uint32_t file_;
    std::optional<Policy> policy_;
    std::optional<Date> as_of_;
    std::optional<Period> period_;

    Loc loc_of(const YAML::Node& n) const {
        const std::uint32_t pos = static_cast<std::uint32_t>(std::max(0, n.Mark().pos));
        return Loc{file_, pos, pos + 1};
    }
    void file_error(const char* code, const YAML::Node& n, std::string message, std::string hint = {}) {
        Loc loc = loc_of(n);
        if (n.IsScalar()) loc.end = loc.begin + static_cast<std::uint32_t>(std::max<std::size_t>(1, n.Scalar().size()));
        r_.diagnostics.push_back(sources_.make(Severity::error, code, loc, std::move(message), std::move(hint)));
    }

    std::optional<Date> date_of(const YAML::Node& n, std::string& problems, const std::string& what) {
        auto d = n.IsScalar() ? parse_iso_date(n.Scalar()) : std::nullopt;
        if (!d) problems += fmt::format("  {}: '{}' is not a date (YYYY-MM-DD)\n", what, n.IsScalar() ? n.Scalar() : "?");
        return d;
    }
    std::optional<Period> period_of(const YAML::Node& n, std::string& problems) {
        if (!n.IsMap() || !n["from"] || !n["to"]) {
            problems += "  period: expected { from: DATE, to: DATE }\n";
            return std::nullopt;
        }
        auto from = date_of(n["from"], problems, "period.from");
        auto to = date_of(n["to"], problems, "period.to");
        if (!from || !to) return std::nullopt;
        return Period{*from, *to};
    }

    // A one-record table from YAML mappings; problems name the case's mistakes.
    DataTable table_of(const std::string& record, const std::vector<YAML::Node>& rows, std::string& problems);
    std::vector<std::pair<std::string, Value>> overrides_of(const YAML::Node& n, std::string& problems);

    TestCaseResult run_case(const YAML::Node& c, std::size_t index);
    void check_demand(const YAML::Node& c, const YAML::Node& expect, Date as_of,
                      const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems,
                      std::string& explanation);
    void check_ranking(const YAML::Node& c, const YAML::Node& expect, Date as_of,
                       const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems);
    void check_quotas(const YAML::Node& c, const YAML::Node& expect, std::optional<Date> as_of,
                      const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems);
};

DataTable Runner::table_of(const std::string& record, const std::vector<YAML::Node>& rows, std::string& problems) {
    DataTable table;
    table.fields = policy_->fields(record);
    for (const YAML::Node& row : rows) {
        std::vector<std::string> mistakes;
        table.rows.push_back(yaml_record_values(row, table.fields, record, mistakes));
        for (const std::string& m : mistakes) problems += fmt::format("  {} (line {}): {}\n", record, row.Mark().line + 1, m);
        table.row_lines.push_back(static_cast<std::uint64_t>(row.Mark().line + 1));
        ++table.rows_read;
    }
    return table;
}

std::vector<std::pair<std::string, Value>> Runner::overrides_of(const YAML::Node& n, std::string& problems) {
    std::vector<std::pair<std::string, Value>> out;
    if (!n) return out;
    if (!n.IsMap()) {
        problems += "  parameters: expected a mapping of parameter values\n";
        return out;
    }
    const CompiledPolicy& p = policy_->compiled();
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string name = it->first.Scalar();
        const std::int32_t index = p.parameter_index(name);
        if (index < 0) {
            std::vector<std::string> names;
            for (const auto& prm : p.parameters) names.push_back(prm.name);
            const std::string hint = did_you_mean(name, names);
            problems += fmt::format("  parameters: '{}' is not a parameter of the policy{}\n", name, hint.empty() ? "" : "; " + hint);
            continue;
        }
        std::string error;
        auto v = yaml_to_parameter(it->second, p.parameters[static_cast<std::size_t>(index)].type, error);
        if (!v) problems += fmt::format("  parameters.{}: {}\n", name, error);
        else out.emplace_back(name, std::move(*v));
    }
    return out;
}

void Runner::check_demand(const YAML::Node& c, const YAML::Node& expect, Date as_of,
                          const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures,
                          std::string& problems, std::string& explanation) {
    DataTable table = table_of("demand", {c["demand"]}, problems);
    if (!problems.empty()) return;
    ScoreRun run = score_demands(*policy_, table, ScoreOptions{as_of, overrides});
    if (!run.ok()) {
        problems += "  " + run.error + "\n";
        return;
    }
    const ScoredDemand& d = run.demands.front();
    const CompiledPolicy& p = policy_->compiled();
    for (auto it = expect.begin(); it != expect.end(); ++it) {
        const std::string key = it->first.Scalar();
        const YAML::Node want = it->second;  // a copy: the iterator gives a temporary
        if (key == "grid") {
            const std::string expected = want.IsNull() ? "" : want.Scalar();
            if (expected != d.grid)
                failures += fmt::format("  grid: expected {}, actual {}\n", expected.empty() ? "(none)" : expected,
                                        d.grid.empty() ? "(none: " + status_text(d) + ")" : d.grid);
        } else if (key == "score") {
            double expected = 0;
            try {
                expected = want.as<double>();
            } catch (const YAML::Exception&) {
                problems += "  expect.score: not a number\n";
                continue;
            }
            if (!d.scored()) failures += fmt::format("  score: expected {}, actual (unscored: {})\n", format_number(expected), d.unscored_reason);
            else if (!same_number(expected, d.score))
                failures += fmt::format("  score: expected {}, actual {}\n", format_number(expected), format_number(d.score));
        } else if (key == "status") {
            if (want.Scalar() != status_text(d)) failures += fmt::format("  status: expected {}, actual {}\n", want.Scalar(), status_text(d));
        } else if (key == "criteria") {
            if (!want.IsMap()) {
                problems += "  expect.criteria: expected a mapping rubric.criterion: points\n";
                continue;
            }
            std::vector<std::string> known;
            for (const auto& g : p.grids)
                for (const auto& r : g.rubrics)
                    for (const auto& cr : r.criteria) known.push_back(r.id + "." + cr.id);
            for (auto ci = want.begin(); ci != want.end(); ++ci) {
                const std::string name = ci->first.Scalar();
                if (std::find(known.begin(), known.end(), name) == known.end()) {
                    const std::string hint = did_you_mean(name, known);
                    problems += fmt::format("  expect.criteria: no criterion '{}' (write rubric.criterion){}\n", name, hint.empty() ? "" : "; " + hint);
                    continue;
                }
                double expected = 0;
                try {
                    expected = ci->second.as<double>();
                } catch (const YAML::Exception&) {
                    problems += fmt::format("  expect.criteria.{}: not a number\n", name);
                    continue;
                }
                auto o = std::find_if(d.criteria.begin(), d.criteria.end(), [&](const CriterionOutcome& x) { return x.rubric + "." + x.criterion == name; });
                const double actual = o != d.criteria.end() && o->state == CriterionState::applied ? o->points : 0;
                if (!same_number(expected, actual))
                    failures += fmt::format("  criteria.{}: expected {}, actual {} ({})\n", name, format_number(expected), format_number(actual),
                                            o == d.criteria.end() ? "not in the grid used" : std::string(state_name(o->state)));
            }
        } else if (key == "flags") {
            if (!want.IsMap()) {
                problems += "  expect.flags: expected a mapping flag: true|false\n";
                continue;
            }
            for (auto fi = want.begin(); fi != want.end(); ++fi) {
                const std::string name = fi->first.Scalar();
                const bool exists = std::any_of(p.flags.begin(), p.flags.end(), [&](const CheckedFlag& f) { return f.id == name; });
                if (!exists) {
                    std::vector<std::string> ids;
                    for (const auto& f : p.flags) ids.push_back(f.id);
                    const std::string hint = did_you_mean(name, ids);
                    problems += fmt::format("  expect.flags: no flag '{}'{}\n", name, hint.empty() ? "" : "; " + hint);
                    continue;
                }
                std::string error;
                auto expected = yaml_to_value(fi->second, Type::of(TypeKind::boolean), error);
                if (!expected || expected->is_null()) {
                    problems += fmt::format("  expect.flags.{}: expected true or false\n", name);
                    continue;
                }
                const bool actual = std::find(d.flags.begin(), d.flags.end(), name) != d.flags.end();
                if (*expected->as_bool() != actual)
                    failures += fmt::format("  flags.{}: expected {}, actual {}\n", name, *expected->as_bool(), actual);
            }
        } else if (key != "quotas" && key != "ranked" && key != "ineligible") {
            problems += fmt::format("  expect: unknown key '{}'{}\n", key,
                                    [&] { auto h = did_you_mean(key, {"grid", "score", "status", "criteria", "flags", "quotas", "ranked", "ineligible"}); return h.empty() ? std::string() : "; " + h; }());
        }
    }
    if (!failures.empty()) {
        std::string error;
        auto parameters = resolve_parameters(p, as_of, overrides, error);
        EvalContext ctx{nullptr, nullptr, &*parameters, as_of};
        std::vector<Value> slots = table.rows.front();
        compute_derived(p.records[static_cast<std::size_t>(p.demand_record)], slots, ctx);
        ctx.row = &slots;
        explanation = explain_scored(p, slots, d, ctx);
    }
}

void Runner::check_quotas(const YAML::Node& c, const YAML::Node& expect, std::optional<Date> as_of,
                          const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems) {
    std::optional<Period> period = period_;
    if (c["period"]) period = period_of(c["period"], problems);
    if (!period) {
        if (problems.empty()) problems += "  an audit case needs a period { from, to } (in the case or at the file level)\n";
        return;
    }
    std::vector<YAML::Node> rows;
    if (c["allocations"]) {
        if (!c["allocations"].IsSequence()) problems += "  allocations: expected a list\n";
        else for (const auto& a : c["allocations"]) rows.push_back(a);
    }
    DataTable table = table_of("allocation", rows, problems);
    if (!problems.empty()) return;
    AuditRun run = audit_allocations(*policy_, table, AuditOptions{period->from, period->to, as_of, overrides});
    if (!run.ok()) {
        problems += "  " + run.error + "\n";
        return;
    }
    const YAML::Node& list = expect["quotas"];
    if (!list.IsSequence()) {
        problems += "  expect.quotas: expected a list\n";
        return;
    }
    const CompiledPolicy& p = policy_->compiled();
    for (const auto& q : list) {
        const std::string quota = q["quota"] ? q["quota"].Scalar() : "";
        auto decl = std::find_if(p.quotas.begin(), p.quotas.end(), [&](const CheckedQuota& x) { return x.id == quota; });
        if (decl == p.quotas.end()) {
            std::vector<std::string> ids;
            for (const auto& x : p.quotas) ids.push_back(x.id);
            const std::string hint = did_you_mean(quota, ids);
            problems += fmt::format("  expect.quotas: no quota '{}'{}\n", quota, hint.empty() ? "" : "; " + hint);
            continue;
        }
        // The group as written: field: value pairs, {} for the overall row.
        std::vector<std::pair<std::string, std::string>> group;
        std::string group_text;
        if (q["group"] && q["group"].IsMap())
            for (auto it = q["group"].begin(); it != q["group"].end(); ++it) {
                group.emplace_back(it->first.Scalar(), it->second.IsNull() ? "" : it->second.Scalar());
                group_text += (group_text.empty() ? "" : ";") + it->first.Scalar() + "=" + group.back().second;
            }
        if (group_text.empty()) group_text = "*";
        const auto matches = [&](const QuotaGroupResult& g) {
            if (g.quota != quota || g.group.size() != group.size()) return false;
            for (const auto& pair : group) {
                const std::string& name = pair.first;  // a plain reference: the lambda below captures it
                const std::string& text = pair.second;
                auto it = std::find_if(g.group.begin(), g.group.end(), [&](const auto& kv) { return kv.first == name; });
                if (it == g.group.end()) return false;
                std::string actual = format_value(it->second);
                if (actual != text) {
                    // Booleans and numbers may be written in other forms (yes, 1.0).
                    std::string error;
                    const Type type = p.records[static_cast<std::size_t>(decl->record)].slot_types[static_cast<std::size_t>(
                        p.records[static_cast<std::size_t>(decl->record)].slot_of(name))];
                    auto v = yaml_to_value(YAML::Node(text), type, error);
                    if (!v || !(*v == it->second)) return false;
                }
            }
            return true;
        };
        auto result = std::find_if(run.results.begin(), run.results.end(), matches);
        const std::string where = quota + " [" + group_text + "]";
        if (result == run.results.end()) {
            failures += fmt::format("  {}: expected a group, actual none (no allocation of the period falls in it)\n", where);
            continue;
        }
        for (const char* key : {"k", "n", "unknown"}) {
            if (!q[key]) continue;
            const std::int64_t actual = std::string(key) == "k" ? result->k : std::string(key) == "n" ? result->n : result->unknown;
            std::int64_t expected = 0;
            try {
                expected = q[key].as<std::int64_t>();
            } catch (const YAML::Exception&) {
                problems += fmt::format("  {}.{}: not a whole number\n", where, key);
                continue;
            }
            if (expected != actual) failures += fmt::format("  {}.{}: expected {}, actual {}\n", where, key, expected, actual);
        }
        if (q["share"]) {
            const std::string actual = result->n == 0 ? "" : fmt::format("{:.4f}", static_cast<double>(result->k) / static_cast<double>(result->n));
            double expected = 0;
            try {
                expected = q["share"].as<double>();
                if (actual.empty() || !same_number(std::stod(actual), round_half_away(expected, 4)))
                    failures += fmt::format("  {}.share: expected {}, actual {}\n", where, q["share"].Scalar(), actual.empty() ? "(none: n = 0)" : actual);
            } catch (const YAML::Exception&) {
                if (!(q["share"].IsNull() && actual.empty())) failures += fmt::format("  {}.share: expected (none), actual {}\n", where, actual);
            }
        }
        if (q["status"] && q["status"].Scalar() != status_name(result->status))
            failures += fmt::format("  {}.status: expected {}, actual {}\n", where, q["status"].Scalar(), status_name(result->status));
        if (q["gap"]) {
            const std::string actual = result->gap ? std::to_string(*result->gap)
                                                   : result->exceeded_by > 0 ? "exceeded by " + std::to_string(result->exceeded_by) : "";
            const std::string expected = q["gap"].IsNull() ? "" : q["gap"].Scalar();
            if (expected != actual)
                failures += fmt::format("  {}.gap: expected {}, actual {}\n", where, expected.empty() ? "(cannot close)" : expected,
                                        actual.empty() ? "(cannot close)" : actual);
        }
    }
}

void Runner::check_ranking(const YAML::Node& c, const YAML::Node& expect, Date as_of,
                           const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems) {
    std::string error;
    auto offer = read_offer_text(*policy_, YAML::Dump(c["offer"]), error);
    if (!offer) problems += "  offer: " + error + "\n";
    std::vector<YAML::Node> rows;
    if (!c["demands"] || !c["demands"].IsSequence()) problems += "  demands: expected a list of demands\n";
    else for (const auto& d : c["demands"]) rows.push_back(d);
    DataTable table = table_of("demand", rows, problems);
    if (!problems.empty()) return;
    RankRun run = rank_candidates(*policy_, table, *offer, RankOptions{as_of, overrides, table.rows.size(), nullptr});
    if (!run.ok()) {
        problems += "  " + run.error + "\n";
        return;
    }
    const auto list_text = [](const std::vector<std::string>& ids) {
        std::string out = "[";
        for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
        return out + "]";
    };
    if (expect["ranked"]) {
        std::vector<std::string> expected, actual;
        if (expect["ranked"].IsSequence())
            for (const auto& id : expect["ranked"]) expected.push_back(id.Scalar());
        for (const Candidate& cand : run.candidates) actual.push_back(cand.demand.id);
        if (expected != actual) failures += "  ranked: expected " + list_text(expected) + ", actual " + list_text(actual) + "\n";
    }
    if (expect["ineligible"]) {
        if (!expect["ineligible"].IsMap()) {
            problems += "  expect.ineligible: expected { ID: [condition ids] }\n";
            return;
        }
        for (auto it = expect["ineligible"].begin(); it != expect["ineligible"].end(); ++it) {
            const std::string id = it->first.Scalar();
            auto found = std::find_if(run.conditions.begin(), run.conditions.end(), [&](const auto& kv) { return kv.first == id; });
            if (found == run.conditions.end()) {
                problems += "  expect.ineligible: no demand '" + id + "' in the case\n";
                continue;
            }
            std::vector<std::string> expected, actual;
            const YAML::Node failed = it->second;  // a copy: the iterator gives a temporary
            if (failed.IsSequence())
                for (const auto& x : failed) expected.push_back(x.Scalar());
            for (const auto& outcome : found->second)
                if (outcome.held != true) actual.push_back(outcome.id);
            if (expected != actual) failures += "  ineligible." + id + ": expected " + list_text(expected) + ", actual " + list_text(actual) + "\n";
        }
    }
}

TestCaseResult Runner::run_case(const YAML::Node& c, std::size_t index) {
    TestCaseResult result;
    result.name = c["name"] && c["name"].IsScalar() ? c["name"].Scalar() : fmt::format("case {}", index + 1);
    std::string failures, problems, explanation;
    static const std::vector<std::string> keys{"name", "as_of", "parameters", "demand", "expect", "allocations", "period", "offer", "demands"};
    for (auto it = c.begin(); it != c.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            const std::string hint = did_you_mean(key, keys);
            problems += fmt::format("  unknown key '{}' (line {}){}\n", key, it->first.Mark().line + 1, hint.empty() ? "" : "; " + hint);
        }
    }
    std::optional<Date> as_of = as_of_;
    if (c["as_of"]) as_of = date_of(c["as_of"], problems, "as_of");
    const auto overrides = overrides_of(c["parameters"], problems);
    const YAML::Node expect = c["expect"];
    if (!expect || !expect.IsMap()) problems += "  expect: each case says what it expects\n";
    if (problems.empty()) {
        if (c["demand"]) {
            if (!as_of) problems += "  a scoring case needs as_of (in the case or at the file level)\n";
            else check_demand(c, expect, *as_of, overrides, failures, problems, explanation);
        }
        if (expect["quotas"] && problems.empty()) check_quotas(c, expect, c["as_of"] ? as_of : as_of_, overrides, failures, problems);
        if ((c["offer"] || c["demands"]) && problems.empty()) {
            if (!as_of) problems += "  a ranking case needs as_of (in the case or at the file level)\n";
            else check_ranking(c, expect, *as_of, overrides, failures, problems);
        }
        if (!c["demand"] && !expect["quotas"] && !c["offer"] && problems.empty())
            problems += "  the case has neither `demand` nor `allocations` with `expect: quotas`\n";
    }
    result.passed = failures.empty() && problems.empty();
    if (!result.passed) {
        result.report = problems.empty() ? "" : "  the case itself is wrong:\n" + indent(problems, "  ");
        result.report += failures;
        if (!explanation.empty()) result.report += "  explanation:\n" + indent(explanation, "    ");
    }
    return result;
}

void Runner::run(const YAML::Node& root) {
    if (!root.IsMap()) {
        file_error("E0601", root, "a test file is a mapping with `policy` and `cases`");
        return;
    }
    static const std::vector<std::string> keys{"policy", "as_of", "period", "cases"};
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            const std::string hint = did_you_mean(key, keys);
            file_error("E0101", it->first, "unknown key '" + key + "' in the test file" + (hint.empty() ? "" : "; " + hint), hint);
        }
    }
    if (!root["policy"] || !root["policy"].IsScalar()) {
        file_error("E0103", root, "the test file lacks `policy: PATH`");
        return;
    }
    const fs::path policy_path = (fs::path(sources_.file(file_).path).parent_path() / root["policy"].Scalar()).lexically_normal();
    LoadResult loaded = load_policy(policy_path.string());
    for (auto& d : loaded.diagnostics)
        if (d.severity == Severity::error) r_.diagnostics.push_back(d);
    if (!loaded.ok()) {
        if (!std::any_of(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }))
            file_error("E0004", root["policy"], "cannot load policy '" + policy_path.string() + "'");
    } else {
        policy_ = std::move(loaded.policy);
    }
    // File-level defaults: each bad value reported at its place.
    const auto default_date = [&](const YAML::Node& n, const std::string& what) -> std::optional<Date> {
        auto d = n.IsScalar() ? parse_iso_date(n.Scalar()) : std::nullopt;
        if (!d) file_error("E0602", n, what + ": '" + (n.IsScalar() ? n.Scalar() : std::string("?")) + "' is not a date (YYYY-MM-DD)");
        return d;
    };
    if (root["as_of"]) as_of_ = default_date(root["as_of"], "as_of");
    if (const YAML::Node period = root["period"]) {
        if (!period.IsMap() || !period["from"] || !period["to"]) {
            file_error("E0602", period, "period: expected { from: DATE, to: DATE }");
        } else {
            auto from = default_date(period["from"], "period.from");
            auto to = default_date(period["to"], "period.to");
            if (from && to && *to < *from) file_error("E0602", period["to"], "period: `to` is before `from`");
            else if (from && to) period_ = Period{*from, *to};
        }
    }
    const YAML::Node cases = root["cases"];
    if (!cases || !cases.IsSequence()) {
        file_error("E0103", root, "the test file lacks a list of `cases`");
        return;
    }
    for (std::size_t i = 0; i < cases.size(); ++i) {
        TestCaseResult result;
        if (!policy_) {
            result.name = cases[i]["name"] && cases[i]["name"].IsScalar() ? cases[i]["name"].Scalar() : fmt::format("case {}", i + 1);
            result.report = "  the policy has errors: see above\n";
        } else if (!cases[i].IsMap()) {
            result.name = fmt::format("case {}", i + 1);
            result.report = "  a case is a mapping with name, demand (or allocations) and expect\n";
        } else {
            result = run_case(cases[i], i);
        }
        (result.passed ? r_.passed : r_.failed) += 1;
        r_.cases.push_back(std::move(result));
    }
}

}  // namespace

TestFileResult run_test_file(const std::string& path) {
    TestFileResult result;
    result.path = path;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.unreadable = true;
        result.diagnostics.push_back(SourceSet::make_global(Severity::error, "E0004", path, "cannot read file: " + std::generic_category().message(errno)));
        return result;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    SourceSet sources;
    const std::uint32_t file = sources.add(path, buffer.str());
    YAML::Node root;
    try {
        root = YAML::Load(sources.file(file).text);
    } catch (const YAML::Exception& e) {
        const std::uint32_t pos = static_cast<std::uint32_t>(std::max(0, e.mark.pos));
        result.diagnostics.push_back(sources.make(Severity::error, "E0001", Loc{file, pos, pos + 1}, "YAML syntax: " + e.msg));
        return result;
    }
    Runner runner(result, sources, file);
    runner.run(root);
    return result;
}

}  // namespace cotation
