// publish: the model of the public grid and its Markdown (the HTML is checked in headless Chromium
// by tests/browser/publish.sh).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "cotation/policy.hpp"
#include "report/publish.hpp"
#include "check/policy_access.hpp"

namespace cotation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char* const policy_text = R"(cotation: 1
name: "Grille publiée"
version: "2025"
records:
  demand:
    key: id
    fields:
      id: {type: string, label: "Numéro"}
      filed_on: {type: date, label: "Date de dépôt"}
      dalo: {type: bool, label: "Reconnu DALO", dalo: true}
      homeless: bool
      proof: {type: bool, label: "Ordonnance de protection"}
      violence: bool
      typ: {type: "enum[T1, T2]", label: "Typologie souhaitée"}
      communes: {type: "list<string>", label: "Communes souhaitées"}
parameters:
  pts_dalo:
    label: "Points DALO"
    reference: "L441-1 CCH"
    values:
      2024-01-01: 40
      2025-01-01: 50
  malus:
    label: "Malus"
    values: 20
  plafond: {label: "Plafond d'ancienneté", values: 36}
grids:
  - id: primo
    label: "Primo-demandeurs"
    applies_when: not violence or violence
    cap: 100
    floor: 0
    rubrics:
      - id: dalo
        label: "DALO"
        criteria:
          - { id: reconnu, label: "Reconnu DALO", when: dalo, points: pts_dalo, reference: "L441-2-3 CCH" }
      - id: situation
        label: "Situation"
        combine: max
        cap: 30
        criteria:
          - { id: sans_abri, label: "Sans abri", when: homeless, priority: [sans_logement], points: 25 }
          - { id: violences, label: "Violences", when: violence, requires: [proof], priority: [violences_couple], points: 1 }
      - id: anciennete
        label: "Ancienneté"
        criteria:
          - { id: mois, label: "Mois", points: 'clamp(months_between(filed_on, as_of), 0, plafond)' }
          - { id: refus, label: "Refus", when: 'months_between(filed_on, as_of) < 12', points: -malus }
flags:
  - { id: ancien, label: "Demande ancienne", when: 'months_between(filed_on, as_of) >= 24', reference: "arrêté" }
ranking:
  within: [typ, first(communes)]
  order: [dalo desc, score desc, filed_on asc]
)";

PublishedPolicy publish_at(const char* date) {
    LoadResult loaded = load_policy_from_string(policy_text);
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    Result<PublishedPolicy> p = published_policy(internal::PolicyAccess::compiled(*loaded.policy), *parse_iso_date(date));
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
    return p.value();
}

TEST(Publish, GridsRubricsCriteriaInFrench) {
    const PublishedPolicy p = publish_at("2025-06-01");
    ASSERT_EQ(p.grids.size(), 1u);
    const PublishedGrid& g = p.grids[0];
    EXPECT_EQ(g.label, "Primo-demandeurs");
    EXPECT_EQ(g.applies_to, "not violence or violence");
    EXPECT_EQ(g.bounds, "Le score total est plafonné à 100 points et ne descend pas sous 0 point.");
    ASSERT_EQ(g.rubrics.size(), 3u);
    EXPECT_EQ(g.rubrics[0].rule, "Les points des critères s'additionnent.");
    EXPECT_EQ(g.rubrics[1].rule, "Les critères ne se cumulent pas : seul le plus favorable compte ; plafond : 30 points.");
    // A parameter's value in force at the date, with its label.
    const PublishedCriterion& dalo = g.rubrics[0].criteria[0];
    EXPECT_EQ(dalo.points, "50 points");
    EXPECT_THAT(dalo.parameters, ElementsAre("Points DALO : 50"));
    EXPECT_EQ(dalo.condition, "dalo");
    EXPECT_EQ(dalo.reference, "L441-2-3 CCH");
    // Proofs by the label of the field `requires` names; publics by the label of their code.
    const PublishedCriterion& violences = g.rubrics[1].criteria[1];
    EXPECT_EQ(violences.points, "1 point");
    EXPECT_THAT(violences.proofs, ElementsAre("Ordonnance de protection"));
    EXPECT_THAT(violences.publics, ElementsAre("Violences au sein du couple, mariage forcé"));
    // Computed points: the formula as written and each parameter it reads; minus a parameter.
    EXPECT_EQ(g.rubrics[2].criteria[0].points, "calculés : clamp(months_between(filed_on, as_of), 0, plafond)");
    EXPECT_THAT(g.rubrics[2].criteria[0].parameters, ElementsAre("Plafond d'ancienneté : 36"));
    EXPECT_EQ(g.rubrics[2].criteria[0].condition, "");
    EXPECT_EQ(g.rubrics[2].criteria[1].points, "−20 points");
    // Every public of L441-1, with the criteria that serve it.
    ASSERT_EQ(g.publics.size(), 14u);
    EXPECT_EQ(g.publics[11].code, "sans_logement");
    EXPECT_THAT(g.publics[11].criteria, ElementsAre("Situation › Sans abri"));
    EXPECT_TRUE(g.publics[0].criteria.empty());
}

TEST(Publish, PositioningFlagsAndValuesInForce) {
    const PublishedPolicy p = publish_at("2024-06-01");
    EXPECT_EQ(p.grids[0].rubrics[0].criteria[0].points, "40 points");  // the 2024 value
    EXPECT_THAT(p.groups, ElementsAre("Typologie souhaitée", "Communes souhaitées (1er choix)"));
    EXPECT_THAT(p.order, ElementsAre("Reconnu DALO, « oui » d'abord", "le score, du plus élevé au plus faible",
                                     "Date de dépôt, la plus ancienne d'abord", "Numéro, dans l'ordre croissant"));
    ASSERT_EQ(p.flags.size(), 1u);
    EXPECT_EQ(p.flags[0].condition, "months_between(filed_on, as_of) >= 24");
    ASSERT_EQ(p.parameters.size(), 3u);
    EXPECT_EQ(p.parameters[0].label, "Points DALO");
    EXPECT_EQ(p.parameters[0].value, "40");
    EXPECT_EQ(p.parameters[0].reference, "L441-1 CCH");
}

TEST(Publish, RefusesADateWithoutValues) {
    LoadResult loaded = load_policy_from_string(policy_text);
    Result<PublishedPolicy> p = published_policy(internal::PolicyAccess::compiled(*loaded.policy), *parse_iso_date("2023-06-01"));
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, "E0705");
    EXPECT_THAT(p.error().message, HasSubstr("parameter 'pts_dalo' has no value in force on 2023-06-01"));
}

TEST(Publish, MarkdownHoldsTheStatementTablesAndPositioning) {
    std::ostringstream md;
    write_published_markdown(md, publish_at("2025-06-01"));
    const std::string text = md.str();
    EXPECT_THAT(text, HasSubstr("# Grille publiée\n\nGrille en vigueur au 2025-06-01 · version 2025\n"));
    EXPECT_THAT(text, HasSubstr("> **La cotation est une aide à la décision : la commission d'attribution décide.**\n"));
    EXPECT_THAT(text, HasSubstr("| Reconnu DALO | `dalo` | 50 points<br>Points DALO : 50 |  |  | L441-2-3 CCH |\n"));
    EXPECT_THAT(text, HasSubstr("| Violences | `violence` | 1 point | Ordonnance de protection | Violences au sein du couple, mariage forcé |  |\n"));
    EXPECT_THAT(text, HasSubstr("Chaque demande est comparée aux demandes qui ont la même valeur qu'elle pour : Typologie souhaitée ; "
                                "Communes souhaitées (1er choix). Elles sont classées selon :\n\n1. Reconnu DALO, « oui » d'abord\n"));
    EXPECT_THAT(text, HasSubstr("| Personnes dépourvues de logement (Art. L441-1 CCH) | Personnes dépourvues de logement, y compris celles qui sont "
                                "hébergées par des tiers. | Situation › Sans abri |\n"));
}

}  // namespace
}  // namespace cotation
