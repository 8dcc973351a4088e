#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cotation/policy.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"
#include "report/explain.hpp"

namespace cotation {
namespace {

const char* const grid_policy = R"(cotation: 1
name: "Grille d'essai"
version: "1"
records:
  demand:
    key: id
    fields:
      id: string
      typ: enum[T1, T2, T3]
      hlm: bool
      shared: bool
      parents: bool
      homeless: bool
      violence: bool
      proof: bool
      months: int
      income: number
grids:
  - id: mutation
    applies_when: hlm
    rubrics:
      - id: base
        criteria:
          - { id: anciennete, points: 'min(months, 10)' }
  - id: primo
    applies_when: not hlm
    cap: 30
    floor: 0
    rubrics:
      - id: logement
        combine: max
        criteria:
          - { id: shared, when: shared, points: 2 }
          - { id: parents, when: parents, points: 1 }
          - { id: homeless, when: homeless, points: 17 }
      - id: violence
        criteria:
          - { id: violence, when: violence, requires: [proof], points: 15 }
      - id: anciennete
        cap: 5
        criteria:
          - { id: mois, points: months }
      - id: malus
        criteria:
          - { id: riche, when: income > 3000, points: -40 }
          - { id: tiers, when: 'income > 1000', points: 'income / 3000' }
flags:
  - { id: pauvre, when: income < 1000 }
ranking:
  within: [typ]
  order: [score desc, months desc, id asc]
)";

Policy policy() {
    LoadResult r = load_policy_from_string(grid_policy, "grid.yaml");
    EXPECT_TRUE(r.ok()) << format_text(r.diagnostics);
    return *r.policy;
}

ScoreRun score(const std::string& csv) {
    Policy p = policy();
    ReadResult read = read_csv_text(csv, p.fields("demand"));
    EXPECT_TRUE(read.ok()) << read.error;
    EXPECT_TRUE(read.table.rejected.empty());
    return score_demands(p, read.table, ScoreOptions{date_from_civil(2025, 6, 1), {}});
}

const char* const header = "id,typ,hlm,shared,parents,homeless,violence,proof,months,income\n";

double points_of(const ScoredDemand& d, const std::string& name) {
    for (const auto& c : d.criteria)
        if (c.rubric + "." + c.criterion == name) return c.points;
    return -999;
}

TEST(Score, RubricMaxDoesNotAddSimilarCriteria) {
    ScoreRun run = score(std::string(header) + "A,T1,false,true,true,false,false,false,0,500\n");
    ASSERT_EQ(run.demands.size(), 1u);
    const ScoredDemand& d = run.demands[0];
    EXPECT_EQ(d.grid, "primo");
    EXPECT_EQ(d.score, 2);  // 2 and 1 give 2, not 3
    EXPECT_EQ(points_of(d, "logement.shared"), 2);
    EXPECT_EQ(points_of(d, "logement.parents"), 1);  // a criterion shows its own points
    EXPECT_THAT(d.flags, ::testing::ElementsAre("pauvre"));
}

TEST(Score, RequiresMakesACriterionUnverified) {
    ScoreRun run = score(std::string(header) + "A,T1,false,,,,true,false,0,500\nB,T1,false,,,,true,true,0,500\nC,T1,false,,,,true,,0,500\n");
    EXPECT_EQ(run.demands[0].criteria[3].state, CriterionState::unverified);
    EXPECT_EQ(run.demands[0].score, 0);
    EXPECT_EQ(run.demands[1].criteria[3].state, CriterionState::applied);
    EXPECT_EQ(run.demands[1].score, 15);
    EXPECT_EQ(run.demands[2].criteria[3].state, CriterionState::unverified);  // a null proof is not true
}

TEST(Score, NullConditionIsUnknownAndCapsAndFloorsApply) {
    ScoreRun run = score(std::string(header) + "A,T1,false,,,true,true,true,48,\nB,T1,false,,,,,,0,4500\n");
    const ScoredDemand& a = run.demands[0];
    EXPECT_EQ(a.criteria[0].state, CriterionState::unknown);           // shared is null
    EXPECT_EQ(a.criteria[2].state, CriterionState::applied);           // homeless
    EXPECT_EQ(a.criteria[5].state, CriterionState::unknown);           // income null
    EXPECT_EQ(a.score, 30);  // 17 + 15 + min(48, cap 5) = 37, capped at 30
    EXPECT_EQ(run.demands[1].score, 0);  // -40 + 1.5 floored at 0
}

TEST(Score, ScoreRoundsToTwoDecimalsHalfAwayFromZero) {
    ScoreRun run = score(std::string(header) + "A,T1,false,,,,,,2,1015\n");
    // 2 + 1015/3000 = 2.338333...
    EXPECT_EQ(run.demands[0].score, 2.34);
}

TEST(Score, UnscoredRowsAreListedNotDropped) {
    ScoreRun run = score(std::string(header) + "A,T1,,,,,,,1,1\nB,T1,true,,,,,,3,1\n");
    EXPECT_EQ(run.scored, 1u);
    EXPECT_EQ(run.unscored, 1u);
    EXPECT_EQ(run.demands[0].unscored_reason, "no_grid");
    EXPECT_EQ(status_text(run.demands[0]), "unscored:no_grid");
    EXPECT_EQ(run.demands[0].rank, 0);
    EXPECT_EQ(run.demands[1].grid, "mutation");
}

TEST(Score, PositioningGroupsOrdersAndBreaksTiesByKey) {
    ScoreRun run = score(std::string(header) +
                         "D,T1,false,,,,,,3,1\nA,T1,false,,,,,,3,1\nB,T1,false,,,,,,4,1\nC,T2,false,,,,,,1,1\nE,,false,,,,,,2,1\nF,T1,false,,,,,,,1\n");
    std::map<std::string, const ScoredDemand*> by_id;
    for (const auto& d : run.demands) by_id[d.id] = &d;
    // T1: B (4 points) first, then A and D tied on score and months: the key decides; F has a
    // null score component (months null -> criterion unknown, 0 points) so it is last.
    EXPECT_EQ(by_id["B"]->rank, 1);
    EXPECT_EQ(by_id["A"]->rank, 2);
    EXPECT_EQ(by_id["D"]->rank, 3);
    EXPECT_EQ(by_id["F"]->rank, 4);
    EXPECT_EQ(by_id["B"]->group_size, 4);
    EXPECT_EQ(by_id["A"]->percentile, 50);
    EXPECT_EQ(by_id["D"]->percentile, 75);
    EXPECT_EQ(by_id["C"]->rank, 1);
    EXPECT_EQ(by_id["C"]->group_size, 1);
    EXPECT_EQ(by_id["C"]->percentile, 100);
    EXPECT_EQ(by_id["E"]->group_size, 1);  // null is a group of its own
}

TEST(Score, ResultDoesNotDependOnInputOrder) {
    std::vector<std::string> rows;
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        rows.push_back("id" + std::to_string(i) + ",T" + std::to_string(1 + rng() % 3) + "," + (rng() % 4 == 0 ? "true" : "false") + "," +
                       (rng() % 2 ? "true" : "") + ",," + (rng() % 9 == 0 ? "true" : "false") + ",,," + std::to_string(rng() % 30) + "," +
                       std::to_string(rng() % 4000) + "\n");
    }
    const auto output = [&](const std::vector<std::string>& order) {
        std::string csv = header;
        for (const auto& r : order) csv += r;
        ScoreRun run = score(csv);
        std::vector<std::string> lines;
        for (const auto& d : run.demands)
            lines.push_back(d.id + "," + format_number(d.score) + "," + std::to_string(d.rank) + "," + std::to_string(d.group_size));
        std::sort(lines.begin(), lines.end());
        return lines;
    };
    const auto reference = output(rows);
    for (int round = 0; round < 3; ++round) {
        std::shuffle(rows.begin(), rows.end(), rng);
        EXPECT_EQ(output(rows), reference);
    }
}

TEST(Score, CsvOutputHasExactlyTheSpecifiedColumns) {
    Policy p = policy();
    ReadResult read = read_csv_text(std::string(header) + "A,T1,false,true,,,,,3,500\nB,T1,true,,,,,,3,1\nC,T2,,,,,,,1,1\n", p.fields("demand"));
    ScoreRun run = score_demands(p, read.table, ScoreOptions{date_from_civil(2025, 6, 1), {}});
    std::ostringstream plain, explained;
    write_scores_csv(plain, p, run);
    EXPECT_EQ(plain.str(),
              "id,grid,score,rank,group_size,percentile,status,flags\n"
              "A,primo,5,1,2,50,scored,pauvre\n"
              "B,mutation,3,2,2,100,scored,pauvre\n"
              "C,,,,,,unscored:no_grid,pauvre\n");
    write_scores_csv(explained, p, run, ScoreReportOptions{true});
    const std::string first_line = explained.str().substr(0, explained.str().find('\n'));
    EXPECT_EQ(first_line,
              "id,grid,score,rank,group_size,percentile,status,flags,c.base.anciennete,c.logement.shared,c.logement.parents,"
              "c.logement.homeless,c.violence.violence,c.anciennete.mois,c.malus.riche,c.malus.tiers");
    EXPECT_THAT(explained.str(), ::testing::HasSubstr("\nA,primo,5,1,2,50,scored,pauvre,,2,,,,3,,\n"));
}

TEST(Score, ExplainTellsTheApplicant) {
    Policy p = policy();
    ReadResult read = read_csv_text(std::string(header) + "A,T1,false,true,,true,true,false,3,\nB,T1,false,,,,,,9,100\n", p.fields("demand"));
    std::string error;
    std::string text = explain_demand(p, read.table, "A", ExplainOptions{date_from_civil(2025, 6, 1), {}, nullptr}, error);
    EXPECT_EQ(error, "");
    EXPECT_THAT(text, ::testing::HasSubstr("Grille : primo (primo)"));
    // In a `max` rubric, each applied criterion says whether it is the one that counted.
    EXPECT_THAT(text, ::testing::HasSubstr("+2  logement › shared  [shared = oui] — ne compte pas : seul le plus élevé de la rubrique compte\n"));
    EXPECT_THAT(text, ::testing::HasSubstr("+17  logement › homeless  [homeless = oui] — compte : le plus élevé de la rubrique\n"));
    EXPECT_THAT(text, ::testing::HasSubstr("\n       +3  anciennete › mois\n"));
    EXPECT_THAT(text, ::testing::HasSubstr("!  violence › violence — justificatif non validé (proof = non)"));
    EXPECT_THAT(text, ::testing::HasSubstr("?  malus › riche — la condition ne peut pas être évaluée : donnée manquante (income)"));
    EXPECT_THAT(text, ::testing::HasSubstr("Score : 20 (plafond 30, plancher 0)"));
    // The group by the field's label (here its name: the field has none), the quartiles of its scores
    // (A 20, B 5), and what the score is for (R441-2-17 CCH).
    EXPECT_THAT(text, ::testing::HasSubstr("Positionnement : rang 1 sur 2 demandes du même groupe (typ : T1), percentile 50\n"
                                           "Scores des 2 demandes du groupe : 1er quartile 5, médiane 5, 3e quartile 20 (de 5 à 20)\n"));
    EXPECT_THAT(text, ::testing::EndsWith("il ne décide pas seul de l'attribution d'un logement. La cotation est une aide à la décision : "
                                          "la commission d'attribution décide.\n"));
    explain_demand(p, read.table, "Z", ExplainOptions{date_from_civil(2025, 6, 1), {}, nullptr}, error);
    EXPECT_EQ(error, "no demand with id 'Z'");
}

}  // namespace
}  // namespace cotation


namespace cotation {
namespace {

// Nearest-rank quartiles: the score at rank ceil(p·n) of the sorted scores.
TEST(Score, QuartilesOfAGroupByNearestRank) {
    EXPECT_EQ(quartiles_fr({8, 1, 7, 2, 6, 3, 5, 4}), "1er quartile 2, médiane 4, 3e quartile 6 (de 1 à 8)");
    EXPECT_EQ(quartiles_fr({12.5}), "1er quartile 12,5, médiane 12,5, 3e quartile 12,5 (de 12,5 à 12,5)");
    EXPECT_EQ(quartiles_fr({10, 0, 30, 20, 40}), "1er quartile 10, médiane 20, 3e quartile 30 (de 0 à 40)");
    EXPECT_EQ(quartiles_fr({}), "");
}

}  // namespace
}  // namespace cotation
