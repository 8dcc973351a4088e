// `NAME=VALUE` settings (cotation/parameters.hpp, the command line's --set): typed by the parameter,
// every mistake an error naming the parameter, the last of a name winning where they are applied,
// a dated parameter replaced at every date.
#include <gtest/gtest.h>

#include "cotation/parameters.hpp"
#include "cotation/policy.hpp"
#include "cotation/score.hpp"
#include "plan/plan.hpp"
#include "check/policy_access.hpp"

namespace cotation {
namespace {

Policy settings_policy() {
    LoadResult loaded = load_policy_from_string(R"(cotation: 1
records:
  demand:
    key: id
    fields: {id: string, commune: string, size: int}
parameters:
  pts: 10
  rate: 0.25
  label_commune: "62510"
  actif: true
  communes: ["62510", "62511"]
  tailles: [1, 2]
  bareme: {1: 5, 2: 8}
  zones: {A: 1.5, B: 2}
  seuil:
    values:
      2024-01-01: 100
      2025-01-01: 200
grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - id: c
            when: actif and commune in communes and size in tailles
            points: pts + seuil + (bareme[size] ?? 0) + rate + (zones["A"] ?? 0)
ranking:
  within: [commune == label_commune]
)");
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    return *loaded.policy;
}

std::string text_of(const Result<std::pair<std::string, Value>>& r) {
    if (!r) return "error " + r.error().code + ": " + r.error().message;
    std::string out = r->first + " = " + format_value(r->second);
    if (const Table* t = r->second.as_table())
        for (const auto& [key, value] : t->entries) out += " " + key + ":" + format_number(value);
    return out;
}

TEST(ParameterSettings, ValuesAreTypedByTheParameter) {
    const Policy p = settings_policy();
    EXPECT_EQ(text_of(parameter_setting(p, "pts=80")), "pts = 80");
    EXPECT_EQ(text_of(parameter_setting(p, "rate=0.3")), "rate = 0.3");
    EXPECT_EQ(text_of(parameter_setting(p, "rate=1")), "rate = 1");  // a whole number fits a number
    EXPECT_EQ(text_of(parameter_setting(p, "label_commune=62590")), "label_commune = 62590");  // the text as written
    EXPECT_EQ(text_of(parameter_setting(p, "label_commune='062'")), "label_commune = 062");
    EXPECT_EQ(text_of(parameter_setting(p, "label_commune=a=b")), "label_commune = a=b");  // the first `=` cuts
    EXPECT_EQ(text_of(parameter_setting(p, "actif=false")), "actif = false");
    EXPECT_EQ(text_of(parameter_setting(p, "communes=[62510, \"62520\"]")), "communes = 62510|62520");
    EXPECT_EQ(text_of(parameter_setting(p, "communes=[]")), "communes = ");
    EXPECT_EQ(text_of(parameter_setting(p, "tailles=[3, 4]")), "tailles = 3|4");
    EXPECT_EQ(text_of(parameter_setting(p, "tailles=[]")), "tailles = ");
    EXPECT_EQ(text_of(parameter_setting(p, "bareme={1: 0, 2: 1}")), "bareme = <table> 1:0 2:1");
    EXPECT_EQ(text_of(parameter_setting(p, "zones={B: 3, A: 0.5}")), "zones = <table> A:0.5 B:3");
    EXPECT_EQ(text_of(parameter_setting(p, "seuil=150")), "seuil = 150");
}

TEST(ParameterSettings, EveryMistakeNamesTheParameter) {
    const Policy p = settings_policy();
    EXPECT_EQ(text_of(parameter_setting(p, "ptss=80")), "error E0705: 'ptss' is not a parameter of the policy; did you mean 'pts'?");
    EXPECT_EQ(text_of(parameter_setting(p, "zzzzzzzz=1")), "error E0705: 'zzzzzzzz' is not a parameter of the policy");
    EXPECT_EQ(text_of(parameter_setting(p, "pts")), "error E0705: 'pts' is not NAME=VALUE (a parameter's name, `=`, its value)");
    EXPECT_EQ(text_of(parameter_setting(p, "=80")), "error E0705: '=80' is not NAME=VALUE (a parameter's name, `=`, its value)");
    EXPECT_EQ(text_of(parameter_setting(p, "pts=")), "error E0705: parameter 'pts' is int; no value given");
    EXPECT_EQ(text_of(parameter_setting(p, "pts=~")), "error E0705: parameter 'pts' is int; no value given");
    EXPECT_EQ(text_of(parameter_setting(p, "pts=abc")), "error E0705: parameter 'pts' is int; 'abc' is not a number");
    EXPECT_EQ(text_of(parameter_setting(p, "pts=12.5")), "error E0705: parameter 'pts' is int; '12.5' is not a whole number");
    EXPECT_EQ(text_of(parameter_setting(p, "pts=[1]")), "error E0705: parameter 'pts' is int; expected a single value");
    EXPECT_EQ(text_of(parameter_setting(p, "rate=25%")), "error E0705: parameter 'rate' is number; '25%' is not a number");
    EXPECT_EQ(text_of(parameter_setting(p, "actif=oui")), "error E0705: parameter 'actif' is bool; 'oui' is not true or false");
    EXPECT_EQ(text_of(parameter_setting(p, "actif=1")), "error E0705: parameter 'actif' is bool; '1' is not true or false");
    EXPECT_EQ(text_of(parameter_setting(p, "actif=True")), "error E0705: parameter 'actif' is bool; 'True' is not true or false");
    EXPECT_EQ(text_of(parameter_setting(p, "communes=62510")),
              "error E0705: parameter 'communes' is list<string>; '62510' is not a list (write [a, b], or [] for none)");
    EXPECT_EQ(text_of(parameter_setting(p, "communes=62510|62511")),
              "error E0705: parameter 'communes' is list<string>; '62510|62511' is not a list (write [a, b], or [] for none)");
    EXPECT_EQ(text_of(parameter_setting(p, "tailles=[1, x]")), "error E0705: parameter 'tailles' is list<int>; 'x' is not a number");
    EXPECT_EQ(text_of(parameter_setting(p, "tailles=[1.5]")), "error E0705: parameter 'tailles' is list<int>; '1.5' is not a whole number");
    EXPECT_EQ(text_of(parameter_setting(p, "communes=[[1]]")), "error E0705: parameter 'communes' is list<string>; a list holds single values");
    EXPECT_EQ(text_of(parameter_setting(p, "bareme=5")), "error E0705: parameter 'bareme' is table[int -> number]; expected a table (key: number)");
    EXPECT_EQ(text_of(parameter_setting(p, "bareme={1: x}")), "error E0705: parameter 'bareme' is table[int -> number]; a table's values are numbers");
    EXPECT_EQ(text_of(parameter_setting(p, "bareme={a: 1}")), "error E0705: parameter 'bareme' is table[int -> number]; '{a: 1}' does not fit it");
    EXPECT_EQ(text_of(parameter_setting(p, "label_commune=[a]")), "error E0705: parameter 'label_commune' is string; expected a single value");
    EXPECT_EQ(text_of(parameter_setting(p, "pts=[1")), "error E0705: parameter 'pts' is int; '[1' is not a YAML value");
}

TEST(ParameterSettings, ADatedParameterIsReplacedAtEveryDateAndTheLastOfANameWins) {
    const Policy p = settings_policy();
    const Date before = date_from_civil(2023, 6, 1);
    Result<Plan> plan = make_plan(internal::PolicyAccess::compiled(p), before);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().message, "parameter 'seuil' has no value in force on 2023-06-01 (its first value starts 2024-01-01)");
    const std::int32_t seuil = internal::PolicyAccess::compiled(p).parameter_index("seuil");
    plan = make_plan(internal::PolicyAccess::compiled(p), before, {*parameter_setting(p, "seuil=150"), *parameter_setting(p, "seuil=175")});
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(format_value(plan->parameters[static_cast<std::size_t>(seuil)]), "175");
    plan = make_plan(internal::PolicyAccess::compiled(p), date_from_civil(2025, 6, 1), {*parameter_setting(p, "seuil=150")});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(format_value(plan->parameters[static_cast<std::size_t>(seuil)]), "150");

    // Through a score: 10 + 150 + bareme[2] 8 + 0.25 + zones A 1.5.
    DataTable demands;
    demands.fields = p.fields("demand");
    demands.rows.push_back({Value("D1"), Value("62510"), Value(2)});
    const ScoreRun run = score_demands(p, demands, ScoreOptions{before, {*parameter_setting(p, "seuil=150")}});
    ASSERT_TRUE(run.ok()) << run.error;
    EXPECT_EQ(run.demands[0].score, 169.75);
    const ScoreRun off = score_demands(p, demands, ScoreOptions{before, {*parameter_setting(p, "seuil=150"), *parameter_setting(p, "actif=false")}});
    EXPECT_EQ(off.demands[0].score, 0);
}

}  // namespace
}  // namespace cotation
