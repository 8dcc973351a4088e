#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cotation/policy.hpp"
#include "cotation/rank.hpp"

namespace cotation {
namespace {

const char* const matching_policy = R"(cotation: 1
name: rank
records:
  demand:
    key: id
    fields: { id: string, filed_on: date, communes: list<string>, income: number, size: int, hlm: bool }
  offer:
    key: id
    fields: { id: string, commune: string, rooms: int, ceiling: number, landlord: string, qpv: bool }
    derived:
      big: rooms >= 4
  allocation:
    key: id
    fields: { id: string, demand_id: string, landlord: string, qpv: bool, income: number, lease_signed_on: date }
grids:
  - id: g
    applies_when: not hlm
    rubrics:
      - id: r
        criteria:
          - { id: taille, points: size }
matching:
  eligible_when:
    - { id: commune, label: "Commune souhaitée", when: offer.commune in communes }
    - { id: ressources, label: "Ressources sous le plafond", when: income <= offer.ceiling }
    - { id: taille, label: "Taille adaptée", when: 'if offer.big then size >= 3 else true' }
  order: [score desc, filed_on asc]
quotas:
  - id: pauvres
    scope: not qpv
    meets: income < 1000
    target: ">= 50%"
    by: [landlord]
)";

const char* const demands_csv =
    "id,filed_on,communes,income,size,hlm\n"
    "A,2020-01-01,X|Y,900,2,false\n"
    "B,2019-01-01,X,1500,2,false\n"
    "C,2018-01-01,Y,1000,3,false\n"
    "D,2021-01-01,X,800,4,false\n"
    "E,2017-01-01,X,800,4,true\n"
    "F,2016-01-01,X,,4,false\n"
    "G,2019-06-01,X,1000,2,false\n";

struct Fixture {
    Policy policy;
    DataTable demands;
};

Fixture fixture() {
    LoadResult r = load_policy_from_string(matching_policy, "rank.yaml");
    EXPECT_TRUE(r.ok()) << format_text(r.diagnostics);
    ReadResult read = read_csv_text(demands_csv, r.policy->fields("demand"));
    EXPECT_TRUE(read.ok());
    return Fixture{*r.policy, read.table};
}

Offer offer_of(const Policy& policy, const std::string& yaml) {
    std::string error;
    auto offer = read_offer_text(policy, yaml, error);
    EXPECT_TRUE(offer.has_value()) << error;
    return *offer;
}

std::vector<std::string> ids(const RankRun& run) {
    std::vector<std::string> out;
    for (const auto& c : run.candidates) out.push_back(c.demand.id);
    return out;
}

TEST(Rank, EligibleDemandsInOrderWithTiesBrokenByTheOrderKeys) {
    Fixture f = fixture();
    Offer offer = offer_of(f.policy, "{id: L1, commune: X, rooms: 2, ceiling: 1000, landlord: SIA, qpv: false}");
    RankRun run = rank_candidates(f.policy, f.demands, offer, RankOptions{date_from_civil(2025, 6, 1), {}, 10, nullptr});
    ASSERT_TRUE(run.ok()) << run.error;
    // D (4 points), then A and G tied at 2: G was filed first. Equal to the ceiling is eligible.
    EXPECT_THAT(ids(run), ::testing::ElementsAre("D", "G", "A"));
    EXPECT_EQ(run.eligible, 3u);
    EXPECT_EQ(run.ineligible, 3u);  // B (income), C (commune), F (income unknown)
    EXPECT_EQ(run.unscored, 1u);    // E: no grid
    const auto conditions = [&](const std::string& id) {
        for (const auto& [demand, c] : run.conditions)
            if (demand == id) return c;
        return std::vector<ConditionOutcome>{};
    };
    EXPECT_EQ(conditions("B")[1].held, std::optional<bool>(false));
    EXPECT_EQ(conditions("C")[0].held, std::optional<bool>(false));
    EXPECT_FALSE(conditions("F")[1].held.has_value());  // null income: unknown, so ineligible
}

TEST(Rank, TopLimitsAndOfferDerivedFieldsApply) {
    Fixture f = fixture();
    Offer big = offer_of(f.policy, "{id: L2, commune: X, rooms: 5, ceiling: 2000, landlord: SIA, qpv: false}");
    RankRun run = rank_candidates(f.policy, f.demands, big, RankOptions{date_from_civil(2025, 6, 1), {}, 3, nullptr});
    EXPECT_THAT(ids(run), ::testing::ElementsAre("D"));  // only D has 3 persons or more among those in X
    Offer elsewhere = offer_of(f.policy, "{id: L3, commune: Z, rooms: 2, ceiling: 2000, landlord: SIA, qpv: false}");
    RankRun none = rank_candidates(f.policy, f.demands, elsewhere, RankOptions{date_from_civil(2025, 6, 1), {}, 3, nullptr});
    EXPECT_TRUE(none.candidates.empty());
    EXPECT_EQ(none.eligible, 0u);
    Offer small = offer_of(f.policy, "{id: L4, commune: X, rooms: 2, ceiling: 5000, landlord: SIA, qpv: false}");
    RankRun top = rank_candidates(f.policy, f.demands, small, RankOptions{date_from_civil(2025, 6, 1), {}, 2, nullptr});
    EXPECT_THAT(ids(top), ::testing::ElementsAre("D", "B"));
    EXPECT_EQ(top.eligible, 4u);
}

TEST(Rank, WhyGivesEachConditionWithTheValuesItRead) {
    Fixture f = fixture();
    Offer offer = offer_of(f.policy, "{id: L1, commune: X, rooms: 2, ceiling: 1000, landlord: SIA, qpv: false}");
    RankOptions options{date_from_civil(2025, 6, 1), {}, 10, nullptr};
    options.why = {"A", "F"};
    RankRun run = rank_candidates(f.policy, f.demands, offer, options);
    ASSERT_TRUE(run.ok()) << run.error;
    const auto conditions = [&](const std::string& id) {
        for (const auto& [demand, c] : run.conditions)
            if (demand == id) return c;
        return std::vector<ConditionOutcome>{};
    };
    const std::vector<ConditionOutcome> a = conditions("A");
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0].id, "commune");
    EXPECT_EQ(a[0].label, "Commune souhaitée");
    EXPECT_EQ(a[0].held, std::optional<bool>(true));
    EXPECT_EQ(a[0].values, "offer.commune = X, communes = X|Y");
    EXPECT_EQ(a[1].values, "income = 900, offer.ceiling = 1000");
    EXPECT_EQ(a[2].values, "offer.big = false, size = 2");  // every field the condition names
    const std::vector<ConditionOutcome> unknown = conditions("F");
    ASSERT_EQ(unknown.size(), 3u);
    EXPECT_FALSE(unknown[1].held.has_value());
    EXPECT_EQ(unknown[1].values, "income = (vide), offer.ceiling = 1000");
    // Demands not asked about carry their outcomes without the values.
    const std::vector<ConditionOutcome> b = conditions("B");
    ASSERT_EQ(b.size(), 3u);
    EXPECT_EQ(b[1].held, std::optional<bool>(false));
    EXPECT_EQ(b[1].values, "");
}

TEST(Rank, CiaImpactOfEachCandidate) {
    Fixture f = fixture();
    ReadResult allocations = read_csv_text("id,demand_id,landlord,qpv,income,lease_signed_on\n"
                                           "a1,x,SIA,false,1500,2025-02-01\na2,y,SIA,false,1500,2025-03-01\n",
                                           f.policy.fields("allocation"));
    ASSERT_TRUE(allocations.ok());
    Offer offer = offer_of(f.policy, "{id: L1, commune: X, rooms: 2, ceiling: 1000, landlord: SIA, qpv: false}");
    RankRun run = rank_candidates(f.policy, f.demands, offer, RankOptions{date_from_civil(2025, 6, 1), {}, 3, &allocations.table});
    ASSERT_TRUE(run.ok()) << run.error;
    ASSERT_THAT(ids(run), ::testing::ElementsAre("D", "G", "A"));
    // D earns 800 €: the allocation moves SIA towards 50 %; G earns 1000 €: away from it.
    const auto direction = [&](std::size_t candidate, const std::string& group) {
        for (const auto& e : run.candidates[candidate].impact)
            if ((e.after.group.empty() ? std::string("*") : format_value(e.after.group[0].second)) == group) return e.direction;
        return 99;
    };
    EXPECT_EQ(direction(0, "SIA"), 1);
    EXPECT_EQ(direction(1, "SIA"), -1);
    EXPECT_EQ(direction(0, "*"), 1);
    for (const auto& e : run.candidates[0].impact) {
        EXPECT_EQ(e.before.n, 2);
        EXPECT_EQ(e.after.n, 3);
        EXPECT_EQ(e.after.k, 1);
    }
}

TEST(Rank, OfferMistakesAreReported) {
    Fixture f = fixture();
    std::string error;
    EXPECT_FALSE(read_offer_text(f.policy, "{id: L1, comune: X}", error).has_value());
    EXPECT_EQ(error, "'comune' is not a field of 'offer'; did you mean 'commune'?");
    EXPECT_FALSE(read_offer_text(f.policy, "{id: L1, rooms: many}", error).has_value());
    EXPECT_EQ(error, "rooms: 'many' is not a number");
    EXPECT_FALSE(read_offer_text(f.policy, "{id: L1, rooms: 2.5, qpv: peut-être}", error).has_value());
    EXPECT_EQ(error, "rooms: '2.5' is not a whole number; qpv: 'peut-être' is not a bool");
    EXPECT_FALSE(read_offer_text(f.policy, "- a", error).has_value());
    EXPECT_EQ(error, "an offer is a mapping of its fields (id: ..., commune: ..., ...)");
}

TEST(Rank, OfferFieldsReadAsTheirTypesAndEmptyIsNull) {
    Fixture f = fixture();
    std::string error;
    auto offer = read_offer_text(f.policy, "{id: L1, commune: \"\", rooms: 3, ceiling: 1000.5, qpv: oui}", error);
    ASSERT_TRUE(offer.has_value()) << error;
    EXPECT_EQ(offer->id, "L1");
    // In policy.fields("offer") order: id, commune, rooms, ceiling, landlord, qpv.
    ASSERT_EQ(offer->fields.size(), 6u);
    EXPECT_TRUE(offer->fields[1].is_null());  // "" is null, as an empty cell of a data file
    EXPECT_EQ(offer->fields[2], Value(3));
    EXPECT_EQ(offer->fields[3], Value(1000.5));
    EXPECT_TRUE(offer->fields[4].is_null());  // left out
    EXPECT_EQ(offer->fields[5], Value(true));
}

TEST(Rank, OfferFieldsOutsideMatchingAreErrors) {
    std::string text = matching_policy;
    text += "flags:\n  - { id: f, when: offer.rooms > 2 }\n";
    LoadResult r = load_policy_from_string(text, "rank.yaml");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.diagnostics[0].code, "E0308");
    EXPECT_EQ(r.diagnostics[0].message, "`offer.rooms` can only be used in `matching`");
    std::string unknown = std::string(matching_policy);
    unknown.replace(unknown.find("offer.ceiling"), 13, "offer.plafond");
    LoadResult u = load_policy_from_string(unknown, "rank.yaml");
    ASSERT_FALSE(u.ok());
    EXPECT_EQ(u.diagnostics[0].message, "the offer record has no field 'plafond'");
}

}  // namespace
}  // namespace cotation
