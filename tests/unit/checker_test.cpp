#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cotation/policy.hpp"

namespace cotation {
namespace {

const char* const header = R"(cotation: 1
name: t
records:
  demand:
    key: id
    fields:
      id: string
      household_size: int
      monthly_income: number
      current_housing: enum[HLM, SD, LP]
      motifs: list<string>
      filed_on: date
      dalo: bool
      proof: bool
parameters:
  threshold: 7650
  codes: ["01", "05"]
  ceiling: {1: 100, 2: 200}
)";

// A policy with one criterion whose `when` is `when`.
LoadResult with_when(const std::string& when, const std::string& extra = "") {
    std::string text = std::string(header) + extra +
                       "grids:\n  - id: g\n    rubrics:\n      - id: r\n        criteria:\n          - id: c\n            when: '" + when +
                       "'\n            points: 1\n";
    return load_policy_from_string(text, "t.yaml");
}

std::vector<std::string> codes(const LoadResult& r) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) out.push_back(d.code);
    return out;
}

TEST(Checker, AcceptsWellTypedExpressions) {
    for (const char* when : {"household_size >= 4", "monthly_income * 12 / household_size < threshold", "current_housing in [\"SD\", \"LP\"]",
                             "contains(motifs, \"05\")", "any_in(motifs, codes)", "dalo", "dalo and not proof or dalo is null",
                             "months_between(filed_on, as_of) > 24", "filed_on < date(\"2024-01-01\")", "ceiling[household_size] > 150",
                             "(if dalo then 1 else 2) == 1", "coalesce(monthly_income, 0) > 0", "monthly_income ?? 0 > 0",
                             "current_housing >= \"SD\"", "first(motifs) == \"01\"", "count(motifs) >= 2", "age(filed_on) >= 1",
                             "null", "round(monthly_income / 3, 2) > 1", "clamp(household_size, 1, 6) == 6"}) {
        LoadResult r = with_when(when);
        EXPECT_TRUE(r.ok()) << when << "\n" << format_text(r.diagnostics);
    }
}

TEST(Checker, UnknownFieldSuggestsTheClosestName) {
    LoadResult r = with_when("housholdsize >= 4");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    const Diagnostic& d = r.diagnostics[0];
    EXPECT_EQ(d.code, "E0301");
    EXPECT_EQ(d.message, "unknown field 'housholdsize'; did you mean 'household_size'?");
    EXPECT_EQ(d.line, 25u);
    EXPECT_EQ(d.column, 20u);
    EXPECT_EQ(d.end_column, 32u);
}

TEST(Checker, TypeErrors) {
    EXPECT_THAT(codes(with_when("household_size == \"4\"")), ::testing::ElementsAre("E0401"));
    EXPECT_THAT(codes(with_when("filed_on + 1 > filed_on")), ::testing::ElementsAre("E0401"));
    EXPECT_THAT(codes(with_when("current_housing == \"XX\"")), ::testing::ElementsAre("E0403"));
    EXPECT_THAT(codes(with_when("current_housing in [\"SD\", \"XX\"]")), ::testing::ElementsAre("E0403"));
    EXPECT_THAT(codes(with_when("min() > 1")), ::testing::ElementsAre("E0402"));
    EXPECT_THAT(codes(with_when("months_between(filed_on) > 1")), ::testing::ElementsAre("E0402"));
    EXPECT_THAT(codes(with_when("household_size in household_size")), ::testing::ElementsAre("E0404"));
    EXPECT_THAT(codes(with_when("maxx(1, 2) > 1")), ::testing::ElementsAre("E0302"));
    EXPECT_THAT(codes(with_when("household_size")), ::testing::ElementsAre("E0405"));
    EXPECT_THAT(codes(with_when("a < b < c")), ::testing::ElementsAre("E0203"));
    EXPECT_THAT(codes(with_when("date(\"2025-02-30\") > filed_on")), ::testing::ElementsAre("E0407"));
    EXPECT_THAT(codes(with_when("threshold[1] > 0")), ::testing::ElementsAre("E0408"));
    EXPECT_THAT(codes(with_when("offer.rent > 0")), ::testing::ElementsAre("E0308"));
    EXPECT_THAT(codes(with_when("dalo < proof")), ::testing::ElementsAre("E0401"));
}

TEST(Checker, ReportsEveryErrorInOneRun) {
    std::string text = std::string(header) + R"(grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - id: a
            when: foo > 1
            points: 1
          - id: b
            when: dalo
            points: '"x"'
          - id: c
            when: dalo
            requires: [household_size, nothing]
            points: 2
)";
    LoadResult r = load_policy_from_string(text, "t.yaml");
    EXPECT_THAT(codes(r), ::testing::ElementsAre("E0301", "E0405", "E0406", "E0307"));
}

TEST(Checker, DerivedFieldsAreTypedInDependencyOrderAndCyclesNamed) {
    std::string ok = std::string(header) + "    \n";
    std::string text = R"(cotation: 1
records:
  demand:
    key: id
    fields: { id: string, n: int }
    derived:
      b: a * 2
      a: n + 1
      c: b > 3
grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - { id: x, when: c, points: b }
)";
    EXPECT_TRUE(load_policy_from_string(text, "t.yaml").ok());
    std::string cycle = R"(cotation: 1
records:
  demand:
    key: id
    fields: { id: string, n: int }
    derived:
      a: b + 1
      b: c + 1
      c: a + n
)";
    LoadResult r = load_policy_from_string(cycle, "t.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "E0304");
    EXPECT_EQ(r.diagnostics[0].message, "derived fields depend on each other in a cycle: a -> b -> c -> a");
}

TEST(Checker, NameClashesAndReservedNames) {
    std::string text = R"(cotation: 1
records:
  demand:
    key: id
    fields: { id: string, n: int, as_of: date }
    derived:
      n: 1
parameters:
  id: 3
)";
    EXPECT_THAT(codes(load_policy_from_string(text, "t.yaml")), ::testing::ElementsAre("E0305", "E0303", "E0303"));
}

TEST(Checker, UnusedParameterIsAWarningOnly) {
    LoadResult r = with_when("dalo", "");
    ASSERT_TRUE(r.ok());
    EXPECT_THAT(codes(r), ::testing::ElementsAre("W0501", "W0501", "W0501"));
    EXPECT_EQ(r.diagnostics[0].severity, Severity::warning);
}

TEST(Checker, QuotaContextRules) {
    std::string text = R"(cotation: 1
records:
  allocation:
    key: id
    fields: { id: string, landlord: string, qpv: bool, signed: date, income: number, tags: list<string> }
quotas:
  - id: q
    period_field: income
    scope: qpv
    meets: income
    target: ">= 25%"
    by: [landlord, tags, landlrd]
    overrides:
      - where: { landlord: "A", qpv: "true" }
        target: ">= 30%"
)";
    EXPECT_THAT(codes(load_policy_from_string(text, "t.yaml")), ::testing::ElementsAre("E0409", "E0405", "E0409", "E0307", "E0307"));
}

TEST(Checker, ScalarStylesMapPositionsIntoTheFile) {
    const auto position = [](const std::string& when_yaml) {
        std::string text = std::string(header) + "grids:\n  - id: g\n    rubrics:\n      - id: r\n        criteria:\n          - id: c\n            when: " +
                           when_yaml + "\n            points: 1\n";
        LoadResult r = load_policy_from_string(text, "t.yaml");
        EXPECT_EQ(r.diagnostics.size(), 1u) << format_text(r.diagnostics);
        return r.diagnostics.empty() ? std::pair<unsigned, unsigned>{0, 0} : std::pair<unsigned, unsigned>{r.diagnostics[0].line, r.diagnostics[0].column};
    };
    // Line 25 is the `when:` line; the value starts at column 19.
    EXPECT_EQ(position("dalo and nope"), (std::pair<unsigned, unsigned>{25, 28}));
    EXPECT_EQ(position("'dalo and nope'"), (std::pair<unsigned, unsigned>{25, 29}));
    EXPECT_EQ(position("'\"x\" == ''y'' and nope'"), (std::pair<unsigned, unsigned>{25, 37}));
    EXPECT_EQ(position("\"dalo and nope\""), (std::pair<unsigned, unsigned>{25, 29}));
    EXPECT_EQ(position("\"\\\"x\\\" == 'y' and nope\""), (std::pair<unsigned, unsigned>{25, 37}));
    EXPECT_EQ(position("|\n              dalo and\n              nope"), (std::pair<unsigned, unsigned>{27, 15}));
    EXPECT_EQ(position(">\n              dalo and\n              nope"), (std::pair<unsigned, unsigned>{27, 15}));
    EXPECT_EQ(position("dalo and\n              nope"), (std::pair<unsigned, unsigned>{26, 15}));
}

TEST(Loader, UnknownKeysDuplicatesAndMissingKeys) {
    std::string text = R"(cotation: 1
nme: x
records:
  demand:
    key: id
    fields: { id: string }
grids:
  - id: g
    rubrics:
      - id: r
        combine: avg
        criteria:
          - id: a
            points: 1
          - id: a
            points: 2
          - id: B
            points: 1
          - id: c
            pionts: 1
)";
    LoadResult r = load_policy_from_string(text, "t.yaml");
    EXPECT_THAT(codes(r), ::testing::ElementsAre("E0101", "E0104", "E0105", "E0106", "E0101"));
    EXPECT_EQ(r.diagnostics[0].message, "unknown key 'nme' in the policy; did you mean 'name'?");
    ASSERT_EQ(r.diagnostics[2].notes.size(), 1u);
    EXPECT_EQ(r.diagnostics[2].notes[0].line, 13u);
}

TEST(Loader, ParameterDatesMustIncrease) {
    std::string text = R"(cotation: 1
parameters:
  p:
    values:
      2025-01-01: 1
      2024-01-01: 2
)";
    LoadResult r = load_policy_from_string(text, "t.yaml");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.diagnostics[0].code, "E0109");
    EXPECT_EQ(r.diagnostics[0].line, 6u);
}

TEST(Loader, HostileFilesGiveDiagnosticsNotCrashes) {
    EXPECT_THAT(codes(load_policy_from_string("", "t.yaml")), ::testing::ElementsAre("E0005"));
    EXPECT_THAT(codes(load_policy_from_string(std::string("cotation: 1\nname: \"\xff\xfe\"\n"), "t.yaml")), ::testing::ElementsAre("E0002"));
    EXPECT_THAT(codes(load_policy_from_string(std::string("\x00\x01\x02garbage", 10), "t.yaml")), ::testing::ElementsAre("E0002"));
    EXPECT_THAT(codes(load_policy_from_string(std::string(10000, '[') + std::string(10000, ']'), "t.yaml")), ::testing::ElementsAre("E0001"));
    EXPECT_THAT(codes(load_policy_from_string(std::string(9u << 20, '#'), "t.yaml")), ::testing::ElementsAre("E0003"));
    EXPECT_THAT(codes(load_policy_from_string("cotation: 2\n", "t.yaml")), ::testing::ElementsAre("E0110"));
    EXPECT_THAT(codes(load_policy_from_string("- a\n- b\n", "t.yaml")), ::testing::ElementsAre("E0005"));
}

TEST(Loader, CaretPastALoneCarriageReturnIsShown) {
    // Found by the fuzzer: a place after a lone CR lies past the shown line.
    LoadResult r = load_policy(std::string(COTATION_SOURCE_DIR) + "/fuzz/corpus/policy/crash_caret_after_lone_cr.yaml");
    ASSERT_FALSE(r.ok());
    std::string text;
    EXPECT_NO_THROW(text = format_text(r.diagnostics));
    EXPECT_THAT(text, ::testing::HasSubstr("error[E0002]"));
    std::string shifted = std::string(10, 'x') + "\r" + std::string(200, 'y') + "\x01";
    EXPECT_NO_THROW(text = format_text(load_policy_from_string(shifted, "t.yaml").diagnostics));
}

TEST(Loader, YamlErrorOnAQuotedExpressionHasAHint) {
    LoadResult r = load_policy_from_string("cotation: 1\nflags:\n  - id: f\n    when: \"06\" in motifs\n", "t.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "E0001");
    EXPECT_THAT(r.diagnostics[0].hint, ::testing::HasSubstr("when: '\"06\" in motifs'"));
}

}  // namespace
}  // namespace cotation
