// The checker behind `cotation test` (run_test_file): every kind of expectation passes with the
// right value and fails with a wrong one, naming the expected and the actual value; mistakes in
// a case (unknown keys, an empty `expect`) fail it with a message naming them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cotation/policy.hpp"
#include "cotation/testing.hpp"
#include "testing/fast_check.hpp"
#include "temp_path.hpp"

namespace cotation {
namespace {

using ::testing::HasSubstr;

// Criteria in every state: for D1 (size 2, income 900, proof false) `r.grand` is applied (10),
// `r.preuve` unverified (its `requires` is false), `r.bonus` applied (5): score 15. With a null
// income `r.preuve` is unknown; with size 1 `r.grand` is not applied.
const char* const policy_text = R"(cotation: 1
name: runner
records:
  demand:
    key: id
    fields: { id: string, size: int, income: number, proof: bool, communes: list<string>, filed_on: date }
  offer:
    key: id
    fields: { id: string, commune: string, ceiling: number }
  allocation:
    key: id
    fields: { id: string, landlord: string, income: number, lease_signed_on: date }
parameters:
  bonus: 5
grids:
  - id: petit
    applies_when: size < 3
    rubrics:
      - id: r
        criteria:
          - { id: grand, when: size >= 2, points: 10 }
          - { id: preuve, when: income < 1000, requires: [proof], points: 7 }
          - { id: bonus, points: bonus }
  - id: grand
    applies_when: size >= 3
    rubrics:
      - id: g
        criteria:
          - { id: base, points: 1 }
flags:
  - { id: pauvre, when: income < 1000 }
matching:
  eligible_when:
    - { id: commune, label: "Commune", when: offer.commune in communes }
    - { id: ressources, label: "Ressources", when: income <= offer.ceiling }
quotas:
  - id: pauvres
    meets: income < 1000
    target: ">= 50%"
    by: [landlord]
  - id: au_plus_un
    meets: income < 1000
    target: "<= 1"
  - id: aucune
    scope: landlord == "Z"
    meets: income < 1000
    target: ">= 10%"
)";

const char* const d1 = "{ id: D1, size: 2, income: 900, proof: false }";

// pauvres: overall k 2, n 4, unknown 1 (A4's income is null), share 0.5, met, gap 0;
// X: k 2, n 3, share 0.6667, met; Y: k 0, n 1, unknown 1, share 0, not_met, gap 1.
// au_plus_un: overall k 2 > 1, not_met, gap `exceeded by 1`. aucune: n 0, no_data, no share.
const char* const allocations = R"(
    allocations:
      - { id: A1, landlord: X, income: 900, lease_signed_on: 2025-02-01 }
      - { id: A2, landlord: X, income: 1500, lease_signed_on: 2025-03-01 }
      - { id: A5, landlord: X, income: 800, lease_signed_on: 2025-04-01 }
      - { id: A3, landlord: Y, income: 1500, lease_signed_on: 2025-05-01 }
      - { id: A4, landlord: Y, lease_signed_on: 2025-06-01 })";

// A and B wish commune C1 and score 15 (the tie broken by id); C wishes C2 only; E earns too much.
const char* const ranking = R"(
    offer: { id: L1, commune: C1, ceiling: 1000 }
    demands:
      - { id: B, size: 2, income: 1000, proof: false, communes: [C1] }
      - { id: A, size: 2, income: 900, proof: false, communes: [C1, C2] }
      - { id: C, size: 2, income: 900, proof: false, communes: [C2] }
      - { id: E, size: 2, income: 5000, proof: false, communes: [C1] })";

// Writes the policy and a test file of `cases` (YAML list items) into a directory of this test, runs it.
TestFileResult run_cases(const std::string& cases, const std::string& defaults = "as_of: 2025-06-01\nperiod: { from: 2025-01-01, to: 2025-12-31 }\n") {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::filesystem::path dir = testing_support::unique_temp_path(std::string("runner_") + test->test_suite_name() + "_" + test->name());
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "policy.yaml", std::ios::binary) << policy_text;
    std::ofstream(dir / "tests.yaml", std::ios::binary) << "policy: policy.yaml\n" << defaults << "cases:\n" << cases << "\n";
    return run_test_file((dir / "tests.yaml").string());
}

std::string all_diagnostics(const TestFileResult& r) { return format_text(r.diagnostics); }

// One case, expected to pass.
void expect_pass(const std::string& case_yaml) {
    const TestFileResult r = run_cases(case_yaml);
    ASSERT_TRUE(r.diagnostics.empty()) << all_diagnostics(r);
    ASSERT_EQ(r.cases.size(), 1u);
    EXPECT_TRUE(r.cases[0].passed) << case_yaml << "\n" << r.cases[0].report;
    EXPECT_EQ(r.passed, 1u);
    EXPECT_EQ(r.failed, 0u);
}

// One case, expected to fail with a report holding each of `lines` (whole lines).
void expect_fail(const std::string& case_yaml, const std::vector<std::string>& lines) {
    const TestFileResult r = run_cases(case_yaml);
    ASSERT_TRUE(r.diagnostics.empty()) << all_diagnostics(r);
    ASSERT_EQ(r.cases.size(), 1u);
    EXPECT_FALSE(r.cases[0].passed) << case_yaml;
    EXPECT_EQ(r.passed, 0u);
    EXPECT_EQ(r.failed, 1u);
    for (const std::string& line : lines) EXPECT_THAT(r.cases[0].report, HasSubstr(line + "\n")) << case_yaml;
}

std::string demand_case(const std::string& demand, const std::string& expect) {
    return "  - name: case\n    demand: " + demand + "\n    expect: " + expect;
}

TEST(TestRunner, Grid) {
    expect_pass(demand_case(d1, "{ grid: petit }"));
    expect_fail(demand_case(d1, "{ grid: grand }"), {"  grid: expected grand, actual petit"});
    expect_pass(demand_case("{ id: D2 }", "{ grid: ~ }"));  // size null: no grid takes it
    expect_fail(demand_case("{ id: D2 }", "{ grid: petit }"), {"  grid: expected petit, actual (none: unscored:no_grid)"});
    expect_fail(demand_case(d1, "{ grid: ~ }"), {"  grid: expected (none), actual petit"});
}

TEST(TestRunner, Score) {
    expect_pass(demand_case(d1, "{ score: 15 }"));
    expect_fail(demand_case(d1, "{ score: 16 }"), {"  score: expected 16, actual 15"});
    expect_fail(demand_case("{ id: D2 }", "{ score: 0 }"), {"  score: expected 0, actual (unscored: no_grid)"});
}

TEST(TestRunner, Status) {
    expect_pass(demand_case(d1, "{ status: scored }"));
    expect_pass(demand_case("{ id: D2 }", "{ status: \"unscored:no_grid\" }"));
    expect_fail(demand_case("{ id: D2 }", "{ status: scored }"), {"  status: expected scored, actual unscored:no_grid"});
}

TEST(TestRunner, CriterionPoints) {
    expect_pass(demand_case(d1, "{ criteria: { r.grand: 10, r.bonus: 5 } }"));
    expect_fail(demand_case(d1, "{ criteria: { r.grand: 9 } }"), {"  criteria.r.grand: expected 9, actual 10 (applied)"});
    // 0 passes when the criterion did not apply, whatever the reason.
    expect_pass(demand_case(d1, "{ criteria: { r.preuve: 0 } }"));                                        // unverified
    expect_pass(demand_case("{ id: D3, size: 2 }", "{ criteria: { r.preuve: 0 } }"));                     // unknown
    expect_pass(demand_case("{ id: D4, size: 1, income: 900 }", "{ criteria: { r.grand: 0 } }"));         // not applied
    expect_pass(demand_case("{ id: D5, size: 4 }", "{ criteria: { r.grand: 0 } }"));                      // another grid
    expect_fail(demand_case(d1, "{ criteria: { r.preuve: 7 } }"), {"  criteria.r.preuve: expected 7, actual 0 (unverified)"});
    expect_fail(demand_case("{ id: D5, size: 4 }", "{ criteria: { r.grand: 10 } }"),
                {"  criteria.r.grand: expected 10, actual 0 (not in the grid used, grand)"});
}

TEST(TestRunner, CriterionApplied) {
    expect_pass(demand_case(d1, "{ criteria: { r.grand: applied, r.bonus: applied } }"));
    expect_fail(demand_case(d1, "{ criteria: { r.preuve: applied } }"), {"  criteria.r.preuve: expected applied, actual unverified"});
}

TEST(TestRunner, CriterionNotApplied) {
    expect_pass(demand_case("{ id: D4, size: 1, income: 900 }", "{ criteria: { r.grand: not_applied } }"));
    expect_fail(demand_case(d1, "{ criteria: { r.grand: not_applied } }"),
                {"  criteria.r.grand: expected not_applied, actual applied, 10 points"});
}

TEST(TestRunner, CriterionUnverified) {
    expect_pass(demand_case(d1, "{ criteria: { r.preuve: unverified } }"));
    expect_fail(demand_case("{ id: D3, size: 2 }", "{ criteria: { r.preuve: unverified } }"),
                {"  criteria.r.preuve: expected unverified, actual unknown"});
}

TEST(TestRunner, CriterionUnknown) {
    expect_pass(demand_case("{ id: D3, size: 2 }", "{ criteria: { r.preuve: unknown } }"));
    expect_fail(demand_case(d1, "{ criteria: { r.preuve: unknown } }"), {"  criteria.r.preuve: expected unknown, actual unverified"});
    // A criterion of a grid that did not score the demand has no state.
    expect_fail(demand_case("{ id: D5, size: 4 }", "{ criteria: { r.grand: not_applied } }"),
                {"  criteria.r.grand: expected not_applied, actual (not in the grid used, grand)"});
    expect_fail(demand_case("{ id: D2 }", "{ criteria: { r.grand: unknown } }"),
                {"  criteria.r.grand: expected unknown, actual (not evaluated: unscored:no_grid)"});
}

TEST(TestRunner, Flags) {
    expect_pass(demand_case(d1, "{ flags: { pauvre: true } }"));
    expect_pass(demand_case("{ id: D6, size: 1, income: 1500 }", "{ flags: { pauvre: false } }"));
    expect_fail(demand_case(d1, "{ flags: { pauvre: false } }"), {"  flags.pauvre: expected false, actual true"});
}

TEST(TestRunner, AFailingDemandCaseShowsItsExplanation) {
    const TestFileResult r = run_cases(demand_case(d1, "{ score: 16 }"));
    ASSERT_EQ(r.cases.size(), 1u);
    EXPECT_EQ(r.cases[0].name, "case");
    EXPECT_THAT(r.cases[0].report, HasSubstr("  explanation:\n    Demande D1"));
    EXPECT_THAT(r.cases[0].report, HasSubstr("Score : 15"));
}

TEST(TestRunner, ParametersOverrideBothPaths) {
    expect_pass("  - name: bonus\n    parameters: { bonus: 8 }\n    demand: " + std::string(d1) + "\n    expect: { score: 18, criteria: { r.bonus: 8 } }");
    expect_fail("  - name: bonus\n    parameters: { bonus: 8 }\n    demand: " + std::string(d1) + "\n    expect: { score: 15 }",
                {"  score: expected 15, actual 18"});
}

std::string ranking_case(const std::string& expect) { return "  - name: ranking" + std::string(ranking) + "\n    expect: " + expect; }

TEST(TestRunner, Ranked) {
    expect_pass(ranking_case("{ ranked: [A, B] }"));
    expect_fail(ranking_case("{ ranked: [B, A] }"), {"  ranked: expected [B, A], actual [A, B]"});
    expect_fail(ranking_case("{ ranked: [A] }"), {"  ranked: expected [A], actual [A, B]"});
}

TEST(TestRunner, Ineligible) {
    expect_pass(ranking_case("{ ineligible: { C: [commune], E: [ressources], A: [] } }"));
    expect_fail(ranking_case("{ ineligible: { C: [ressources] } }"), {"  ineligible.C: expected [ressources], actual [commune]"});
    expect_fail(ranking_case("{ ineligible: { A: [commune] } }"), {"  ineligible.A: expected [commune], actual []"});
}

std::string quota_case(const std::string& entry) {
    return "  - name: audit" + std::string(allocations) + "\n    expect:\n      quotas:\n        - " + entry;
}

TEST(TestRunner, QuotaK) {
    expect_pass(quota_case("{ quota: pauvres, group: { landlord: X }, k: 2 }"));
    expect_fail(quota_case("{ quota: pauvres, group: { landlord: X }, k: 3 }"), {"  pauvres [landlord=X].k: expected 3, actual 2"});
}

TEST(TestRunner, QuotaN) {
    expect_pass(quota_case("{ quota: pauvres, group: {}, n: 4 }"));
    expect_fail(quota_case("{ quota: pauvres, group: {}, n: 5 }"), {"  pauvres [*].n: expected 5, actual 4"});
}

TEST(TestRunner, QuotaUnknown) {
    expect_pass(quota_case("{ quota: pauvres, group: { landlord: Y }, unknown: 1 }"));
    expect_fail(quota_case("{ quota: pauvres, group: { landlord: Y }, unknown: 0 }"), {"  pauvres [landlord=Y].unknown: expected 0, actual 1"});
}

TEST(TestRunner, QuotaShare) {
    expect_pass(quota_case("{ quota: pauvres, group: { landlord: X }, share: 0.6667 }"));
    expect_fail(quota_case("{ quota: pauvres, group: { landlord: X }, share: 0.67 }"), {"  pauvres [landlord=X].share: expected 0.67, actual 0.6667"});
    expect_pass(quota_case("{ quota: aucune, group: {}, share: ~ }"));
    expect_fail(quota_case("{ quota: aucune, group: {}, share: 0 }"), {"  aucune [*].share: expected 0, actual (none: n = 0)"});
    expect_fail(quota_case("{ quota: pauvres, group: {}, share: ~ }"), {"  pauvres [*].share: expected (none: n = 0), actual 0.5000"});
}

TEST(TestRunner, QuotaStatus) {
    expect_pass(quota_case("{ quota: pauvres, group: { landlord: Y }, status: not_met }"));
    expect_fail(quota_case("{ quota: pauvres, group: { landlord: Y }, status: met }"), {"  pauvres [landlord=Y].status: expected met, actual not_met"});
    expect_pass(quota_case("{ quota: aucune, group: {}, status: no_data }"));
    expect_fail(quota_case("{ quota: aucune, group: {}, status: met }"), {"  aucune [*].status: expected met, actual no_data"});
}

TEST(TestRunner, QuotaGap) {
    expect_pass(quota_case("{ quota: pauvres, group: { landlord: Y }, gap: 1 }"));
    expect_fail(quota_case("{ quota: pauvres, group: { landlord: Y }, gap: 2 }"), {"  pauvres [landlord=Y].gap: expected 2, actual 1"});
    expect_pass(quota_case("{ quota: au_plus_un, group: {}, gap: \"exceeded by 1\" }"));
    expect_fail(quota_case("{ quota: au_plus_un, group: {}, gap: 0 }"), {"  au_plus_un [*].gap: expected 0, actual exceeded by 1"});
    expect_fail(quota_case("{ quota: au_plus_un, group: {}, gap: ~ }"), {"  au_plus_un [*].gap: expected (cannot close), actual exceeded by 1"});
}

TEST(TestRunner, QuotaGroupThatDoesNotExist) {
    expect_fail(quota_case("{ quota: pauvres, group: { landlord: W }, k: 0 }"),
                {"  pauvres [landlord=W]: expected a group, actual none (no allocation of the period falls in it)"});
}

// --- mistakes in a case fail it, with a message naming them ---

TEST(TestRunner, UnknownKeysInExpectFail) {
    expect_fail(ranking_case("{ rankd: [A, B] }"), {"    expect: unknown key 'rankd' (line 12); did you mean 'ranked'?"});
    expect_fail(demand_case(d1, "{ score: 15, critera: { r.grand: 10 } }"), {"    expect: unknown key 'critera' (line 7); did you mean 'criteria'?"});
    expect_fail(quota_case("{ quota: pauvres, group: { landlord: X }, k: 2, kk: 3 }"),
                {"    expect.quotas (line 14): unknown key 'kk'; did you mean 'k'?"});
    expect_fail(quota_case("{ quota: pauvres, group: { landlrd: X }, k: 2 }"),
                {"    expect.quotas (line 14): group: 'landlrd' is not a `by` field of pauvres; did you mean 'landlord'?"});
    expect_fail(quota_case("{ quota: pauvre, group: {}, k: 2 }"), {"    expect.quotas (line 14): no quota 'pauvre'; did you mean 'pauvres'?"});
    expect_fail(quota_case("{ quota: pauvres, group: {}, status: mett }"),
                {"    pauvres [*].status: 'mett' is not met, not_met or no_data; did you mean 'met'?"});
    expect_fail(demand_case(d1, "{ criteria: { r.grnd: 10 } }"),
                {"    expect.criteria: no criterion 'r.grnd' (write rubric.criterion); did you mean 'r.grand'?"});
    expect_fail(demand_case(d1, "{ criteria: { r.grand: aplied } }"),
                {"    expect.criteria.r.grand: 'aplied' is neither points nor a state (applied, not_applied, unknown, unverified); did you mean 'applied'?"});
    expect_fail(demand_case(d1, "{ flags: { pauvr: true } }"), {"    expect.flags: no flag 'pauvr'; did you mean 'pauvre'?"});
    expect_fail(ranking_case("{ ineligible: { C: [comune] } }"), {"    expect.ineligible.C: no condition 'comune' in `matching`; did you mean 'commune'?"});
    expect_fail("  - name: case\n    demnd: " + std::string(d1) + "\n    expect: { score: 15 }",
                {"    unknown key 'demnd' (line 6); did you mean 'demand'?"});
    expect_fail(demand_case("{ id: D1, sise: 2 }", "{ score: 5 }"), {"    demand (line 6): 'sise' is not a field of 'demand'; did you mean 'size'?"});
    expect_fail("  - name: audit\n    period: { from: 2025-01-01, to: 2025-12-31, tp: 2026-01-01 }" + std::string(allocations) +
                    "\n    expect: { quotas: [{ quota: pauvres, group: {}, k: 2 }] }",
                {"    period: unknown key 'tp'; did you mean 'to'?"});
}

TEST(TestRunner, AnExpectationThatChecksNothingFails) {
    expect_fail(demand_case(d1, "{}"), {"    expect: empty: the case checks nothing"});
    expect_fail("  - name: case\n    demand: " + std::string(d1), {"    expect: each case says what it expects (a mapping)"});
    expect_fail(demand_case(d1, "{ criteria: {} }"), {"    expect.criteria: expected a mapping rubric.criterion: points or state"});
    expect_fail(demand_case(d1, "{ flags: {} }"), {"    expect.flags: expected a mapping flag: true|false"});
    expect_fail("  - name: audit" + std::string(allocations) + "\n    expect: { quotas: [] }", {"    expect.quotas: expected a list of quota expectations"});
    expect_fail(ranking_case("{ ineligible: {} }"), {"    expect.ineligible: expected { ID: [condition ids] }"});
    expect_fail(quota_case("{ quota: pauvres, k: 2 }"),
                {"    expect.quotas (line 14): `group` is a mapping of the quota's `by` fields ({} for the overall row)"});
}

TEST(TestRunner, AnInputNothingChecksOrAnExpectationWithoutItsInputFails) {
    expect_fail(ranking_case("{ score: 15 }"), {"    expect.score: only a case with a `demand` is scored",
                                                 "    offer, demands: nothing in `expect` checks the ranking (ranked, ineligible)"});
    expect_fail(demand_case(d1, "{ ranked: [D1] }"), {"    expect.ranked: only a ranking case (`offer` and `demands`) ranks demands",
                                                       "    demand: nothing in `expect` checks it (grid, score, status, criteria, flags)"});
    expect_fail("  - name: case" + std::string(allocations) + "\n    demand: " + d1 + "\n    expect: { score: 15 }",
                {"    allocations: only an audit case (`expect: quotas`) counts allocations"});
}

TEST(TestRunner, MistakenExpectedValuesAreNamed) {
    expect_fail(demand_case(d1, "{ score: beaucoup }"), {"    expect.score: not a number"});
    expect_fail(demand_case(d1, "{ flags: { pauvre: peut-être } }"), {"    expect.flags.pauvre: expected true or false"});
    expect_fail(ranking_case("{ ranked: A }"), {"    expect.ranked: expected the list of the ids in order ([] for none)"});
    expect_fail(ranking_case("{ ineligible: { C: commune } }"), {"    expect.ineligible.C: expected a list of condition ids ([] for none)"});
    expect_fail(quota_case("{ quota: pauvres, group: {}, k: deux }"), {"    pauvres [*].k: not a whole number"});
    expect_fail(quota_case("{ quota: pauvres, group: {}, gap: beaucoup }"), {"    pauvres [*].gap: 'beaucoup' is not a whole number, `exceeded by N` or ~"});
    expect_fail(quota_case("{ quota: pauvres, group: {}, share: moitié }"), {"    pauvres [*].share: not a number (or ~ when n = 0)"});
}

TEST(TestRunner, CountsEachCaseAndKeepsRunningAfterAFailure) {
    const TestFileResult r = run_cases(demand_case(d1, "{ score: 16 }") + "\n" + demand_case(d1, "{ score: 15 }") + "\n" +
                                       demand_case(d1, "{ sco: 15 }"));
    ASSERT_TRUE(r.diagnostics.empty()) << all_diagnostics(r);
    ASSERT_EQ(r.cases.size(), 3u);
    EXPECT_FALSE(r.cases[0].passed);
    EXPECT_TRUE(r.cases[1].passed);
    EXPECT_FALSE(r.cases[2].passed);
    EXPECT_EQ(r.passed, 1u);
    EXPECT_EQ(r.failed, 2u);
}

TEST(TestRunner, ErrorsOfTheTestFileFailEveryCase) {
    const TestFileResult typo = run_cases(demand_case(d1, "{ score: 15 }"), "as_of: 2025-06-01\nperod: { from: 2025-01-01, to: 2025-12-31 }\n");
    ASSERT_EQ(typo.diagnostics.size(), 1u);
    EXPECT_EQ(typo.diagnostics[0].message, "unknown key 'perod' in the test file; did you mean 'period'?");
    ASSERT_EQ(typo.cases.size(), 1u);
    EXPECT_FALSE(typo.cases[0].passed);
    EXPECT_EQ(typo.cases[0].report, "  the test file has errors: see above\n");
    EXPECT_EQ(typo.failed, 1u);

    const TestFileResult period = run_cases(demand_case(d1, "{ score: 15 }"), "as_of: 2025-06-01\nperiod: { from: 2025-01-01, to: 2025-12-31, tp: 2026-01-01 }\n");
    ASSERT_EQ(period.diagnostics.size(), 1u);
    EXPECT_EQ(period.diagnostics[0].message, "unknown key 'tp' in `period`; did you mean 'to'?");
    EXPECT_EQ(period.failed, 1u);

    const TestFileResult none = run_cases("  []");
    ASSERT_EQ(none.diagnostics.size(), 1u);
    EXPECT_EQ(none.diagnostics[0].message, "the test file's list of `cases` is empty");
    EXPECT_TRUE(none.cases.empty());
}

// --- the fast path: each demand case is scored by it too, and must agree ---

TEST(TestRunner, DemandCasesAgreeOnTheFastPath) {
    // Every type of field, nulls and lists, through the JSON Lines the fast path reads.
    expect_pass(demand_case("{ id: \"D 7\", size: 2, income: 900.25, proof: oui, communes: [C1, \"C|2\"], filed_on: 2024-02-29 }",
                            "{ score: 22, criteria: { r.preuve: applied } }"));
}

ScoredDemand scored_d1() {
    ScoredDemand d;
    d.id = "D1";
    d.grid = "petit";
    d.score = 15;
    d.rank = 1;
    d.group_size = 1;
    d.percentile = 100;
    d.flags = {"pauvre"};
    d.criteria = {{"r", "grand", CriterionState::applied, 10}, {"r", "preuve", CriterionState::unverified, 0}};
    return d;
}

TEST(FastCheck, EqualResultsHaveNoDifference) { EXPECT_EQ(score_differences(scored_d1(), scored_d1()), ""); }

TEST(FastCheck, EachDifferenceIsNamedWithBothResults) {
    const ScoredDemand reference = scored_d1();
    ScoredDemand fast = reference;
    fast.score = 14.5;
    EXPECT_EQ(score_differences(reference, fast), "    score: reference 15, fast path 14.5\n");
    fast = reference;
    fast.grid = "grand";
    EXPECT_EQ(score_differences(reference, fast), "    grid: reference petit, fast path grand\n");
    fast = reference;
    fast.grid.clear();
    fast.unscored_reason = "no_grid";
    EXPECT_THAT(score_differences(reference, fast), HasSubstr("    status: reference scored, fast path unscored:no_grid\n"));
    fast = reference;
    fast.rank = 2;
    fast.group_size = 2;
    EXPECT_EQ(score_differences(reference, fast), "    rank: reference 1 of 1 (percentile 100), fast path 2 of 2 (percentile 100)\n");
    fast = reference;
    fast.flags.clear();
    EXPECT_EQ(score_differences(reference, fast), "    flags: reference pauvre, fast path (none)\n");
    fast = reference;
    fast.criteria[1].state = CriterionState::unknown;
    EXPECT_EQ(score_differences(reference, fast), "    criteria.r.preuve: reference unverified, fast path unknown\n");
    fast = reference;
    fast.criteria[0].points = 9;
    EXPECT_EQ(score_differences(reference, fast), "    criteria.r.grand: reference applied, 10 points, fast path applied, 9 points\n");
    fast = reference;
    fast.criteria[1].points = 7;  // not applied, yet points
    EXPECT_EQ(score_differences(reference, fast), "    criteria.r.preuve points: reference 0, fast path 7\n");
    fast = reference;
    fast.criteria.pop_back();
    EXPECT_EQ(score_differences(reference, fast), "    criteria: reference 2, fast path 1\n");
}

TEST(FastCheck, RowsAsJsonLinesReadBackAsTheSameValues) {
    DataTable table;
    table.fields = {{"id", Type::of(TypeKind::string)},       {"n", Type::of(TypeKind::number)},
                    {"b", Type::of(TypeKind::boolean)},       {"d", Type::of(TypeKind::date)},
                    {"l", Type::list_of(TypeKind::string)},   {"e", Type::enumeration({"T1", "T2"})}};
    table.rows.push_back({Value("A \"1\""), Value(0.1), Value(false), Value(date_from_civil(2024, 2, 29)), Value(List{Value("x|y"), Value("z")}),
                          Value("T2")});
    table.rows.push_back({Value("B"), Value(), Value(), Value(), Value(), Value()});
    const std::string text = jsonl_of(table);
    EXPECT_EQ(text, "{\"b\":false,\"d\":\"2024-02-29\",\"e\":\"T2\",\"id\":\"A \\\"1\\\"\",\"l\":[\"x|y\",\"z\"],\"n\":0.1}\n{\"id\":\"B\"}\n");
    const ReadResult read = read_jsonl_text(text, table.fields);
    ASSERT_TRUE(read.ok()) << read.error;
    ASSERT_TRUE(read.table.rejected.empty()) << read.table.rejected[0].reason;
    EXPECT_EQ(read.table.rows, table.rows);
}

}  // namespace
}  // namespace cotation
