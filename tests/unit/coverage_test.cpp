// coverage (cotation/coverage.hpp) against counts made from the reference scorer's criteria and
// from the inputs (a flag is null where the field it reads is empty); the same CSV whatever the
// threads and blocks; points summed exactly (ExactSum); `cotation test --coverage`'s marks.
#include <gtest/gtest.h>
#include <unistd.h>  // getpid: temporary files of their own

#include <array>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/exact_sum.hpp"
#include "cotation/coverage.hpp"
#include "cotation/policy.hpp"
#include "cotation/score.hpp"
#include "cotation/testing.hpp"

namespace cotation {
namespace {

const std::string data_dir = std::string(COTATION_SOURCE_DIR) + "/tests/authors/data/";
const Date as_of = date_from_civil(2025, 6, 1);

Policy base_policy() {
    LoadResult loaded = load_policy(data_dir + "base.yaml");
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    return *loaded.policy;
}

std::string random_demands(std::size_t rows, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto pick = [&](std::vector<std::string> choices) { return choices[rng() % choices.size()]; };
    std::string csv = "id,filed_on,size,income,hlm,typ,commune,motifs\n";
    for (std::size_t i = 0; i < rows; ++i)
        csv += (rng() % 89 == 0 ? "" : "R" + std::to_string(i)) + "," + pick({"2021-01-15", "2023-03-31", "2024-11-30", ""}) + "," +
               pick({"1", "2", "4", "6", "", "x"}) + "," + pick({"", "650", "900.5", "1000", "1199.3", "2300"}) + "," +
               pick({"true", "false", "false", ""}) + "," + pick({"T1", "T2", "T3"}) + "," + pick({"A", "B", "X"}) + "," +
               pick({"", "05", "01|05", "02"}) + "\n";
    return csv;
}

std::string csv_of(const CoverageRun& run) {
    std::ostringstream out;
    write_coverage_csv(out, run);
    return out.str();
}

// The CSV of 10.3 from the reference scorer: criteria states and points from score_demands; a
// flag's null from its field (`pauvre`: income, `ancien`: filed_on).
std::string reference_csv(const Policy& policy, const std::string& text) {
    const ReadResult read = read_csv_text(text, policy.fields("demand"));
    EXPECT_TRUE(read.ok());
    const ScoreRun run = score_demands(policy, read.table, ScoreOptions{as_of, {}});
    EXPECT_TRUE(run.ok());
    std::string out = "grid,rubric,criterion,applied,unknown,unverified,not_applied,points_total\n";
    for (const std::string grid : {"mutation", "primo"}) {
        std::vector<CriterionOutcome> names;
        std::vector<std::array<std::uint64_t, 4>> counts;
        std::vector<long double> points;
        for (const ScoredDemand& d : run.demands) {
            if (d.grid != grid) continue;
            if (names.empty()) {
                names = d.criteria;
                counts.assign(names.size(), {0, 0, 0, 0});
                points.assign(names.size(), 0);
            }
            for (std::size_t c = 0; c < d.criteria.size(); ++c) {
                ++counts[c][static_cast<std::size_t>(d.criteria[c].state)];
                if (d.criteria[c].state == CriterionState::applied) points[c] += d.criteria[c].points;
            }
        }
        EXPECT_FALSE(names.empty());
        for (std::size_t c = 0; c < names.size(); ++c)
            out += grid + "," + names[c].rubric + "," + names[c].criterion + "," + std::to_string(counts[c][0]) + "," +
                   std::to_string(counts[c][1]) + "," + std::to_string(counts[c][2]) + "," + std::to_string(counts[c][3]) + "," +
                   format_number(round_half_away(static_cast<double>(points[c]), 9)) + "\n";
    }
    const std::size_t income = 3, filed_on = 1;
    for (const auto& [flag, field] : {std::pair<std::string, std::size_t>{"pauvre", income}, {"ancien", filed_on}}) {
        std::uint64_t yes = 0, null = 0, no = 0;
        for (std::size_t i = 0; i < run.demands.size(); ++i) {
            const ScoredDemand& d = run.demands[i];
            if (!d.scored()) continue;
            if (std::count(d.flags.begin(), d.flags.end(), flag)) ++yes;
            else if (read.table.rows[i][field].is_null()) ++null;
            else ++no;
        }
        out += "flag,," + flag + "," + std::to_string(yes) + "," + std::to_string(null) + ",," + std::to_string(no) + ",\n";
    }
    return out;
}

TEST(Coverage, CountsAgreeWithTheReferenceWhateverTheThreadsAndBlocks) {
    const Policy policy = base_policy();
    const std::string text = random_demands(3000, 11);
    const std::string expected = reference_csv(policy, text);
    const std::string path = ::testing::TempDir() + "/coverage_random_" + std::to_string(::getpid()) + ".csv";
    std::ofstream(path, std::ios::binary) << text;
    for (const unsigned threads : {1u, 2u, 3u})
        for (const std::size_t block : {std::size_t{4099}, std::size_t{65537}, std::size_t{32} << 20}) {
            CoverageOptions options;
            options.as_of = as_of;
            options.threads = threads;
            const CoverageRun run = coverage_file(policy, path, options, block);
            ASSERT_TRUE(run.ok()) << run.error;
            EXPECT_EQ(csv_of(run), expected) << threads << " threads, block " << block;
            EXPECT_EQ(run.rows_read, 3000u);
            EXPECT_EQ(run.rows_read, run.scored + run.unscored + run.rejected.size());
            EXPECT_GT(run.rejected.size(), 0u);
            // Each criterion's four counts add up to its grid's demands; each flag's three to the scored.
            for (const CriterionCoverage& c : run.criteria) {
                const auto grid = std::find_if(run.grids.begin(), run.grids.end(), [&](const auto& g) { return g.first == c.grid; });
                EXPECT_EQ(c.applied + c.unknown + c.unverified + c.not_applied, grid->second) << c.criterion;
            }
            for (const FlagCoverage& f : run.flags) EXPECT_EQ(f.true_count + f.null_count + f.false_count, run.scored) << f.flag;
        }
}

TEST(Coverage, AnEmptyFileCountsNothingAndAParameterWithoutValueIsAnError) {
    const Policy policy = base_policy();
    CoverageOptions options;
    options.as_of = as_of;
    CoverageRun run = coverage_csv(policy, "id,filed_on,size,income,hlm,typ,commune,motifs\n", options);
    ASSERT_TRUE(run.ok()) << run.error;
    EXPECT_EQ(csv_of(run),
              "grid,rubric,criterion,applied,unknown,unverified,not_applied,points_total\n"
              "mutation,situation,grand,0,0,0,0,0\nmutation,anciennete,mois,0,0,0,0,0\n"
              "primo,situation,grand,0,0,0,0,0\nprimo,situation,motif,0,0,0,0,0\nprimo,situation,revenu,0,0,0,0,0\n"
              "primo,anciennete,mois,0,0,0,0,0\nflag,,pauvre,0,0,,0,\nflag,,ancien,0,0,,0,\n");
    options.as_of = date_from_civil(2023, 1, 1);
    run = coverage_csv(policy, "id,filed_on,size,income,hlm,typ,commune,motifs\n", options);
    EXPECT_EQ(run.error, "parameter 'plafond_mois' has no value in force on 2023-01-01 (its first value starts 2024-01-01)");
    EXPECT_FALSE(run.input_error);
    run = coverage_csv(policy, "id,filed_on\nA,2024-01-01\n", CoverageOptions{as_of, {}, {}, 1, {}});
    EXPECT_TRUE(run.input_error);
}

TEST(Coverage, PointsAddUpExactlyInAnyOrder) {
    ExactSum a, b, c;
    for (int i = 0; i < 10; ++i) a.add(0.1);
    EXPECT_EQ(a.value(), 1.0);  // ten 0.1 added as doubles give 0.9999999999999999
    b.add(1e15);
    b.add(0.3);
    b.add(-1e15);
    EXPECT_EQ(b.value(), 0.3);  // added as doubles: 0.25
    c.add(-1e15);
    c.add(0.3);
    ExactSum d;
    d.add(1e15);
    d += c;
    EXPECT_EQ(d.value(), b.value());
    ExactSum e;
    e.add(-2.5);
    e.add(1.25);
    EXPECT_EQ(e.value(), -1.25);
}

TEST(Coverage, TestFilesMarkTheCriteriaTheirCasesSawApplied) {
    const std::string dir = ::testing::TempDir() + "/coverage_tests_" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/policy.yaml") << std::ifstream(data_dir + "base.yaml").rdbuf();
    std::ofstream(dir + "/cases.yaml") << R"(policy: policy.yaml
as_of: 2025-06-01
cases:
  - name: "mutation, grande famille"
    demand: {id: A, filed_on: 2024-06-01, size: 5, income: 2000, hlm: true, typ: T3, commune: A}
    expect: {grid: mutation, criteria: {situation.grand: 10}}
  - name: "primo: a demand whose motif points are 0 is applied all the same"
    demand: {id: B, filed_on: 2025-06-01, size: 1, income: 0, hlm: false, typ: T1, commune: A}
    expect: {grid: primo, criteria: {situation.revenu: applied}}
)";
    const TestFileResult result = run_test_file(dir + "/cases.yaml");
    ASSERT_EQ(result.failed, 0u) << (result.cases.empty() ? "" : result.cases[0].report);
    EXPECT_EQ(result.policy, std::filesystem::path(dir + "/policy.yaml").lexically_normal().string());
    std::string seen;
    for (const CriterionSeen& c : result.criteria) seen += c.grid + "/" + c.rubric + "/" + c.criterion + (c.applied ? " applied\n" : "\n");
    EXPECT_EQ(seen,
              "mutation/situation/grand applied\nmutation/anciennete/mois applied\n"
              "primo/situation/grand\nprimo/situation/motif\nprimo/situation/revenu applied\nprimo/anciennete/mois applied\n");

    // A file of ranking cases only: the demands of its cases are seen too.
    const TestFileResult ranking = run_test_file(std::string(COTATION_SOURCE_DIR) + "/rules/cahc/matching_tests.yaml");
    ASSERT_EQ(ranking.failed, 0u);
    ASSERT_FALSE(ranking.criteria.empty());
    const auto seen_applied = [&](const std::string& grid, const std::string& rubric, const std::string& criterion) {
        for (const CriterionSeen& c : ranking.criteria)
            if (c.grid == grid && c.rubric == rubric && c.criterion == criterion) return c.applied;
        ADD_FAILURE() << "no criterion " << grid << "/" << rubric << "/" << criterion;
        return false;
    };
    EXPECT_TRUE(seen_applied("primo", "anciennete", "mois"));
    EXPECT_FALSE(seen_applied("mutation", "refus", "refus_recent"));
}

}  // namespace
}  // namespace cotation
