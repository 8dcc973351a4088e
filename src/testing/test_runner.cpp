// cotation test: runs the cases of a policy test file, each expected value beside the actual one.
// A case that checks nothing, or holds a key the format does not know, fails: a misspelt
// expectation must never pass unnoticed. Demand cases are scored by the reference interpreter and
// by the fast path, which must agree.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "check/compiled.hpp"
#include "core/text.hpp"
#include "core/source.hpp"
#include "cotation/audit.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/policy.hpp"
#include "cotation/rank.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"
#include "cotation/testing.hpp"
#include "io/yaml_values.hpp"
#include "testing/fast_check.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

namespace fs = std::filesystem;

struct Period {
    Date from;
    Date to;
};

// The keys of a case, of its `expect` (by the input each one checks) and of a quota expectation.
// `status` is this implementation's addition (docs/policy-format.md).
const std::vector<std::string> case_keys{"name", "as_of", "parameters", "demand", "expect", "allocations", "period", "offer", "demands"};
const std::vector<std::string> demand_expect_keys{"grid", "score", "status", "criteria", "flags"};
const std::vector<std::string> ranking_expect_keys{"ranked", "ineligible"};
const std::vector<std::string> quota_entry_keys{"quota", "group", "k", "n", "unknown", "share", "status", "gap"};
const std::vector<std::string> criterion_states{"applied", "not_applied", "unknown", "unverified"};
const std::vector<std::string> quota_statuses{"met", "not_met", "no_data"};
const std::vector<std::string> period_keys{"from", "to"};

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// "; did you mean 'x'?" or nothing.
std::string hint_of(const std::string& word, const std::vector<std::string>& candidates) {
    const std::string hint = did_you_mean(word, candidates);
    return hint.empty() ? hint : "; " + hint;
}

std::size_t line_of(const YAML::Node& n) { return static_cast<std::size_t>(std::max(0, n.Mark().line)) + 1; }

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) out += prefix + line + "\n";
    return out;
}

std::string list_text(const std::vector<std::string>& items) {
    std::string out = "[";
    out += join_texts(items, ", ");
    return out + "]";
}

bool same_number(double a, double b) { return std::fabs(a - b) < 1e-9; }

// A number written in YAML; nullopt when the node is not one.
std::optional<double> number_of(const YAML::Node& n) {
    if (!n.IsScalar()) return std::nullopt;
    try {
        const double v = n.as<double>();
        if (std::isfinite(v)) return v;
    } catch (const YAML::Exception&) {
    }
    return std::nullopt;
}

std::optional<std::int64_t> whole_number_of(const YAML::Node& n) {
    if (!n.IsScalar()) return std::nullopt;
    try {
        return n.as<std::int64_t>();
    } catch (const YAML::Exception&) {
        return std::nullopt;
    }
}

// The scalars of a YAML list; nullopt when the node is not a list of single values.
std::optional<std::vector<std::string>> scalars_of(const YAML::Node& n) {
    if (!n.IsSequence()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : n) {
        if (!item.IsScalar()) return std::nullopt;
        out.push_back(item.Scalar());
    }
    return out;
}

class Runner {
public:
    Runner(TestFileResult& result, SourceSet& sources, std::uint32_t file) : r_(result), sources_(sources), file_(file) {}

    void run(const YAML::Node& root);

private:
    TestFileResult& r_;
    SourceSet& sources_;
    std::uint32_t file_;
    std::size_t file_errors_ = 0;  // the test file's own errors: its cases are then not run
    std::optional<Policy> policy_;
    std::optional<Date> as_of_;
    std::optional<Period> period_;

    // Marks the criteria `d` saw applied (its grid's, in file order) in r_.criteria.
    void saw(const ScoredDemand& d) {
        for (const CriterionOutcome& outcome : d.criteria) {
            if (outcome.state != CriterionState::applied) continue;
            for (CriterionSeen& c : r_.criteria)
                if (c.grid == d.grid && c.rubric == outcome.rubric && c.criterion == outcome.criterion) c.applied = true;
        }
    }

    Loc loc_of(const YAML::Node& n) const {
        const std::uint32_t pos = static_cast<std::uint32_t>(std::max(0, n.Mark().pos));
        return Loc{file_, pos, pos + 1};
    }
    void file_error(const char* code, const YAML::Node& n, std::string message, std::string hint = {}) {
        Loc loc = loc_of(n);
        if (n.IsScalar()) loc.end = loc.begin + static_cast<std::uint32_t>(std::max<std::size_t>(1, n.Scalar().size()));
        r_.diagnostics.push_back(sources_.make(Severity::error, code, loc, std::move(message), std::move(hint)));
        ++file_errors_;
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
        for (auto it = n.begin(); it != n.end(); ++it)
            if (!contains(period_keys, it->first.Scalar()))
                problems += fmt::format("  period: unknown key '{}'{}\n", it->first.Scalar(), hint_of(it->first.Scalar(), period_keys));
        auto from = date_of(n["from"], problems, "period.from");
        auto to = date_of(n["to"], problems, "period.to");
        if (!from || !to) return std::nullopt;
        return Period{*from, *to};
    }

    // A one-record table from YAML mappings; problems name the case's mistakes.
    DataTable table_of(const std::string& record, const std::vector<YAML::Node>& rows, std::string& problems);
    std::vector<std::pair<std::string, Value>> overrides_of(const YAML::Node& n, std::string& problems);
    // Each key of `expect` known and about an input the case gives; each input checked by a key.
    void check_expect_keys(const YAML::Node& c, const YAML::Node& expect, std::string& problems);

    TestCaseResult run_case(const YAML::Node& c, std::size_t index);
    void check_demand(const YAML::Node& c, const YAML::Node& expect, Date as_of,
                      const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems,
                      std::string& explanation);
    void check_criteria(const YAML::Node& want, const ScoredDemand& d, std::string& failures, std::string& problems);
    void check_flags(const YAML::Node& want, const ScoredDemand& d, std::string& failures, std::string& problems);
    void check_ranking(const YAML::Node& c, const YAML::Node& expect, Date as_of,
                       const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems);
    void check_quotas(const YAML::Node& c, const YAML::Node& expect, std::optional<Date> as_of,
                      const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems);
    void check_quota(const YAML::Node& q, const AuditRun& run, std::string& failures, std::string& problems);
};

DataTable Runner::table_of(const std::string& record, const std::vector<YAML::Node>& rows, std::string& problems) {
    DataTable table;
    table.fields = policy_->fields(record);
    for (const YAML::Node& row : rows) {
        std::vector<std::string> mistakes;
        table.rows.push_back(yaml_record_values(row, table.fields, record, mistakes));
        for (const std::string& m : mistakes) problems += fmt::format("  {} (line {}): {}\n", record, line_of(row), m);
        table.row_lines.push_back(line_of(row));
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
    const CompiledPolicy& p = internal::PolicyAccess::compiled(*policy_);
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string name = it->first.Scalar();
        const std::int32_t index = p.parameter_index(name);
        if (index < 0) {
            std::vector<std::string> names;
            for (const auto& prm : p.parameters) names.push_back(prm.name);
            problems += fmt::format("  parameters: '{}' is not a parameter of the policy{}\n", name, hint_of(name, names));
            continue;
        }
        std::string error;
        auto v = yaml_to_parameter(it->second, p.parameters[static_cast<std::size_t>(index)].type, error);
        if (!v) problems += fmt::format("  parameters.{}: {}\n", name, error);
        else out.emplace_back(name, std::move(*v));
    }
    return out;
}

void Runner::check_expect_keys(const YAML::Node& c, const YAML::Node& expect, std::string& problems) {
    const bool demand_case = static_cast<bool>(c["demand"]);
    const bool ranking_case = c["offer"] || c["demands"];
    std::vector<std::string> known = demand_expect_keys;
    known.insert(known.end(), ranking_expect_keys.begin(), ranking_expect_keys.end());
    known.push_back("quotas");
    bool demand_checked = false, ranking_checked = false, unknown_key = false;
    for (auto it = expect.begin(); it != expect.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (!contains(known, key)) {
            unknown_key = true;
            problems += fmt::format("  expect: unknown key '{}' (line {}){}\n", key, line_of(it->first), hint_of(key, known));
        } else if (contains(demand_expect_keys, key)) {
            demand_checked = true;
            if (!demand_case) problems += fmt::format("  expect.{}: only a case with a `demand` is scored\n", key);
        } else if (contains(ranking_expect_keys, key)) {
            ranking_checked = true;
            if (!ranking_case) problems += fmt::format("  expect.{}: only a ranking case (`offer` and `demands`) ranks demands\n", key);
        }
    }
    if (unknown_key) return;  // the unknown key was meant to check the input: nothing more to say
    if (demand_case && !demand_checked)
        problems += "  demand: nothing in `expect` checks it (grid, score, status, criteria, flags)\n";
    if (ranking_case && !ranking_checked) problems += "  offer, demands: nothing in `expect` checks the ranking (ranked, ineligible)\n";
    if (!expect["quotas"])
        for (const char* key : {"allocations", "period"})
            if (c[key]) problems += fmt::format("  {}: only an audit case (`expect: quotas`) counts allocations\n", key);
}

void Runner::check_criteria(const YAML::Node& want, const ScoredDemand& d, std::string& failures, std::string& problems) {
    if (!want.IsMap() || want.size() == 0) {
        problems += "  expect.criteria: expected a mapping rubric.criterion: points or state\n";
        return;
    }
    const CompiledPolicy& p = internal::PolicyAccess::compiled(*policy_);
    std::vector<std::string> known;
    for (const auto& g : p.grids)
        for (const auto& r : g.rubrics)
            for (const auto& cr : r.criteria) known.push_back(r.id + "." + cr.id);
    for (auto ci = want.begin(); ci != want.end(); ++ci) {
        const std::string name = ci->first.Scalar();
        if (!contains(known, name)) {
            problems += fmt::format("  expect.criteria: no criterion '{}' (write rubric.criterion){}\n", name, hint_of(name, known));
            continue;
        }
        const YAML::Node expected = ci->second;  // a copy: the iterator gives a temporary
        const auto o = std::find_if(d.criteria.begin(), d.criteria.end(),
                                    [&](const CriterionOutcome& x) { return x.rubric + "." + x.criterion == name; });
        const bool evaluated = o != d.criteria.end();
        const std::string elsewhere = d.scored() ? "not in the grid used, " + d.grid : "not evaluated: " + status_text(d);
        if (const auto points = number_of(expected)) {
            // Points: its own points when applied; 0 passes when it did not apply, whatever the reason.
            const double actual = evaluated && o->state == CriterionState::applied ? o->points : 0;
            if (!same_number(*points, actual))
                failures += fmt::format("  criteria.{}: expected {}, actual {} ({})\n", name, format_number(*points), format_number(actual),
                                        evaluated ? std::string(state_name(o->state)) : elsewhere);
        } else if (expected.IsScalar() && contains(criterion_states, expected.Scalar())) {
            const std::string& state = expected.Scalar();
            if (!evaluated) failures += fmt::format("  criteria.{}: expected {}, actual ({})\n", name, state, elsewhere);
            else if (state != state_name(o->state)) failures += fmt::format("  criteria.{}: expected {}, actual {}\n", name, state, outcome_text(*o));
        } else {
            const std::string text = expected.IsScalar() ? expected.Scalar() : YAML::Dump(expected);
            problems += fmt::format("  expect.criteria.{}: '{}' is neither points nor a state (applied, not_applied, unknown, unverified){}\n",
                                    name, text, hint_of(text, criterion_states));
        }
    }
}

void Runner::check_flags(const YAML::Node& want, const ScoredDemand& d, std::string& failures, std::string& problems) {
    if (!want.IsMap() || want.size() == 0) {
        problems += "  expect.flags: expected a mapping flag: true|false\n";
        return;
    }
    const CompiledPolicy& p = internal::PolicyAccess::compiled(*policy_);
    std::vector<std::string> ids;
    for (const auto& f : p.flags) ids.push_back(f.id);
    for (auto fi = want.begin(); fi != want.end(); ++fi) {
        const std::string name = fi->first.Scalar();
        if (!contains(ids, name)) {
            problems += fmt::format("  expect.flags: no flag '{}'{}\n", name, hint_of(name, ids));
            continue;
        }
        std::string error;
        auto expected = yaml_to_value(fi->second, Type::of(TypeKind::boolean), error);
        if (!expected || expected->is_null()) {
            problems += fmt::format("  expect.flags.{}: expected true or false\n", name);
            continue;
        }
        const bool actual = contains(d.flags, name);
        if (*expected->as_bool() != actual) failures += fmt::format("  flags.{}: expected {}, actual {}\n", name, *expected->as_bool(), actual);
    }
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
    saw(d);
    for (auto it = expect.begin(); it != expect.end(); ++it) {
        const std::string key = it->first.Scalar();
        const YAML::Node want = it->second;  // a copy: the iterator gives a temporary
        if (key == "grid") {
            if (!want.IsNull() && !want.IsScalar()) {
                problems += "  expect.grid: expected a grid id, or ~ for none\n";
                continue;
            }
            const std::string expected = want.IsNull() ? "" : want.Scalar();
            if (expected != d.grid)
                failures += fmt::format("  grid: expected {}, actual {}\n", expected.empty() ? "(none)" : expected,
                                        d.grid.empty() ? "(none: " + status_text(d) + ")" : d.grid);
        } else if (key == "score") {
            const auto expected = number_of(want);
            if (!expected) problems += "  expect.score: not a number\n";
            else if (!d.scored()) failures += fmt::format("  score: expected {}, actual (unscored: {})\n", format_number(*expected), d.unscored_reason);
            else if (!same_number(*expected, d.score))
                failures += fmt::format("  score: expected {}, actual {}\n", format_number(*expected), format_number(d.score));
        } else if (key == "status") {
            if (!want.IsScalar()) problems += "  expect.status: expected scored or unscored:REASON\n";
            else if (want.Scalar() != status_text(d)) failures += fmt::format("  status: expected {}, actual {}\n", want.Scalar(), status_text(d));
        } else if (key == "criteria") {
            check_criteria(want, d, failures, problems);
        } else if (key == "flags") {
            check_flags(want, d, failures, problems);
        }
    }
    // The same demand through the fast path (`cotation score`): both must give the same result.
    failures += fast_path_failures(*policy_, table, d, ScoreOptions{as_of, overrides});
    if (!failures.empty()) {
        std::string error;
        explanation = explain_demand(*policy_, table, d.id, ExplainOptions{as_of, overrides, nullptr}, error);
    }
}

void Runner::check_quota(const YAML::Node& q, const AuditRun& run, std::string& failures, std::string& problems) {
    const std::string at = fmt::format("expect.quotas (line {})", line_of(q));
    if (!q.IsMap()) {
        problems += fmt::format("  {}: expected {{ quota: ID, group: {{...}}, k: N, ... }}\n", at);
        return;
    }
    bool mistaken = false;
    for (auto it = q.begin(); it != q.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (contains(quota_entry_keys, key)) continue;
        problems += fmt::format("  {}: unknown key '{}'{}\n", at, key, hint_of(key, quota_entry_keys));
        mistaken = true;
    }
    const CompiledPolicy& p = internal::PolicyAccess::compiled(*policy_);
    const std::string quota = q["quota"] && q["quota"].IsScalar() ? q["quota"].Scalar() : "";
    const auto decl = std::find_if(p.quotas.begin(), p.quotas.end(), [&](const CheckedQuota& x) { return x.id == quota; });
    if (decl == p.quotas.end()) {
        std::vector<std::string> ids;
        for (const auto& x : p.quotas) ids.push_back(x.id);
        problems += quota.empty() ? fmt::format("  {}: name the `quota`\n", at)
                                  : fmt::format("  {}: no quota '{}'{}\n", at, quota, hint_of(quota, ids));
        return;
    }
    const CheckedRecord& record = p.records[static_cast<std::size_t>(decl->record)];
    // The group as written: field: value pairs, {} for the overall row.
    if (!q["group"] || !q["group"].IsMap()) {
        problems += fmt::format("  {}: `group` is a mapping of the quota's `by` fields ({{}} for the overall row)\n", at);
        return;
    }
    std::vector<std::string> by;
    for (const auto& b : decl->by_slots) by.push_back(record.slot_names[static_cast<std::size_t>(b)]);
    std::vector<std::pair<std::string, Value>> group;
    std::string group_text;
    for (auto it = q["group"].begin(); it != q["group"].end(); ++it) {
        const std::string field = it->first.Scalar();
        if (!contains(by, field)) {
            problems += fmt::format("  {}: group: '{}' is not a `by` field of {}{}\n", at, field, quota, hint_of(field, by));
            mistaken = true;
            continue;
        }
        std::string error;
        auto value = yaml_to_value(it->second, record.slot_types[static_cast<std::size_t>(record.slot_of(field))], error);
        if (!value) {
            problems += fmt::format("  {}: group.{}: {}\n", at, field, error);
            mistaken = true;
            continue;
        }
        group_text += (group_text.empty() ? "" : ";") + field + "=" + format_value(*value);
        group.emplace_back(field, std::move(*value));
    }
    if (group_text.empty()) group_text = "*";
    const std::string where = quota + " [" + group_text + "]";

    // Every expected value is read before any is compared: a mistake fails the case as such.
    std::vector<std::pair<std::string, std::int64_t>> counts;
    for (const char* key : {"k", "n", "unknown"}) {
        if (!q[key]) continue;
        if (auto v = whole_number_of(q[key])) counts.emplace_back(key, *v);
        else {
            problems += fmt::format("  {}.{}: not a whole number\n", where, key);
            mistaken = true;
        }
    }
    const bool share_expected = static_cast<bool>(q["share"]);
    std::optional<double> share;  // expected but none: n = 0
    if (share_expected && !q["share"].IsNull()) {
        share = number_of(q["share"]);
        if (!share) {
            problems += fmt::format("  {}.share: not a number (or ~ when n = 0)\n", where);
            mistaken = true;
        }
    }
    std::optional<std::string> status;
    if (q["status"]) {
        const std::string text = q["status"].IsScalar() ? q["status"].Scalar() : "";
        if (contains(quota_statuses, text)) status = text;
        else {
            problems += fmt::format("  {}.status: '{}' is not met, not_met or no_data{}\n", where, text, hint_of(text, quota_statuses));
            mistaken = true;
        }
    }
    std::optional<std::string> gap;  // "" expects a gap that cannot close
    if (q["gap"]) {
        const YAML::Node g = q["gap"];
        const std::string text = g.IsScalar() ? g.Scalar() : "?";
        const std::string exceeded = "exceeded by ";
        if (g.IsNull()) gap = "";
        else if (auto v = whole_number_of(g)) gap = std::to_string(*v);
        else if (text.rfind(exceeded, 0) == 0 && whole_number_of(YAML::Node(text.substr(exceeded.size()))))
            gap = exceeded + std::to_string(*whole_number_of(YAML::Node(text.substr(exceeded.size()))));
        else {
            problems += fmt::format("  {}.gap: '{}' is not a whole number, `exceeded by N` or ~\n", where, text);
            mistaken = true;
        }
    }
    if (mistaken) return;

    const auto result = std::find_if(run.results.begin(), run.results.end(), [&](const QuotaGroupResult& g) {
        if (g.quota != quota || g.group.size() != group.size()) return false;
        return std::all_of(group.begin(), group.end(), [&](const auto& expected) {
            return std::any_of(g.group.begin(), g.group.end(), [&](const auto& kv) { return kv.first == expected.first && kv.second == expected.second; });
        });
    });
    if (result == run.results.end()) {
        failures += fmt::format("  {}: expected a group, actual none (no allocation of the period falls in it)\n", where);
        return;
    }
    for (const auto& [key, expected] : counts) {
        const std::int64_t actual = key == "k" ? result->k : key == "n" ? result->n : result->unknown;
        if (expected != actual) failures += fmt::format("  {}.{}: expected {}, actual {}\n", where, key, expected, actual);
    }
    if (share_expected) {
        const std::string actual = share_text(*result);
        const bool equal = share ? !actual.empty() && same_number(std::stod(actual), round_half_away(*share, 4)) : actual.empty();
        if (!equal)
            failures += fmt::format("  {}.share: expected {}, actual {}\n", where, share ? q["share"].Scalar() : "(none: n = 0)",
                                    actual.empty() ? "(none: n = 0)" : actual);
    }
    if (status && *status != status_name(result->status))
        failures += fmt::format("  {}.status: expected {}, actual {}\n", where, *status, status_name(result->status));
    if (gap) {
        const std::string actual = gap_text(*result);
        if (*gap != actual)
            failures += fmt::format("  {}.gap: expected {}, actual {}\n", where, gap->empty() ? "(cannot close)" : *gap,
                                    actual.empty() ? "(cannot close)" : actual);
    }
}

void Runner::check_quotas(const YAML::Node& c, const YAML::Node& expect, std::optional<Date> as_of,
                          const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems) {
    const YAML::Node list = expect["quotas"];
    if (!list.IsSequence() || list.size() == 0) {
        problems += "  expect.quotas: expected a list of quota expectations\n";
        return;
    }
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
    AuditRun run = audit_allocations(*policy_, table, AuditOptions{period->from, period->to, as_of, overrides, {}});
    if (!run.ok()) {
        problems += "  " + run.error + "\n";
        return;
    }
    for (const auto& q : list) check_quota(q, run, failures, problems);
}

void Runner::check_ranking(const YAML::Node& c, const YAML::Node& expect, Date as_of,
                           const std::vector<std::pair<std::string, Value>>& overrides, std::string& failures, std::string& problems) {
    std::string error;
    auto offer = c["offer"] ? read_offer_text(*policy_, YAML::Dump(c["offer"]), error) : std::nullopt;
    if (!c["offer"]) problems += "  offer: a ranking case gives the offer's fields\n";
    else if (!offer) problems += "  offer: " + error + "\n";
    std::vector<YAML::Node> rows;
    if (!c["demands"] || !c["demands"].IsSequence()) problems += "  demands: expected a list of demands\n";
    else for (const auto& d : c["demands"]) rows.push_back(d);
    DataTable table = table_of("demand", rows, problems);

    // The expected values, read before anything is ranked.
    std::optional<std::vector<std::string>> ranked;
    if (expect["ranked"]) {
        ranked = scalars_of(expect["ranked"]);
        if (!ranked) problems += "  expect.ranked: expected the list of the ids in order ([] for none)\n";
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> ineligible;
    if (const YAML::Node want = expect["ineligible"]) {
        std::vector<std::string> conditions;
        if (internal::PolicyAccess::compiled(*policy_).matching)
            for (const auto& condition : internal::PolicyAccess::compiled(*policy_).matching->eligible_when) conditions.push_back(condition.id);
        if (!want.IsMap() || want.size() == 0) problems += "  expect.ineligible: expected { ID: [condition ids] }\n";
        else
            for (auto it = want.begin(); it != want.end(); ++it) {
                const std::string id = it->first.Scalar();
                auto failed = scalars_of(it->second);
                if (!failed) {
                    problems += fmt::format("  expect.ineligible.{}: expected a list of condition ids ([] for none)\n", id);
                    continue;
                }
                for (const std::string& condition : *failed)
                    if (!contains(conditions, condition))
                        problems += fmt::format("  expect.ineligible.{}: no condition '{}' in `matching`{}\n", id, condition,
                                                hint_of(condition, conditions));
                ineligible.emplace_back(id, std::move(*failed));
            }
    }
    if (!problems.empty()) return;
    RankRun run = rank_candidates(*policy_, table, *offer, RankOptions{as_of, overrides, table.rows.size(), nullptr, {}});
    if (!run.ok()) {
        problems += "  " + run.error + "\n";
        return;
    }
    // The case's demands as the grid scored them, for `--coverage`.
    for (const ScoredDemand& d : score_demands(*policy_, table, ScoreOptions{as_of, overrides}).demands) saw(d);
    if (ranked) {
        std::vector<std::string> actual;
        for (const Candidate& cand : run.candidates) actual.push_back(cand.demand.id);
        if (*ranked != actual) failures += "  ranked: expected " + list_text(*ranked) + ", actual " + list_text(actual) + "\n";
    }
    for (const auto& entry : ineligible) {
        const std::string& id = entry.first;  // not a structured binding: clang 14 cannot capture one
        const auto& expected = entry.second;
        const auto found = std::find_if(run.conditions.begin(), run.conditions.end(), [&](const auto& kv) { return kv.first == id; });
        if (found == run.conditions.end()) {
            problems += "  expect.ineligible: no demand '" + id + "' in the case\n";
            continue;
        }
        std::vector<std::string> actual;
        for (const auto& outcome : found->second)
            if (outcome.held != true) actual.push_back(outcome.id);
        if (expected != actual) failures += "  ineligible." + id + ": expected " + list_text(expected) + ", actual " + list_text(actual) + "\n";
    }
}

TestCaseResult Runner::run_case(const YAML::Node& c, std::size_t index) {
    TestCaseResult result;
    result.name = c["name"] && c["name"].IsScalar() ? c["name"].Scalar() : fmt::format("case {}", index + 1);
    std::string failures, problems, explanation;
    for (auto it = c.begin(); it != c.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (!contains(case_keys, key)) problems += fmt::format("  unknown key '{}' (line {}){}\n", key, line_of(it->first), hint_of(key, case_keys));
    }
    std::optional<Date> as_of = as_of_;
    if (c["as_of"]) as_of = date_of(c["as_of"], problems, "as_of");
    const auto overrides = overrides_of(c["parameters"], problems);
    const YAML::Node expect = c["expect"];
    if (!expect || !expect.IsMap()) problems += "  expect: each case says what it expects (a mapping)\n";
    else if (expect.size() == 0) problems += "  expect: empty: the case checks nothing\n";
    else check_expect_keys(c, expect, problems);
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
        if (!c["demand"] && !expect["quotas"] && !c["offer"] && !c["demands"] && problems.empty())
            problems += "  the case has neither `demand`, `offer` and `demands`, nor `expect: quotas`\n";
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
        if (!contains(keys, key)) {
            const std::string hint = did_you_mean(key, keys);
            file_error("E0101", it->first, "unknown key '" + key + "' in the test file" + (hint.empty() ? "" : "; " + hint), hint);
        }
    }
    if (!root["policy"] || !root["policy"].IsScalar()) {
        file_error("E0103", root, "the test file lacks `policy: PATH`");
        return;
    }
    const fs::path policy_path = (fs::path(sources_.file(file_).path).parent_path() / root["policy"].Scalar()).lexically_normal();
    r_.policy = policy_path.string();
    LoadResult loaded = load_policy(policy_path.string());
    for (auto& d : loaded.diagnostics)
        if (d.severity == Severity::error) r_.diagnostics.push_back(d);
    if (!loaded.ok()) {
        if (!std::any_of(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }))
            file_error("E0004", root["policy"], "cannot load policy '" + policy_path.string() + "'");
    } else {
        policy_ = std::move(loaded.policy);
        for (const CheckedGrid& g : internal::PolicyAccess::compiled(*policy_).grids)
            for (const CheckedRubric& r : g.rubrics)
                for (const CheckedCriterion& c : r.criteria) r_.criteria.push_back(CriterionSeen{g.id, r.id, c.id});
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
            for (auto it = period.begin(); it != period.end(); ++it)
                if (!contains(period_keys, it->first.Scalar())) {
                    const std::string hint = did_you_mean(it->first.Scalar(), period_keys);
                    file_error("E0101", it->first, "unknown key '" + it->first.Scalar() + "' in `period`" + (hint.empty() ? "" : "; " + hint), hint);
                }
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
    if (cases.size() == 0) {
        file_error("E0103", cases, "the test file's list of `cases` is empty");
        return;
    }
    for (std::size_t i = 0; i < cases.size(); ++i) {
        TestCaseResult result;
        result.name = cases[i].IsMap() && cases[i]["name"] && cases[i]["name"].IsScalar() ? cases[i]["name"].Scalar() : fmt::format("case {}", i + 1);
        if (!policy_) result.report = "  the policy has errors: see above\n";
        else if (file_errors_ > 0) result.report = "  the test file has errors: see above\n";
        else if (!cases[i].IsMap()) result.report = "  a case is a mapping with name, demand (or allocations, or offer and demands) and expect\n";
        else result = run_case(cases[i], i);
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
