// The embedding API (spec section 9.1): Result and Error, Scorer, RecordBuilder, parse_json, bind,
// Population and QuotaTracker, each against what the file-level functions give on the same rows.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <unistd.h>

#include "cotation/cotation.hpp"
#include "temp_path.hpp"

namespace cotation {
namespace {

// A grid over the fields the spec's consumer code sets, with a quota over allocations.
const char* const policy_text = R"(cotation: 1
name: "API"
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
      current_housing: enum[HLM, LP, SD, HOT]
      wished_typology: enum[T1, T2, T3, T4]
      violence_proof: bool
    derived:
      months: months_between(filed_on, as_of)
  allocation:
    key: id
    fields:
      id: string
      landlord: string
      lease_signed_on: date
      qpv: bool
      dalo: bool
parameters:
  pts_dalo: 50
  seniority_cap:
    values: { 2024-01-01: 24, 2025-01-01: 36 }
grids:
  - id: mutation
    applies_when: current_housing == "HLM"
    rubrics:
      - id: situation
        criteria:
          - { id: dalo, when: dalo, points: pts_dalo }
          - { id: large, when: household_size >= 4, points: 2 * household_size }
  - id: primo
    applies_when: current_housing != "HLM"
    rubrics:
      - id: situation
        combine: max
        criteria:
          - { id: dalo, when: dalo, points: pts_dalo }
          - { id: homeless, when: 'current_housing in ["SD", "HOT"]', points: 17 }
      - id: needs
        criteria:
          - { id: violence, when: 'contains(motifs, "06")', requires: [violence_proof], points: 15 }
          - { id: low_income, when: monthly_income < 1000, points: 7.5 }
          - { id: seniority, points: 'min(months, seniority_cap)' }
flags:
  - { id: long_wait, when: months >= 24 }
ranking:
  within: [wished_typology]
  order: [score desc, filed_on asc, id asc]
quotas:
  - id: dalo_share
    scope: not qpv
    meets: dalo
    target: ">= 25%"
    by: [landlord]
)";

const Date as_of = date_from_civil(2025, 6, 30);

Policy load() {
    LoadResult loaded = load_policy_from_string(policy_text, "api.yaml");
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    return *loaded.policy;
}

Scorer make_scorer(const Policy& policy, std::vector<std::pair<std::string, Value>> overrides = {}) {
    Result<Scorer> made = Scorer::create(policy, ScorerOptions{as_of, std::move(overrides)});
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.value();
}

using testing_support::TempFile;

const char* const demands_csv =
    "id,household_size,filed_on,motifs,dalo,monthly_income,current_housing,wished_typology,violence_proof\n"
    "D1,4,2023-01-15,05|12,true,1450.5,LP,T3,false\n"
    "D2,1,2021-03-01,06,false,800,SD,T2,true\n"
    "D3,5,2024-11-02,,false,,HLM,T3,\n"
    "D4,2,2022-06-30,06,false,2000,HOT,T3,false\n"
    "D5,3,2020-01-01,,true,900,,T2,\n"
    "D6,3,2023-01-15,01,false,1200,LP,T3,false\n";

TEST(Result, HoldsAValueOrAnErrorAndValueOfAnErrorThrows) {
    Result<int> good = 3;
    ASSERT_TRUE(good.ok());
    EXPECT_TRUE(static_cast<bool>(good));
    EXPECT_EQ(good.value(), 3);
    EXPECT_EQ(good.error().code, "");
    Result<int> bad = Error{"E0701", "no"};
    EXPECT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "E0701");
    EXPECT_THROW((void)bad.value(), BadResultAccess);
    Result<void> done;
    EXPECT_TRUE(done.ok());
    Result<void> failed = Error{"E0708", "gone"};
    EXPECT_FALSE(failed);
    EXPECT_EQ(failed.error().message, "gone");
}

TEST(Version, IsTheProjectsVersionInThreeParts) {
    const std::string v(version());
    EXPECT_EQ(v, std::to_string(COTATION_VERSION_MAJOR) + "." + std::to_string(COTATION_VERSION_MINOR) + "." +
                     std::to_string(COTATION_VERSION_PATCH));
}

TEST(Scorer, CreateReportsParametersWithoutValueAndBadOverrides) {
    const Policy policy = load();
    Result<Scorer> early = Scorer::create(policy, ScorerOptions{date_from_civil(2023, 1, 1), {}});
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, "E0705");
    EXPECT_NE(early.error().message.find("seniority_cap"), std::string::npos);
    // An override makes the date irrelevant for its parameter.
    EXPECT_TRUE(Scorer::create(policy, ScorerOptions{date_from_civil(2023, 1, 1), {{"seniority_cap", Value(12)}}}).ok());
    Result<Scorer> unknown = Scorer::create(policy, ScorerOptions{as_of, {{"pts_dalos", Value(3)}}});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, "E0705");
    EXPECT_NE(unknown.error().message.find("did you mean 'pts_dalo'"), std::string::npos) << unknown.error().message;
    Result<Scorer> wrong_type = Scorer::create(policy, ScorerOptions{as_of, {{"pts_dalo", Value("fifty")}}});
    ASSERT_FALSE(wrong_type.ok());
    EXPECT_EQ(wrong_type.error().code, "E0705");
    LoadResult no_demand = load_policy_from_string("cotation: 1\nrecords:\n  allocation:\n    key: id\n    fields: {id: string}\n", "a.yaml");
    ASSERT_TRUE(no_demand.ok());
    Result<Scorer> nothing = Scorer::create(*no_demand.policy, ScorerOptions{as_of, {}});
    ASSERT_FALSE(nothing.ok());
    EXPECT_EQ(nothing.error().code, "E0709");
}

TEST(RecordBuilder, ChecksEveryValueAndReportsEveryMistake) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    RecordBuilder b = scorer.builder();
    b.set("id", "D1").set("household_size", 4).set("filed_on", *parse_iso_date("2023-01-15"))
        .set("motifs", std::vector<std::string>{"05", "12"}).set("dalo", true).set("monthly_income", 1450.5);
    Result<Record> rec = b.build();
    ASSERT_TRUE(rec.ok()) << rec.error().message;
    EXPECT_EQ(*rec->get("household_size"), Value(4.0));
    EXPECT_TRUE(rec->get("current_housing")->is_null());
    EXPECT_EQ(rec->get("nope"), nullptr);
    EXPECT_EQ(rec->record_name(), "demand");

    RecordBuilder mistakes = scorer.builder();
    mistakes.set("household_sise", 3).set("household_size", 2.5).set("current_housing", "CASTLE").set("dalo", "yes");
    Result<Record> bad = mistakes.build();
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "E0701");  // the first mistake's
    const std::string& m = bad.error().message;
    EXPECT_NE(m.find("'household_sise' is not a field of 'demand'; did you mean 'household_size'?"), std::string::npos) << m;
    EXPECT_NE(m.find("field 'household_size': expected a whole number, not the number 2.5"), std::string::npos) << m;
    EXPECT_NE(m.find("\"CASTLE\" is not a value of"), std::string::npos) << m;
    EXPECT_NE(m.find("field 'dalo': expected a bool"), std::string::npos) << m;

    Result<Record> enum_only = scorer.builder().set("current_housing", "CASTLE").build();
    EXPECT_EQ(enum_only.error().code, "E0703");
    Result<Record> type_only = scorer.builder().set("filed_on", 3).build();
    EXPECT_EQ(type_only.error().code, "E0702");
    // A whole float fits an int field; optionals and nullopt are null or the value; the last set wins.
    Result<Record> loose = scorer.builder()
                               .set("household_size", 3.0f)
                               .set("monthly_income", std::optional<double>())
                               .set("dalo", std::optional<bool>(true))
                               .set("id", std::string("X"))
                               .set("id", std::nullopt)
                               .build();
    ASSERT_TRUE(loose.ok()) << loose.error().message;
    EXPECT_EQ(*loose->get("household_size"), Value(3.0));
    EXPECT_TRUE(loose->get("monthly_income")->is_null());
    EXPECT_EQ(*loose->get("dalo"), Value(true));
    EXPECT_TRUE(loose->get("id")->is_null());
    EXPECT_EQ(scorer.builder().set("household_size", std::int64_t{1} << 60).build().error().code, "E0702");
}

// The outcome of each example row, as `cotation score --explain` (the fast path) gives it.
TEST(Scorer, EqualsTheScoreOutputForTheSameDemands) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    ReadResult read = read_csv_text(demands_csv, policy.fields("demand"));
    ASSERT_TRUE(read.ok());
    FastScoreOptions options;
    options.as_of = as_of;
    options.keep_criteria = true;
    const ScoreRun fast = to_score_run(policy, fast_score_csv(policy, demands_csv, options));
    const std::vector<FieldSpec> fields = policy.fields("demand");
    ASSERT_EQ(fast.demands.size(), read.table.rows.size());
    for (std::size_t i = 0; i < read.table.rows.size(); ++i) {
        RecordBuilder b = scorer.builder();
        for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, read.table.rows[i][f]);
        const Outcome o = scorer.score(b.build().value());
        const ScoredDemand& d = fast.demands[i];
        EXPECT_EQ(o.status == Status::scored, d.scored()) << d.id;
        EXPECT_EQ(o.grid, d.grid) << d.id;
        EXPECT_EQ(o.unscored_reason, d.unscored_reason) << d.id;
        EXPECT_EQ(o.score, d.score) << d.id;
        EXPECT_EQ(o.flags, d.flags) << d.id;
        ASSERT_EQ(o.criteria.size(), d.criteria.size()) << d.id;
        for (std::size_t c = 0; c < o.criteria.size(); ++c) {
            EXPECT_EQ(o.criteria[c].rubric, d.criteria[c].rubric);
            EXPECT_EQ(o.criteria[c].criterion, d.criteria[c].criterion);
            EXPECT_EQ(o.criteria[c].state, d.criteria[c].state) << d.id << " " << o.criteria[c].criterion;
            EXPECT_EQ(o.criteria[c].points, d.criteria[c].points) << d.id << " " << o.criteria[c].criterion;
        }
        EXPECT_EQ(o.rubric_totals, d.rubric_totals) << d.id;
    }
    // Values worked by hand. D2: homeless 17 (max with dalo 0), violence 15, low income 7.5,
    // seniority min(51, 36) = 36.
    RecordBuilder b = scorer.builder();
    b.set("id", "D2").set("household_size", 1).set("filed_on", *parse_iso_date("2021-03-01")).set("motifs", std::vector<std::string>{"06"})
        .set("dalo", false).set("monthly_income", 800).set("current_housing", "SD").set("violence_proof", true);
    const Outcome d2 = scorer.score(b.build().value());
    EXPECT_EQ(d2.grid, "primo");
    EXPECT_EQ(d2.score, 17 + 15 + 7.5 + 36);
    EXPECT_EQ(d2.flags, std::vector<std::string>{"long_wait"});
    ASSERT_EQ(d2.rubric_totals.size(), 2u);
    EXPECT_EQ(d2.rubric_totals[0], (std::pair<std::string, double>{"situation", 17}));
    // Without the proof the violence criterion is unverified and gives nothing.
    b.set("violence_proof", false);
    const Outcome unproven = scorer.score(b.build().value());
    EXPECT_EQ(unproven.score, 17 + 7.5 + 36);
    EXPECT_EQ(unproven.criteria[2].state, CriterionState::unverified);
    // No housing known: no grid takes the demand.
    const Outcome none = scorer.score(scorer.builder().set("id", "D9").build().value());
    EXPECT_EQ(none.status, Status::unscored);
    EXPECT_EQ(none.unscored_reason, "no_grid");
    EXPECT_TRUE(none.grid.empty());
    // A record of another record is not scored.
    Result<QuotaTracker> tracker = QuotaTracker::create(policy, AuditOptions{date_from_civil(2025, 1, 1), date_from_civil(2025, 12, 31), {}, {}, {}});
    ASSERT_TRUE(tracker.ok());
    EXPECT_EQ(scorer.score(tracker->builder().set("id", "A1").build().value()).unscored_reason, "wrong_record");
}

TEST(Scorer, ParsesOneJsonObjectWithTheRulesOfJsonLines) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    Result<Record> r = scorer.parse_json(R"({"id": "D2", "household_size": 3, "motifs": ["05"], "filed_on": "2024-01-31", "dalo": null})");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r->get("household_size"), Value(3.0));
    EXPECT_EQ(*r->get("motifs"), Value(List{Value("05")}));
    EXPECT_EQ(*r->get("filed_on"), Value(date_from_civil(2024, 1, 31)));
    EXPECT_TRUE(r->get("dalo")->is_null());
    EXPECT_EQ(scorer.parse_json("[1, 2]").error().code, "E0704");
    EXPECT_EQ(scorer.parse_json("{\"id\": ").error().code, "E0704");
    Result<Record> unknown = scorer.parse_json(R"({"id": "D", "househld_size": 3})");
    EXPECT_EQ(unknown.error().code, "E0701");
    EXPECT_NE(unknown.error().message.find("did you mean 'household_size'"), std::string::npos) << unknown.error().message;
    EXPECT_EQ(scorer.parse_json(R"({"household_size": 2.5})").error().code, "E0702");
    EXPECT_EQ(scorer.parse_json(R"({"current_housing": "CASTLE"})").error().code, "E0703");
    EXPECT_EQ(scorer.score(scorer.parse_json(R"({"id":"D2","household_size":1,"filed_on":"2021-03-01","motifs":["06"],"dalo":false,)"
                                             R"("monthly_income":800,"current_housing":"SD","violence_proof":true})")
                               .value())
                  .score,
              75.5);
}

struct MyDemand {
    std::string id;
    int size = 0;
    std::optional<double> income;
    Date filed{};
    std::vector<std::string> motifs;
    bool dalo = false;
    std::string housing;  // an enum field
};

// One Outcome reused for demands in turn (both grids, unscored, a wrong record, a binding's mistake
// in between): each time the same as a fresh score.
TEST(Scorer, ScoresIntoAReusedOutcomeAsIntoAFreshOne) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    ReadResult read = read_csv_text(demands_csv, policy.fields("demand"));
    ASSERT_TRUE(read.ok());
    const std::vector<FieldSpec> fields = policy.fields("demand");
    std::vector<Record> records;
    for (const auto& row : read.table.rows) {
        RecordBuilder b = scorer.builder();
        for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, row[f]);
        records.push_back(b.build().value());
    }
    records.push_back(scorer.builder().set("id", "D9").build().value());  // no grid
    QuotaTracker tracker = QuotaTracker::create(policy, AuditOptions{date_from_civil(2025, 1, 1), date_from_civil(2025, 12, 31), {}, {}, {}}).value();
    records.push_back(tracker.builder().set("id", "A1").build().value());  // another record
    records.push_back(records.front());
    std::set<std::string> grids;
    Outcome reused;
    for (const Record& r : records) {
        scorer.score(r, reused);
        const Outcome fresh = scorer.score(r);
        EXPECT_EQ(reused.status, fresh.status);
        EXPECT_EQ(reused.unscored_reason, fresh.unscored_reason);
        EXPECT_EQ(reused.grid, fresh.grid);
        EXPECT_EQ(reused.score, fresh.score);
        EXPECT_EQ(reused.flags, fresh.flags);
        ASSERT_EQ(reused.criteria.size(), fresh.criteria.size());
        for (std::size_t c = 0; c < fresh.criteria.size(); ++c) {
            EXPECT_EQ(reused.criteria[c].criterion, fresh.criteria[c].criterion);
            EXPECT_EQ(reused.criteria[c].state, fresh.criteria[c].state);
            EXPECT_EQ(reused.criteria[c].points, fresh.criteria[c].points);
        }
        EXPECT_EQ(reused.rubric_totals, fresh.rubric_totals);
        grids.insert(fresh.grid.empty() ? fresh.unscored_reason : fresh.grid);
    }
    EXPECT_EQ(grids, (std::set<std::string>{"mutation", "primo", "no_grid", "wrong_record"}));
    // Through a binding: a mistake leaves the outcome unscored, the next demand is scored in full.
    Binding<MyDemand> bound = cotation::bind<MyDemand>(scorer, field("id", &MyDemand::id), field("household_size", &MyDemand::size),
                                                       field("dalo", &MyDemand::dalo), field("current_housing", &MyDemand::housing))
                                  .value();
    MyDemand d{"D3", 4, std::nullopt, Date{}, {}, true, "CASTLE"};
    EXPECT_EQ(scorer.score(bound, d, reused).error().code, "E0703");
    EXPECT_EQ(reused.status, Status::unscored);
    EXPECT_TRUE(reused.criteria.empty());
    d.housing = "HLM";
    ASSERT_TRUE(scorer.score(bound, d, reused).ok());
    EXPECT_EQ(reused.grid, "mutation");
    EXPECT_EQ(reused.score, 50 + 8);
    EXPECT_EQ(reused.criteria.size(), 2u);
}

TEST(Bind, ScoresACallersStructAsTheSameRecordAndChecksOnce) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    Result<Binding<MyDemand>> bound = cotation::bind<MyDemand>(
        scorer, field("id", &MyDemand::id), field("household_size", &MyDemand::size), field("monthly_income", &MyDemand::income),
        field("filed_on", &MyDemand::filed), field("motifs", &MyDemand::motifs), field("dalo", &MyDemand::dalo),
        field("current_housing", &MyDemand::housing));
    ASSERT_TRUE(bound.ok()) << bound.error().message;
    MyDemand d{"D3", 4, 1200.0, *parse_iso_date("2022-03-01"), {"05"}, true, "HLM"};
    Result<Outcome> o3 = scorer.score(bound.value(), d);
    ASSERT_TRUE(o3.ok()) << o3.error().message;
    RecordBuilder b = scorer.builder();
    b.set("id", "D3").set("household_size", 4).set("monthly_income", 1200.0).set("filed_on", *parse_iso_date("2022-03-01"))
        .set("motifs", std::vector<std::string>{"05"}).set("dalo", true).set("current_housing", "HLM");
    const Outcome same = scorer.score(b.build().value());
    EXPECT_EQ(o3->grid, "mutation");
    EXPECT_EQ(o3->score, 50 + 8);
    EXPECT_EQ(o3->score, same.score);
    EXPECT_EQ(o3->flags, same.flags);
    // An empty optional is null: the same as leaving the field out.
    d.income.reset();
    d.housing = "LP";
    EXPECT_EQ(scorer.score(bound.value(), d)->criteria[3].state, CriterionState::unknown);  // low_income: income unknown
    // A string that is not a value of the enumeration is found when scoring.
    d.housing = "CASTLE";
    Result<Outcome> castle = scorer.score(bound.value(), d);
    ASSERT_FALSE(castle.ok());
    EXPECT_EQ(castle.error().code, "E0703");
    EXPECT_NE(castle.error().message.find("current_housing"), std::string::npos);
    // Names and C++ types are checked by bind().
    Result<Binding<MyDemand>> misspelt = cotation::bind<MyDemand>(scorer, field("househld_size", &MyDemand::size));
    EXPECT_EQ(misspelt.error().code, "E0701");
    Result<Binding<MyDemand>> wrong = cotation::bind<MyDemand>(scorer, field("filed_on", &MyDemand::size));
    EXPECT_EQ(wrong.error().code, "E0702");
    EXPECT_NE(wrong.error().message.find("filed_on"), std::string::npos);
    Result<Binding<MyDemand>> text_for_number = cotation::bind<MyDemand>(scorer, field("household_size", &MyDemand::housing));
    EXPECT_EQ(text_for_number.error().code, "E0702");
    // A binding belongs to its scorer.
    const Scorer other = make_scorer(policy);
    EXPECT_EQ(other.score(bound.value(), d).error().code, "E0709");
}

// Four threads share one Scorer and one Population (the ThreadSanitizer run, scripts/tsan.sh,
// runs this test).
TEST(Threads, ShareOneScorerAndOnePopulation) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    const TempFile stock("threads.csv", demands_csv);
    const Population population = Population::score_file(scorer, stock.path()).value();
    ReadResult read = read_csv_text(demands_csv, policy.fields("demand"));
    const std::vector<FieldSpec> fields = policy.fields("demand");
    std::vector<Record> records;
    std::vector<double> expected;
    std::vector<std::int64_t> ranks;
    for (const auto& row : read.table.rows) {
        RecordBuilder b = scorer.builder();
        for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, row[f]);
        records.push_back(b.build().value());
        expected.push_back(scorer.score(records.back()).score);
        ranks.push_back(population.position(records.back()).rank);
    }
    std::vector<std::thread> threads;
    std::vector<int> wrong(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::size_t k = static_cast<std::size_t>(i + t) % records.size();
                if (scorer.score(records[k]).score != expected[k]) ++wrong[static_cast<std::size_t>(t)];
                if (population.position(records[k]).rank != ranks[k]) ++wrong[static_cast<std::size_t>(t)];
                if (!population.position_of("D1").has_value()) ++wrong[static_cast<std::size_t>(t)];
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(Population, PlacesANewcomerAsIfItWereAppendedToTheStock) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    const TempFile stock("stock.csv", demands_csv);
    Result<Population> made = Population::score_file(scorer, stock.path());
    ASSERT_TRUE(made.ok()) << made.error().message;
    const Population& population = made.value();
    EXPECT_EQ(population.size(), 5u);  // D5 has no housing: no grid
    EXPECT_EQ(population.unscored(), 1u);
    // Every candidate newcomer, checked against the whole file scored with it appended.
    const std::vector<std::string> newcomers = {
        "N1,4,2023-01-15,05|12,true,1450.5,LP,T3,false",  // ties D1 on score and date: after it by id
        "D0,4,2023-01-15,05|12,true,1450.5,LP,T3,false",  // the same, before it by id
        "N2,1,2024-01-01,,false,3000,LP,T3,false",         // last of T3
        "N3,1,2024-01-01,,false,3000,LP,T4,false",         // a group of its own
        "N4,2,2020-01-01,06,true,500,SD,T2,true",          // first of T2
        "D1,4,2023-01-15,05|12,true,1450.5,LP,T3,false",  // the same key as a demand of the stock
        "N5,2,2020-01-01,,false,500,,T2,",                 // no grid: not placed
    };
    const std::vector<FieldSpec> fields = policy.fields("demand");
    for (const std::string& line : newcomers) {
        SCOPED_TRACE(line);
        ReadResult one = read_csv_text(std::string(demands_csv).substr(0, std::string(demands_csv).find('\n') + 1) + line + "\n", fields);
        ASSERT_EQ(one.table.rows.size(), 1u);
        RecordBuilder b = scorer.builder();
        for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, one.table.rows[0][f]);
        const Position p = population.position(b.build().value());
        FastScoreOptions options;
        options.as_of = as_of;
        const ScoreRun appended = to_score_run(policy, fast_score_csv(policy, std::string(demands_csv) + line + "\n", options));
        const ScoredDemand& last = appended.demands.back();
        EXPECT_EQ(p.rank, last.rank);
        EXPECT_EQ(p.group_size, last.group_size);
        EXPECT_EQ(p.percentile, last.percentile);
    }
    // A demand of the stock, by key.
    FastScoreOptions options;
    options.as_of = as_of;
    const ScoreRun run = to_score_run(policy, fast_score_csv(policy, demands_csv, options));
    for (const ScoredDemand& d : run.demands) {
        const std::optional<Position> q = population.position_of(d.id);
        if (!d.scored()) {
            EXPECT_FALSE(q.has_value()) << d.id;
            continue;
        }
        ASSERT_TRUE(q.has_value()) << d.id;
        EXPECT_EQ(q->rank, d.rank) << d.id;
        EXPECT_EQ(q->group_size, d.group_size) << d.id;
        EXPECT_EQ(q->percentile, d.percentile) << d.id;
    }
    EXPECT_FALSE(population.position_of("D404").has_value());
    // A file that cannot be read.
    Result<Population> missing = Population::score_file(scorer, "/nonexistent/demands.csv");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "E0710");
}

TEST(Population, KeepsTheRejectedRowsOfItsFile) {
    const Policy policy = load();
    const Scorer scorer = make_scorer(policy);
    const TempFile stock("rejects.csv", std::string(demands_csv) + "D7,many,2023-01-15,,false,1,LP,T3,\n");
    Result<Population> made = Population::score_file(scorer, stock.path());
    ASSERT_TRUE(made.ok());
    ASSERT_EQ(made->rejected().size(), 1u);
    EXPECT_EQ(made->rejected()[0].field, "household_size");
    EXPECT_EQ(made->rejected()[0].line, 8u);
}

const char* const allocations_csv =
    "id,landlord,lease_signed_on,qpv,dalo\n"
    "A1,SIA,2025-02-01,false,true\n"
    "A2,SIA,2025-03-01,false,false\n"
    "A3,SIA,2025-03-02,true,true\n"
    "A4,Maisons,2025-04-01,false,false\n"
    "A5,Maisons,2025-05-01,false,\n"
    "A6,Pas,2024-12-31,false,true\n"
    "A7,Pas,2025-07-01,false,true\n";

void expect_same_results(const std::vector<QuotaGroupResult>& a, const std::vector<QuotaGroupResult>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].quota, b[i].quota);
        EXPECT_EQ(a[i].group, b[i].group);
        EXPECT_EQ(a[i].k, b[i].k);
        EXPECT_EQ(a[i].n, b[i].n);
        EXPECT_EQ(a[i].unknown, b[i].unknown);
        EXPECT_EQ(a[i].target, b[i].target);
        EXPECT_EQ(a[i].status, b[i].status);
        EXPECT_EQ(a[i].gap, b[i].gap);
    }
}

TEST(QuotaTracker, CountsOneAllocationAtATimeAsTheAuditDoes) {
    const Policy policy = load();
    const AuditOptions period{date_from_civil(2025, 1, 1), date_from_civil(2025, 6, 30), {}, {}, {}};
    Result<QuotaTracker> made = QuotaTracker::create(policy, period);
    ASSERT_TRUE(made.ok()) << made.error().message;
    QuotaTracker& t = made.value();
    ReadResult read = read_csv_text(allocations_csv, policy.fields("allocation"));
    const std::vector<FieldSpec> fields = policy.fields("allocation");
    std::vector<Record> rows;
    for (const auto& row : read.table.rows) {
        RecordBuilder b = t.builder();
        for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, row[f]);
        rows.push_back(b.build().value());
        Result<void> added = t.add(rows.back());
        ASSERT_TRUE(added.ok()) << added.error().message;
    }
    EXPECT_EQ(t.counted(), 5u);  // A6 and A7 are outside the period: not counted, not kept
    expect_same_results(t.results(), audit_allocations(policy, read.table, period).results);
    // The same key twice; a key never added; a null period field.
    EXPECT_EQ(t.add(rows[0]).error().code, "E0706");
    EXPECT_EQ(t.remove("A404").error().code, "E0708");
    EXPECT_EQ(t.remove("A6").error().code, "E0708");
    EXPECT_EQ(t.add(t.builder().set("id", "A8").set("landlord", "SIA").build().value()).error().code, "E0707");
    // A cancelled lease: the counts are those of the rows left, groups emptied included.
    ASSERT_TRUE(t.remove("A4").ok());
    ASSERT_TRUE(t.remove("A5").ok());
    ReadResult left = read_csv_text(
        "id,landlord,lease_signed_on,qpv,dalo\nA1,SIA,2025-02-01,false,true\nA2,SIA,2025-03-01,false,false\nA3,SIA,2025-03-02,true,true\n",
        fields);
    expect_same_results(t.results(), audit_allocations(policy, left.table, period).results);
    ASSERT_TRUE(t.add(rows[3]).ok());  // added again after its removal
    EXPECT_EQ(t.counted(), 4u);
    // What-if: what what_if() gives for one candidate against the rows counted.
    ReadResult counted = read_csv_text(
        "id,landlord,lease_signed_on,qpv,dalo\nA1,SIA,2025-02-01,false,true\nA2,SIA,2025-03-01,false,false\nA3,SIA,2025-03-02,true,true\n"
        "A4,Maisons,2025-04-01,false,false\n",
        fields);
    ReadResult candidates = read_csv_text("id,landlord,lease_signed_on,qpv,dalo\nC1,Maisons,2025-06-01,false,true\n", fields);
    std::string error;
    const std::vector<WhatIfEffect> expected = what_if(policy, counted.table, candidates.table, period, error);
    ASSERT_TRUE(error.empty()) << error;
    const std::vector<WhatIfEffect> effects = t.what_if(t.builder().set("id", "C1").set("landlord", "Maisons")
                                                            .set("lease_signed_on", date_from_civil(2025, 6, 1)).set("qpv", false)
                                                            .set("dalo", true).build().value());
    ASSERT_EQ(effects.size(), expected.size());
    ASSERT_EQ(effects.size(), 2u);  // the overall row and Maisons
    for (std::size_t i = 0; i < effects.size(); ++i) {
        EXPECT_EQ(effects[i].candidate, expected[i].candidate);
        EXPECT_EQ(effects[i].after.group, expected[i].after.group);
        EXPECT_EQ(effects[i].before.k, expected[i].before.k);
        EXPECT_EQ(effects[i].after.k, expected[i].after.k);
        EXPECT_EQ(effects[i].after.n, expected[i].after.n);
        EXPECT_EQ(effects[i].direction, expected[i].direction);
    }
    EXPECT_EQ(effects[1].direction, 1);  // a DALO allocation moves Maisons towards its target
    EXPECT_EQ(effects[1].after.k, 1);
}

// A tracker of the first half of 2025 that counted allocations_csv.
QuotaTracker tracker_of_first_half_2025(const Policy& policy) {
    const AuditOptions period{date_from_civil(2025, 1, 1), date_from_civil(2025, 6, 30), {}, {}, {}};
    QuotaTracker t = QuotaTracker::create(policy, period).value();
    ReadResult read = read_csv_text(allocations_csv, policy.fields("allocation"));
    const std::vector<FieldSpec> fields = policy.fields("allocation");
    for (const auto& row : read.table.rows) {
        RecordBuilder b = t.builder();
        for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, row[f]);
        EXPECT_TRUE(t.add(b.build().value()).ok());
    }
    return t;
}

// Candidates in and out of the quota's scope (C2 is in a QPV), in a group never counted (C3), and
// with fewer effects after more.
std::vector<Record> what_if_candidates(const QuotaTracker& t) {
    const auto candidate = [&](const char* id, const char* landlord, bool qpv, bool dalo) {
        return t.builder().set("id", id).set("landlord", landlord).set("lease_signed_on", date_from_civil(2025, 6, 1)).set("qpv", qpv)
            .set("dalo", dalo).build().value();
    };
    return {candidate("C1", "Maisons", false, true), candidate("C2", "SIA", true, true), candidate("C3", "Nouveau bailleur au nom long", false, false),
            candidate("C4", "SIA", false, false)};
}

// What-ifs into one reused vector: for candidates in turn (in and out of scope, a group never seen,
// fewer effects after more), each the same as a fresh what_if.
TEST(QuotaTracker, WhatIfIntoAReusedVectorIsTheSameAsAFreshOne) {
    const Policy policy = load();
    QuotaTracker t = tracker_of_first_half_2025(policy);
    const std::vector<Record> candidates = what_if_candidates(t);
    std::vector<WhatIfEffect> reused;
    std::size_t sizes = 0;
    for (const Record& c : candidates) {
        t.what_if(c, reused);
        const std::vector<WhatIfEffect> fresh = t.what_if(c);
        ASSERT_EQ(reused.size(), fresh.size());
        sizes += fresh.size();
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            EXPECT_EQ(reused[i].candidate, fresh[i].candidate);
            expect_same_results({reused[i].before, reused[i].after}, {fresh[i].before, fresh[i].after});
            EXPECT_EQ(reused[i].before.label, fresh[i].before.label);
            EXPECT_EQ(reused[i].direction, fresh[i].direction);
        }
    }
    EXPECT_EQ(sizes, 2u + 0u + 2u + 2u);  // C2 is in a QPV: out of the quota's scope, no effect
    EXPECT_EQ(reused.size(), 2u);
    EXPECT_EQ(reused[1].after.group, (std::vector<std::pair<std::string, Value>>{{"landlord", Value(std::string("SIA"))}}));
}

// Several threads reading one tracker: what-ifs into vectors each thread reuses (the effects cut
// from them are kept per thread), each equal to the what-if made before the threads started.
TEST(Threads, ShareOneQuotaTracker) {
    const Policy policy = load();
    QuotaTracker t = tracker_of_first_half_2025(policy);
    const std::vector<Record> candidates = what_if_candidates(t);
    std::vector<std::vector<WhatIfEffect>> expected;
    for (const Record& c : candidates) expected.push_back(t.what_if(c));
    const QuotaTracker& shared = t;
    std::vector<std::thread> threads;
    std::vector<int> wrong(4, 0);
    for (int th = 0; th < 4; ++th)
        threads.emplace_back([&, th] {
            std::vector<WhatIfEffect> reused;
            for (int i = 0; i < 500; ++i) {
                const std::size_t k = static_cast<std::size_t>(i + th) % candidates.size();
                shared.what_if(candidates[k], reused);
                bool same = reused.size() == expected[k].size();
                for (std::size_t e = 0; same && e < reused.size(); ++e)
                    same = reused[e].before.quota == expected[k][e].before.quota && reused[e].before.label == expected[k][e].before.label &&
                           reused[e].after.k == expected[k][e].after.k && reused[e].after.n == expected[k][e].after.n &&
                           reused[e].after.group == expected[k][e].after.group && reused[e].direction == expected[k][e].direction;
                if (!same) ++wrong[static_cast<std::size_t>(th)];
                if (shared.results().empty()) ++wrong[static_cast<std::size_t>(th)];
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(QuotaTracker, CreateRefusesAPolicyWithoutQuotasOrABackwardPeriod) {
    LoadResult no_quotas = load_policy_from_string("cotation: 1\nrecords:\n  allocation:\n    key: id\n    fields: {id: string, lease_signed_on: date}\n",
                                                   "q.yaml");
    ASSERT_TRUE(no_quotas.ok());
    EXPECT_EQ(QuotaTracker::create(*no_quotas.policy, AuditOptions{date_from_civil(2025, 1, 1), date_from_civil(2025, 12, 31), {}, {}, {}})
                  .error()
                  .code,
              "E0709");
    const Policy policy = load();
    EXPECT_EQ(QuotaTracker::create(policy, AuditOptions{date_from_civil(2025, 12, 31), date_from_civil(2025, 1, 1), {}, {}, {}}).error().code,
              "E0709");
}

TEST(DataTable, AValueOfTheWrongTypeIsAnErrorNotACrash) {
    const Policy policy = load();
    DataTable table;
    table.fields = policy.fields("demand");
    std::vector<Value> row(table.fields.size());
    row[0] = Value("D1");
    row[1] = Value("four");  // household_size: int
    table.rows.push_back(row);
    const ScoreRun run = score_demands(policy, table, ScoreOptions{as_of, {}});
    ASSERT_FALSE(run.ok());
    EXPECT_NE(run.error.find("household_size"), std::string::npos) << run.error;
    EXPECT_NE(run.error.find("E0702"), std::string::npos) << run.error;
    DataTable short_row = table;
    short_row.rows[0].pop_back();
    EXPECT_FALSE(score_demands(policy, short_row, ScoreOptions{as_of, {}}).ok());
    DataTable allocations;
    allocations.fields = policy.fields("allocation");
    allocations.rows.push_back({Value("A1"), Value(3.0), Value(date_from_civil(2025, 1, 2)), Value(false), Value(true)});
    const AuditRun audit = audit_allocations(policy, allocations, AuditOptions{date_from_civil(2025, 1, 1), date_from_civil(2025, 12, 31), {}, {}, {}});
    ASSERT_FALSE(audit.ok());
    EXPECT_NE(audit.error.find("landlord"), std::string::npos) << audit.error;
    // An offer built by hand is checked too.
    LoadResult matching = load_policy(std::string(COTATION_SOURCE_DIR) + "/rules/cahc/matching.yaml");
    ASSERT_TRUE(matching.ok());
    Offer offer;
    offer.id = "O1";
    offer.fields.assign(matching.policy->fields("offer").size(), Value(42.0));  // numbers where strings are due
    ReadResult demands = read_table(std::string(COTATION_SOURCE_DIR) + "/examples/data/demands.csv", matching.policy->fields("demand"));
    const RankRun rank = rank_candidates(*matching.policy, demands.table, offer, RankOptions{as_of});
    ASSERT_FALSE(rank.ok());
    EXPECT_NE(rank.error.find("E0702"), std::string::npos) << rank.error;
}

}  // namespace
}  // namespace cotation
