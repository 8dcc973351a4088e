// A program outside the tree that uses cotation as a library, through its one include: the
// consumer code of the policy format's section 9.1, run as written on a small policy, each result
// checked. Built twice by the install tests (tests/install.cmake): against the installed package
// (find_package) and with add_subdirectory on the source tree. Exits 1 at the first wrong value.
#include <cotation/cotation.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using namespace cotation;

namespace {

const char* const policy_text = R"(cotation: 1
name: "Install check"
version: "1"
records:
  demand:
    key: id
    fields:
      id: string
      household_size: int
      filed_on: date
      motifs: list<string>
      dalo: bool
      monthly_income: number
      current_housing: enum[HLM, LP, SD]
  allocation:
    key: id
    fields:
      id: string
      landlord: string
      lease_signed_on: date
      dalo: bool
parameters:
  pts_dalo:
    label: "Points for a DALO household"
    values: 50
grids:
  - id: main
    rubrics:
      - id: situation
        criteria:
          - { id: dalo, when: dalo, points: pts_dalo }
          - { id: large, when: household_size >= 4, points: 2 * household_size }
          - { id: low_income, when: monthly_income < 1000, points: 7.5 }
          - { id: seniority, points: 'min(months_between(filed_on, as_of), 24)' }
quotas:
  - id: dalo_share
    meets: dalo
    target: ">= 25%"
    by: [landlord]
)";

const char* const demands_csv =
    "id,household_size,filed_on,motifs,dalo,monthly_income,current_housing\n"
    "D00040,2,2024-06-30,,false,1500,LP\n"
    "D00041,5,2021-01-01,05,true,900,SD\n"
    "D00042,4,2023-01-15,05|12,true,1450.5,HLM\n";

int failures = 0;
void expect(bool ok, const std::string& what) {
    if (ok) return;
    std::fprintf(stderr, "consumer: wrong: %s\n", what.c_str());
    ++failures;
}

}  // namespace

int main() {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "cotation-consumer";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "grid.yaml") << policy_text;
    std::ofstream(dir / "demands.csv") << demands_csv;
    std::filesystem::current_path(dir);

    // --- the code of section 9.1, as written ---
    static_assert(COTATION_VERSION_MAJOR >= 0);
    std::string_view v = version();

    LoadResult loaded = load_policy("grid.yaml");
    if (!loaded.ok()) {
        std::cerr << format_text(loaded.diagnostics);
        return 1;
    }
    const Policy& policy = *loaded.policy;

    Result<Scorer> made = Scorer::create(policy, ScorerOptions{.as_of = *parse_iso_date("2025-06-30")});
    if (!made) std::cerr << made.error().code << ": " << made.error().message << "\n";
    const Scorer& scorer = made.value();

    RecordBuilder b = scorer.builder();
    b.set("id", "D1").set("household_size", 4).set("filed_on", *parse_iso_date("2023-01-15"))
     .set("motifs", std::vector<std::string>{"05", "12"}).set("dalo", true).set("monthly_income", 1450.5);
    Result<Record> rec = b.build();
    Outcome out = scorer.score(rec.value());

    Result<Record> r2 = scorer.parse_json(R"({"id": "D2", "household_size": 3, "motifs": ["05"]})");

    struct MyDemand {
        std::string id; int size = 0; std::optional<double> income; Date filed{};
        std::vector<std::string> motifs; bool dalo = false; std::string housing;  // housing: an enum field
    };
    Result<Binding<MyDemand>> bound = cotation::bind<MyDemand>(scorer,
        field("id", &MyDemand::id), field("household_size", &MyDemand::size),
        field("monthly_income", &MyDemand::income), field("filed_on", &MyDemand::filed),
        field("motifs", &MyDemand::motifs), field("dalo", &MyDemand::dalo),
        field("current_housing", &MyDemand::housing));
    MyDemand d{"D3", 4, 1200.0, *parse_iso_date("2022-03-01"), {"05"}, true, "HLM"};
    Result<Outcome> o3 = scorer.score(bound.value(), d);

    Result<Population> stock = Population::score_file(scorer, "demands.csv");
    Position p = stock.value().position(rec.value());
    std::optional<Position> q = stock.value().position_of("D00042");

    Result<QuotaTracker> made_t = QuotaTracker::create(policy, AuditOptions{.from = *parse_iso_date("2025-01-01"),
                                                                            .to = *parse_iso_date("2025-12-31")});
    QuotaTracker& t = made_t.value();
    RecordBuilder ab = t.builder();
    Result<Record> a1 = ab.set("id", "A1").set("landlord", "SIA").set("lease_signed_on", *parse_iso_date("2025-03-01")).build();
    Result<void> added = t.add(a1.value());
    Result<void> removed = t.remove("A1");
    std::vector<QuotaGroupResult> now = t.results();
    std::vector<WhatIfEffect> effects = t.what_if(a1.value());
    // --- end of the code of section 9.1 ---

    expect(v == std::to_string(COTATION_VERSION_MAJOR) + "." + std::to_string(COTATION_VERSION_MINOR) + "." +
                    std::to_string(COTATION_VERSION_PATCH),
           "version()");
    // D1: dalo 50 + large 2 * 4 + seniority min(29, 24) = 82.
    expect(out.status == Status::scored && out.grid == "main" && out.score == 82, "the score of D1: " + std::to_string(out.score));
    expect(out.criteria.size() == 4 && out.criteria[2].state == CriterionState::not_applied, "D1's criteria");
    expect(r2.ok() && *r2.value().get("household_size") == Value(3), "parse_json");
    // D3: dalo 50 + large 8 + seniority 24 = 82.
    expect(bound.ok() && o3.ok() && o3.value().score == 82, "the bound struct's score");
    // D1 (82) among D00040 (12), D00041 (50 + 10 + 7.5 + 24 = 91.5), D00042 (82, before D1 by id).
    expect(stock.ok() && p.rank == 3 && p.group_size == 4 && p.percentile == 75, "the position of D1: " + std::to_string(p.rank));
    expect(q.has_value() && q->rank == 2 && q->group_size == 3 && q->percentile == 67, "position_of(D00042)");
    expect(!stock.value().position_of("D404").has_value(), "position_of an unknown key");
    expect(added.ok() && removed.ok() && t.remove("A1").error().code == "E0708", "add and remove");
    expect(now.size() == 1 && now[0].n == 0 && now[0].status == QuotaStatus::no_data, "results after the removal");
    // A1 does not say whether the household is DALO: it would count as unknown.
    expect(effects.size() == 2 && effects[1].after.unknown == 1 && effects[1].after.n == 0, "what_if of A1");
    if (failures) return 1;
    std::printf("cotation consumer: ok (%s)\n", std::string(v).c_str());
    return 0;
}
