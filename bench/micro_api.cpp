// The embedding API (include/cotation/scorer.hpp, population.hpp, quota_tracker.hpp), one call at
// a time, as a demand-management system makes them:
//
//   api/score_bound_cahc          one demand of the CAHC grid scored through a binding of the
//                                 caller's struct (every demand field bound), generated demands in
//                                 turn; the Outcome built and destroyed each time;
//   api/score_bound_reused_cahc   the same into one Outcome reused from call to call;
//   api/score_record_cahc         the same demands as Records built beforehand;
//   api/position_national         a demand placed among the 2.76 M demands of the national stock
//                                 (generated once into a file, scored once, not timed);
//   api/tracker_add_remove/...    one allocation added then removed (two calls: the time is per
//                                 pair) with 384 000 allocations counted, national and CAHC quotas;
//   api/tracker_what_if/...       the what-if of one candidate allocation, same trackers;
//   api/tracker_what_if_reused/.. the same into one vector of effects reused from call to call.
//
// Targets (docs/performance.md): at most 1 µs a scored demand, 2 µs a position, 1 µs an add or a
// what-if. Environment: COTATION_BENCH_DIR (default /tmp/cotation-bench) for the national file.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bench_data.hpp"
#include "cotation/cotation.hpp"

namespace {

using namespace cotation;

const Date kAsOf = *parse_iso_date("2025-06-01");

// Every field of the demand record (rules/schema/sne.yaml), as a system would hold a demand.
struct Demand {
    std::string id;
    Date filed_on{};
    std::string commune;
    std::vector<std::string> wished_communes;
    std::string wished_typology;
    int household_size = 0, persons_14_plus = 0, children_under_14 = 0, dependants = 0;
    bool single_parent = false, couple = false;
    std::optional<Date> applicant_birth_date;
    std::optional<double> monthly_income, tax_income;
    std::string current_housing;
    std::optional<double> current_rent;
    std::optional<int> current_rooms;
    std::optional<double> current_surface;
    std::vector<std::string> motifs;
    bool disability = false, dalo = false;
    std::optional<std::string> employment, employer_commune;
    bool violence_proof = false, social_worker_validated = false;
    std::optional<Date> last_refusal_on;
    bool anru_rehousing = false;
    std::vector<std::string> priority_situations;
    bool essential_worker = false;
    std::string nationality, sex;  // protected: kept for statistics, never read by the grid
};

Result<Binding<Demand>> bind_demand(const Scorer& scorer) {
    return cotation::bind<Demand>(
        scorer, field("id", &Demand::id), field("filed_on", &Demand::filed_on), field("commune", &Demand::commune),
        field("wished_communes", &Demand::wished_communes), field("wished_typology", &Demand::wished_typology),
        field("household_size", &Demand::household_size), field("persons_14_plus", &Demand::persons_14_plus),
        field("children_under_14", &Demand::children_under_14), field("dependants", &Demand::dependants),
        field("single_parent", &Demand::single_parent), field("couple", &Demand::couple),
        field("applicant_birth_date", &Demand::applicant_birth_date), field("monthly_income", &Demand::monthly_income),
        field("tax_income", &Demand::tax_income), field("current_housing", &Demand::current_housing),
        field("current_rent", &Demand::current_rent), field("current_rooms", &Demand::current_rooms),
        field("current_surface", &Demand::current_surface), field("motifs", &Demand::motifs), field("disability", &Demand::disability),
        field("dalo", &Demand::dalo), field("employment", &Demand::employment), field("employer_commune", &Demand::employer_commune),
        field("violence_proof", &Demand::violence_proof), field("social_worker_validated", &Demand::social_worker_validated),
        field("last_refusal_on", &Demand::last_refusal_on), field("anru_rehousing", &Demand::anru_rehousing),
        field("priority_situations", &Demand::priority_situations), field("essential_worker", &Demand::essential_worker),
        field("nationality", &Demand::nationality), field("sex", &Demand::sex));
}

// The generated demands as structs: the values a system would hold (nulls as empty optionals).
std::vector<Demand> demands(const Policy& policy, std::uint64_t count) {
    const ReadResult read = read_csv_text(bench::generated_csv(GenKind::demands, count, 7), policy.fields("demand"));
    const std::vector<FieldSpec> fields = policy.fields("demand");
    const auto at = [&](const std::vector<Value>& row, const char* name) -> const Value& {
        for (std::size_t f = 0; f < fields.size(); ++f)
            if (fields[f].name == name) return row[f];
        throw std::logic_error(name);
    };
    const auto text = [&](const Value& v) { return v.as_string() ? *v.as_string() : std::string(); };
    const auto texts = [&](const Value& v) {
        std::vector<std::string> out;
        if (const List* l = v.as_list())
            for (const Value& item : *l) out.push_back(text(item));
        return out;
    };
    const auto number = [](const Value& v) { return v.as_number() ? std::optional<double>(*v.as_number()) : std::nullopt; };
    const auto whole = [](const Value& v) { return v.as_number() ? static_cast<int>(*v.as_number()) : 0; };
    const auto flag = [](const Value& v) { return v.as_bool() && *v.as_bool(); };
    const auto date = [](const Value& v) { return v.as_date() ? std::optional<Date>(*v.as_date()) : std::nullopt; };
    std::vector<Demand> out;
    for (const auto& row : read.table.rows) {
        Demand d;
        d.id = text(at(row, "id"));
        d.filed_on = date(at(row, "filed_on")).value_or(Date{});
        d.commune = text(at(row, "commune"));
        d.wished_communes = texts(at(row, "wished_communes"));
        d.wished_typology = text(at(row, "wished_typology"));
        d.household_size = whole(at(row, "household_size"));
        d.persons_14_plus = whole(at(row, "persons_14_plus"));
        d.children_under_14 = whole(at(row, "children_under_14"));
        d.dependants = whole(at(row, "dependants"));
        d.single_parent = flag(at(row, "single_parent"));
        d.couple = flag(at(row, "couple"));
        d.applicant_birth_date = date(at(row, "applicant_birth_date"));
        d.monthly_income = number(at(row, "monthly_income"));
        d.tax_income = number(at(row, "tax_income"));
        d.current_housing = text(at(row, "current_housing"));
        d.current_rent = number(at(row, "current_rent"));
        if (auto rooms = number(at(row, "current_rooms"))) d.current_rooms = static_cast<int>(*rooms);
        d.current_surface = number(at(row, "current_surface"));
        d.motifs = texts(at(row, "motifs"));
        d.disability = flag(at(row, "disability"));
        d.dalo = flag(at(row, "dalo"));
        if (const std::string e = text(at(row, "employment")); !e.empty()) d.employment = e;
        if (const std::string c = text(at(row, "employer_commune")); !c.empty()) d.employer_commune = c;
        d.violence_proof = flag(at(row, "violence_proof"));
        d.social_worker_validated = flag(at(row, "social_worker_validated"));
        d.last_refusal_on = date(at(row, "last_refusal_on"));
        d.anru_rehousing = flag(at(row, "anru_rehousing"));
        d.priority_situations = texts(at(row, "priority_situations"));
        d.essential_worker = flag(at(row, "essential_worker"));
        d.nationality = text(at(row, "nationality"));
        d.sex = text(at(row, "sex"));
        // Enum fields bound to strings: a demand with an unknown value there is left out.
        if (d.current_housing.empty() || d.nationality.empty() || d.sex.empty()) continue;
        out.push_back(std::move(d));
    }
    return out;
}

const Scorer& cahc_scorer() {
    static const Scorer scorer = Scorer::create(bench::bundled_policy("rules/cahc/cahc.yaml"), ScorerOptions{kAsOf, {}}).value();
    return scorer;
}

// `reused`: into one Outcome kept from call to call, as a system scoring demands in turn does;
// else a fresh Outcome each time.
void BM_score_bound(benchmark::State& state, bool reused) {
    const Scorer& scorer = cahc_scorer();
    const std::vector<Demand> sample = demands(scorer.policy(), 2000);
    const Binding<Demand> bound = bind_demand(scorer).value();
    Outcome kept;
    std::size_t i = 0;
    double sum = 0;
    for (auto _ : state) {
        if (reused) {
            if (scorer.score(bound, sample[i], kept)) sum += kept.score;
        } else {
            sum += scorer.score(bound, sample[i])->score;
        }
        if (++i == sample.size()) i = 0;
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(BM_score_bound, fresh, false)->Name("api/score_bound_cahc");
BENCHMARK_CAPTURE(BM_score_bound, reused, true)->Name("api/score_bound_reused_cahc");

// 2 000 generated demands as Records built beforehand.
std::vector<Record> sample_records(const Scorer& scorer) {
    const ReadResult read = read_csv_text(bench::generated_csv(GenKind::demands, 2000, 7), scorer.policy().fields("demand"));
    const std::vector<FieldSpec> fields = scorer.policy().fields("demand");
    std::vector<Record> records;
    for (const auto& row : read.table.rows) {
        RecordBuilder b = scorer.builder();
        for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, row[f]);
        records.push_back(b.build().value());
    }
    return records;
}

void BM_score_record(benchmark::State& state) {
    const Scorer& scorer = cahc_scorer();
    const std::vector<Record> records = sample_records(scorer);
    std::size_t i = 0;
    double sum = 0;
    for (auto _ : state) {
        sum += scorer.score(records[i]).score;
        if (++i == records.size()) i = 0;
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_score_record)->Name("api/score_record_cahc");

// The national stock as a file (cotation gen demands --count 2760000 --seed 1), made once.
std::string national_demands() {
    const char* dir = std::getenv("COTATION_BENCH_DIR");
    const std::filesystem::path folder = dir ? dir : "/tmp/cotation-bench";
    std::filesystem::create_directories(folder);
    const std::filesystem::path path = folder / "demands.csv";
    if (!std::filesystem::exists(path) || std::filesystem::file_size(path) < (300u << 20)) {
        GenOptions options;
        options.kind = GenKind::demands;
        options.count = 2760000;
        options.seed = 1;
        std::ofstream out(path, std::ios::binary);
        generate(options, [&](std::string_view chunk) { return static_cast<bool>(out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))); });
    }
    return path.string();
}

void BM_position(benchmark::State& state) {
    const Scorer& scorer = cahc_scorer();
    static const Population population = Population::score_file(scorer, national_demands()).value();
    const std::vector<Record> records = sample_records(scorer);
    std::size_t i = 0;
    std::int64_t sum = 0;
    for (auto _ : state) {
        sum += population.position(records[i]).rank;
        if (++i == records.size()) i = 0;
    }
    benchmark::DoNotOptimize(sum);
    state.counters["stock"] = static_cast<double>(population.size());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_position)->Name("api/position_national")->Unit(benchmark::kNanosecond);

// A tracker of `policy` with the 384 000 generated allocations of 2024 counted, and more
// allocations (not counted) to add.
struct Tracked {
    QuotaTracker tracker;
    std::vector<Record> extra;
};

Tracked& tracked(const std::string& policy_path) {
    static std::vector<std::pair<std::string, std::unique_ptr<Tracked>>> cache;
    for (auto& [path, t] : cache)
        if (path == policy_path) return *t;
    const Policy& policy = bench::bundled_policy(policy_path);
    QuotaTracker tracker = QuotaTracker::create(policy, AuditOptions{date_from_civil(2024, 1, 1), date_from_civil(2024, 12, 31), {}, {}, {}}).value();
    const std::vector<FieldSpec> fields = policy.fields("allocation");
    const auto records = [&](std::uint64_t count, std::uint64_t seed) {
        const ReadResult read = read_csv_text(bench::generated_csv(GenKind::allocations, count, seed), fields);
        std::vector<Record> out;
        for (const auto& row : read.table.rows) {
            RecordBuilder b = tracker.builder();
            for (std::size_t f = 0; f < fields.size(); ++f) b.set(fields[f].name, row[f]);
            Result<Record> r = b.build();
            if (r) out.push_back(std::move(r.value()));
        }
        return out;
    };
    for (const Record& r : records(384000, 1)) (void)tracker.add(r);
    std::vector<Record> extra = records(2000, 99);
    cache.emplace_back(policy_path, std::make_unique<Tracked>(Tracked{std::move(tracker), std::move(extra)}));
    return *cache.back().second;
}

void BM_tracker_add_remove(benchmark::State& state, const std::string& policy_path) {
    Tracked& t = tracked(policy_path);
    std::size_t i = 0;
    for (auto _ : state) {
        const Record& r = t.extra[i];
        if (t.tracker.add(r)) (void)t.tracker.remove(format_value(*r.get("id")));
        if (++i == t.extra.size()) i = 0;
    }
    state.counters["counted"] = static_cast<double>(t.tracker.counted());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(BM_tracker_add_remove, national, std::string("rules/national/quotas.yaml"))->Name("api/tracker_add_remove/national");
BENCHMARK_CAPTURE(BM_tracker_add_remove, cahc, std::string("rules/cahc/quotas.yaml"))->Name("api/tracker_add_remove/cahc");

// `reused`: into one vector of effects kept from candidate to candidate.
void BM_tracker_what_if(benchmark::State& state, const std::string& policy_path, bool reused) {
    Tracked& t = tracked(policy_path);
    std::vector<WhatIfEffect> kept;
    std::size_t i = 0, effects = 0;
    for (auto _ : state) {
        if (reused) {
            t.tracker.what_if(t.extra[i], kept);
            effects += kept.size();
        } else {
            effects += t.tracker.what_if(t.extra[i]).size();
        }
        if (++i == t.extra.size()) i = 0;
    }
    benchmark::DoNotOptimize(effects);
    state.counters["counted"] = static_cast<double>(t.tracker.counted());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(BM_tracker_what_if, national, std::string("rules/national/quotas.yaml"), false)->Name("api/tracker_what_if/national");
BENCHMARK_CAPTURE(BM_tracker_what_if, cahc, std::string("rules/cahc/quotas.yaml"), false)->Name("api/tracker_what_if/cahc");
BENCHMARK_CAPTURE(BM_tracker_what_if, national_reused, std::string("rules/national/quotas.yaml"), true)->Name("api/tracker_what_if_reused/national");
BENCHMARK_CAPTURE(BM_tracker_what_if, cahc_reused, std::string("rules/cahc/quotas.yaml"), true)->Name("api/tracker_what_if_reused/cahc");

}  // namespace
