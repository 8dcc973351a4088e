// lint: the bounds of grid totals (the DALO proof of L0101) and the findings of lint_policy.
// The golden cases tests/diagnostics/cases/lint_*.yaml hold the exact output of `cotation lint`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "check/priorities.hpp"
#include "cotation/policy.hpp"
#include "lint/lint.hpp"
#include "lint/score_bounds.hpp"
#include "check/policy_access.hpp"

namespace cotation {
namespace {

const std::string records = R"(cotation: 1
name: "Bornes"
records:
  demand:
    key: id
    fields:
      id: string
      dalo: {type: bool, dalo: true}
      a: bool
      b: bool
      proof: bool
      months: int
      rent: number
)";

Policy load(const std::string& rest) {
    LoadResult loaded = load_policy_from_string(records + rest);
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    return *loaded.policy;
}

GridBounds bounds_of(const Policy& policy, std::optional<Date> as_of = std::nullopt) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    const CheckedRecord& demand = p.records[static_cast<std::size_t>(p.demand_record)];
    return grid_bounds(p, p.grids.front(), demand.slot_of("dalo"), BoundsOptions{as_of});
}

TEST(ScoreBounds, SumRubricsAddEachCriterionBetweenZeroAndItsPoints) {
    const Policy p = load(R"(
grids:
  - id: g
    rubrics:
      - id: dalo
        criteria:
          - { id: reconnu, when: dalo, points: 50 }
      - id: r
        criteria:
          - { id: x, when: a, points: 30 }
          - { id: y, when: b, points: -10 }
          - { id: z, when: dalo, requires: [proof], points: 7 }
)");
    const GridBounds b = bounds_of(p);
    // DALO: 50 for sure, then 0..30, -10..0 and 0..7 (a `requires` makes it a maybe).
    EXPECT_EQ(b.dalo.lo, 40);
    EXPECT_EQ(b.dalo.hi, 87);
    // Others: the DALO criterion never applies.
    EXPECT_EQ(b.others.lo, -10);
    EXPECT_EQ(b.others.hi, 37);
    EXPECT_TRUE(b.dalo_first());
    EXPECT_EQ(b.unbounded_rubric, -1);
}

TEST(ScoreBounds, MaxRubricsCapsAndFloors) {
    const Policy p = load(R"(
grids:
  - id: g
    floor: 0
    cap: 100
    rubrics:
      - id: dalo
        combine: max
        criteria:
          - { id: reconnu, when: dalo, points: 45 }
          - { id: autre, when: a, points: 60 }
      - id: r
        combine: max
        cap: 25
        criteria:
          - { id: x, when: a, points: 30 }
          - { id: y, when: b, points: -10 }
)");
    const GridBounds b = bounds_of(p);
    // max rubric, DALO: at least the forced 45, at most 60; the other rubric -10..25.
    EXPECT_EQ(b.dalo.lo, 35);
    EXPECT_EQ(b.dalo.hi, 85);
    // Others: the first rubric 0..60, the second -10..25, the floor lifts -10 to 0.
    EXPECT_EQ(b.others.lo, 0);
    EXPECT_EQ(b.others.hi, 85);
    EXPECT_FALSE(b.dalo_first());
}

TEST(ScoreBounds, ExpressionsParametersAndDates) {
    const Policy p = load(R"(
parameters:
  pts:
    values:
      2024-01-01: 40
      2025-01-01: 60
  plafond: 36
  table:
    values: {1: 5, 2: 9}
grids:
  - id: g
    rubrics:
      - id: dalo
        criteria:
          - { id: reconnu, when: dalo, points: pts }
      - id: r
        criteria:
          - { id: anciennete, points: 'clamp(months, 0, plafond)' }
          - { id: plus_petit, when: a, points: 'min(months, 4) ?? 2' }
          - { id: t, when: b, points: 'table[months] * 2' }
          - { id: si, when: b, points: 'if a then -3 else 1.5' }
)");
    // Without a date: pts anywhere in 40..60. With null points counted 0: anciennete 0..36,
    // plus_petit -inf..4 (min of a field), t 0..18, si -3..1.5.
    const GridBounds any = bounds_of(p);
    EXPECT_EQ(any.dalo.lo, -Range::inf());
    EXPECT_EQ(any.others.hi, 36 + 4 + 18 + 1.5);
    EXPECT_FALSE(any.dalo_first());
    EXPECT_EQ(any.unbounded_rubric, 1);
    EXPECT_EQ(any.unbounded_criterion, 1);  // plus_petit
    const CompiledPolicy& c = internal::PolicyAccess::compiled(p);
    EXPECT_EQ(parameter_range(c.parameters[0], {}).lo, 40);
    EXPECT_EQ(parameter_range(c.parameters[0], {}).hi, 60);
    EXPECT_EQ(parameter_range(c.parameters[0], {parse_iso_date("2024-06-01")}).hi, 40);
    EXPECT_EQ(parameter_range(c.parameters[2], {}).lo, 5);
    EXPECT_EQ(parameter_range(c.parameters[2], {}).hi, 9);
}

TEST(ScoreBounds, ADivisionByARangeThroughZeroIsUnbounded) {
    const Policy p = load(R"(
grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - { id: x, points: 'rent / 2' }
          - { id: y, points: '10 / (months - 1)' }
          - { id: z, points: 'abs(-4) + round(2.4)' }
)");
    const CompiledPolicy& c = internal::PolicyAccess::compiled(p);
    const auto& criteria = c.grids[0].rubrics[0].criteria;
    EXPECT_FALSE(expression_range(criteria[0].points, c, {}).bounded_above());
    EXPECT_FALSE(expression_range(criteria[1].points, c, {}).bounded_above());
    const Range z = expression_range(criteria[2].points, c, {});
    EXPECT_EQ(z.lo, 6);
    EXPECT_EQ(z.hi, 6);
}

std::vector<std::string> codes(const std::vector<Diagnostic>& found) {
    std::vector<std::string> out;
    for (const Diagnostic& d : found) out.push_back(d.code + ":" + std::to_string(d.line));
    return out;
}

TEST(Lint, FindingsInFileOrder) {
    const Policy p = load(R"(
parameters:
  seuil:
    yearly: true
    values:
      2023-01-01: 9243
grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - { id: x, when: 'rent < seuil', points: 60 }
          - { id: y, when: dalo, priority: [handicap, sortie_act, defavorise, heberge_temporaire, reprise_activite, habitat_indigne, violences_couple, violences_sexuelles, prostitution, traite, suroccupation_enfant, sans_logement, expulsion], points: 50 }
          - { id: malus, when: a, points: -5 }
)");
    const CompiledPolicy& c = internal::PolicyAccess::compiled(p);
    // The grid's id is on line 21: DALO 50 against others up to 60, and no criterion for sortie_ase;
    // the malus has no end (line 27).
    EXPECT_THAT(codes(lint_policy(c)), ::testing::ElementsAre("L0101:21", "L0105:21", "L0104:27"));
    // With a date 29 months after the threshold's last value (line 19).
    EXPECT_THAT(codes(lint_policy(c, parse_iso_date("2025-06-01"))),
                ::testing::ElementsAre("L0106:19", "L0101:21", "L0105:21", "L0104:27"));
    EXPECT_THAT(codes(lint_policy(c, parse_iso_date("2024-04-01"))), ::testing::ElementsAre("L0101:21", "L0105:21", "L0104:27"));
}

// docs/lint.md lists every priority code with the legal text of the table, word for word.
TEST(Priorities, TheDocsListTheTable) {
    std::ifstream in(std::string(COTATION_SOURCE_DIR) + "/docs/lint.md");
    ASSERT_TRUE(in) << "docs/lint.md";
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    for (const PriorityInfo& p : priorities()) {
        EXPECT_NE(doc.find("| `" + std::string(p.code) + "` |"), std::string::npos) << p.code;
        EXPECT_NE(doc.find(std::string(p.text)), std::string::npos) << p.code;
        EXPECT_NE(doc.find(std::string(p.source)), std::string::npos) << p.code;
    }
    EXPECT_EQ(priority_codes().size(), 14u);
    EXPECT_EQ(find_priority("traite")->label, "Victimes de la traite des êtres humains ou du proxénétisme");
    EXPECT_EQ(find_priority("traites"), nullptr);
}

}  // namespace
}  // namespace cotation
