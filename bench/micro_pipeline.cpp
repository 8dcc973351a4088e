// The stages of `cotation score` and `cotation audit` with the bundled policies, on generated data:
//
//   load/...            load_policy (read + parse + check) of a bundled policy, per iteration;
//   csv/...             reading generated demands: read_csv_text (rows of Values, the reference
//                       reader) against the columnar reader of the fast path (one thread), per byte;
//   eval/cahc_grid      the scoring of rows already read into columns, one worker of the fast path
//                       (score/column_scorer.hpp: score_part): derived fields, grids, each grid's
//                       criteria over the rows it takes, flags, positioning groups. The evaluator
//                       without reading or writing;
//   score/fast/...      fast_score_csv (CSV text in memory -> scored, positioned rows), 1 or 2 threads;
//                       fast_score_jsonl the same on the same rows written as JSON Lines;
//   score/write         write_fast_scores (the CSV output) of those rows;
//   score/reference     score_demands (the reference interpreter) on rows already read;
//   audit/...           audit_allocations on 384 000 generated allocations already read, and
//                       read_csv_text of that file.
//
// Counters: items_per_second is rows per second. `criteria/s` is criterion evaluations per second:
// rows x the number of criteria of the grid that takes each row (17 for `mutation`, 20 for
// `primo`; unscored rows count 0), the definition of the target in docs/performance.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "jsonl_rows.hpp"
#include "check/compiled.hpp"
#include "cotation/audit.hpp"
#include "cotation/fast.hpp"
#include "cotation/policy.hpp"
#include "cotation/score.hpp"
#include "cotation/table.hpp"
#include "eval/batch.hpp"
#include "eval/interpreter.hpp"
#include "io/csv_columns.hpp"
#include "plan/plan.hpp"
#include "score/column_scorer.hpp"
#include "check/policy_access.hpp"

namespace {

using namespace cotation;

constexpr const char* kCahc = "rules/cahc/cahc.yaml";
const Date kAsOf = *parse_iso_date("2025-06-01");

FastScoreOptions score_options(unsigned threads) {
    FastScoreOptions options;
    options.as_of = kAsOf;
    options.threads = threads;  // 0: every core
    return options;
}

const Policy& cahc() { return bench::bundled_policy(kCahc); }
const std::string& demands(std::uint64_t rows) { return bench::generated_csv(GenKind::demands, rows); }

// The same demands as JSON Lines: an object a row, its values typed, nulls left out.
const std::string& demands_jsonl(std::uint64_t rows) {
    static std::vector<std::pair<std::uint64_t, std::string>> cache;
    for (const auto& [n, text] : cache)
        if (n == rows) return text;
    const std::vector<FieldSpec> fields = cahc().fields("demand");
    const ReadResult read = read_csv_text(demands(rows), fields);
    std::string text;
    for (const std::vector<Value>& row : read.table.rows) bench::append_jsonl_row(text, fields, row);
    cache.emplace_back(rows, std::move(text));
    return cache.back().second;
}

// Criterion evaluations a file's rows need: per row, the criteria of the grid that takes it.
std::uint64_t criterion_evaluations(std::uint64_t rows) {
    static std::vector<std::pair<std::uint64_t, std::uint64_t>> cache;
    for (const auto& [n, evals] : cache)
        if (n == rows) return evals;
    const Policy& policy = cahc();
    FastScoreRun run = fast_score_csv(policy, demands(rows), score_options(0));
    const ScoreRun scored = to_score_run(policy, run);
    std::uint64_t evals = 0;
    for (const ScoredDemand& d : scored.demands) {
        if (!d.scored()) continue;
        for (const CheckedGrid& g : internal::PolicyAccess::compiled(policy).grids)
            if (g.id == d.grid)
                for (const CheckedRubric& r : g.rubrics) evals += r.criteria.size();
    }
    cache.emplace_back(rows, evals);
    return evals;
}

void set_rate_counters(benchmark::State& state, std::uint64_t rows, std::uint64_t evals) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.counters["criteria/s"] = benchmark::Counter(static_cast<double>(evals), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["s/row"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// --- load ---------------------------------------------------------------------------------------

void BM_load_policy(benchmark::State& state, const char* path) {
    const std::string full = bench::source_path(path);
    for (auto _ : state) {
        LoadResult loaded = load_policy(full);
        if (!loaded.ok()) {
            state.SkipWithError("the policy does not load");
            return;
        }
        benchmark::DoNotOptimize(loaded.policy);
    }
}
BENCHMARK_CAPTURE(BM_load_policy, cahc, "rules/cahc/cahc.yaml")->Name("load/cahc")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_load_policy, cahc_quotas, "rules/cahc/quotas.yaml")->Name("load/cahc_quotas")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_load_policy, national_quotas, "rules/national/quotas.yaml")->Name("load/national_quotas")->Unit(benchmark::kMillisecond);

// --- CSV reading ----------------------------------------------------------------------------------

void BM_csv_read_rows(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const std::string& text = demands(rows);
    const std::vector<FieldSpec> fields = cahc().fields("demand");
    for (auto _ : state) {
        ReadResult read = read_csv_text(text, fields);
        benchmark::DoNotOptimize(read.table.rows.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_csv_read_rows)->Name("csv/read_csv_text")->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_csv_read_columns(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const std::string& text = demands(rows);
    const CheckedRecord& record = internal::PolicyAccess::compiled(cahc()).records[static_cast<std::size_t>(internal::PolicyAccess::compiled(cahc()).demand_record)];
    const std::vector<bool> store(record.fields.size(), true);
    for (auto _ : state) {
        io::CsvLayout layout;
        if (!io::read_csv_layout(text, record.fields, {}, layout).empty()) {
            state.SkipWithError("header");
            return;
        }
        StringPool pool;
        io::ColumnPart part;
        io::read_csv_part(text, layout.body, text.size(), 2, layout, record.fields, {}, store, record.key_slot, pool, part);
        benchmark::DoNotOptimize(part.chunk.rows);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_csv_read_columns)->Name("csv/columns_1thread")->Arg(100000)->Unit(benchmark::kMillisecond);

// --- the evaluator alone, on the CAHC grid ---------------------------------------------------------

void BM_eval_cahc_grid(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    Result<Plan> plan = make_plan(internal::PolicyAccess::compiled(cahc()), kAsOf);
    if (!plan) {
        state.SkipWithError(plan.error().message.c_str());
        return;
    }
    const CheckedRecord& record = plan->record(plan->program.demand_record);
    const ColumnScoring scoring{*plan, record, make_layout(plan->program, record), false, {}};
    const std::unique_ptr<ScoringWorker> worker = make_scoring_worker(scoring);
    // The rows read once, as one part; each iteration scores a copy (score_part takes the keys).
    const std::string& text = demands(rows);
    io::CsvLayout layout;
    if (const std::string error = io::read_csv_layout(text, record.fields, {}, layout); !error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    io::ColumnPart part;
    io::read_csv_part(text, layout.body, text.size(), 2, layout, record.fields, {}, scoring.layout.store, record.key_slot, worker->pool, part);
    std::size_t scored = 0;
    for (auto _ : state) {
        state.PauseTiming();
        io::ColumnPart input = part;
        PartScores out;
        state.ResumeTiming();
        score_part(scoring, *worker, input, out);
        scored = static_cast<std::size_t>(std::count_if(out.grid.begin(), out.grid.end(), [](std::int8_t g) { return g >= 0; }));
    }
    benchmark::DoNotOptimize(scored);
    set_rate_counters(state, rows, criterion_evaluations(rows));
}
BENCHMARK(BM_eval_cahc_grid)->Name("eval/cahc_grid_1thread")->Arg(100000)->Unit(benchmark::kMillisecond);

// --- scoring --------------------------------------------------------------------------------------

// Scoring a text in memory (CSV or JSON Lines) with `score`: rows and threads from the arguments.
template <typename Score>
void run_fast_score(benchmark::State& state, const std::string& text, Score score) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const auto threads = static_cast<unsigned>(state.range(1));
    const Policy& policy = cahc();
    const std::uint64_t evals = criterion_evaluations(rows);
    for (auto _ : state) {
        FastScoreRun run = score(policy, text, score_options(threads));
        if (!run.ok() || run.rows_read != rows) {
            state.SkipWithError(run.ok() ? "rows lost" : run.error.c_str());
            return;
        }
        benchmark::DoNotOptimize(run.scored);
    }
    set_rate_counters(state, rows, evals);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_fast_score_csv(benchmark::State& state) {
    run_fast_score(state, demands(static_cast<std::uint64_t>(state.range(0))), fast_score_csv);
}
// 200 000 demands, on 1 and 2 threads, in real time.
void fast_score_args(benchmark::internal::Benchmark* b) {
    b->ArgNames({"rows", "threads"})->Args({200000, 1})->Args({200000, 2})->UseRealTime()->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_fast_score_csv)->Name("score/fast_score_csv")->Apply(fast_score_args);

void BM_fast_score_jsonl(benchmark::State& state) {
    run_fast_score(state, demands_jsonl(static_cast<std::uint64_t>(state.range(0))), fast_score_jsonl);
}
BENCHMARK(BM_fast_score_jsonl)->Name("score/fast_score_jsonl")->Apply(fast_score_args);

void BM_write_fast_scores(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const Policy& policy = cahc();
    const FastScoreRun run = fast_score_csv(policy, demands(rows), score_options(0));
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::ostringstream out;
        write_fast_scores(out, policy, run, false, false);
        bytes = out.view().size();
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_write_fast_scores)->Name("score/write_csv")->Arg(200000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_score_reference(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const Policy& policy = cahc();
    const ReadResult read = read_csv_text(demands(rows), policy.fields("demand"));
    for (auto _ : state) {
        ScoreRun run = score_demands(policy, read.table, ScoreOptions{kAsOf, {}});
        benchmark::DoNotOptimize(run.scored);
    }
    set_rate_counters(state, rows, criterion_evaluations(rows));
}
BENCHMARK(BM_score_reference)->Name("score/reference_score_demands")->Arg(20000)->Unit(benchmark::kMillisecond);

// --- audit ----------------------------------------------------------------------------------------

constexpr std::uint64_t kAllocations = 384000;

void BM_audit(benchmark::State& state, const char* path) {
    const Policy& policy = bench::bundled_policy(path);
    const ReadResult read = read_csv_text(bench::generated_csv(GenKind::allocations, kAllocations), policy.fields("allocation"));
    if (!read.ok() || !read.table.rejected.empty()) {
        state.SkipWithError("the allocations do not read cleanly");
        return;
    }
    AuditOptions options;
    options.from = date_from_civil(2024, 1, 1);
    options.to = date_from_civil(2024, 12, 31);
    for (auto _ : state) {
        AuditRun run = audit_allocations(policy, read.table, options);
        if (!run.ok()) {
            state.SkipWithError(run.error.c_str());
            return;
        }
        benchmark::DoNotOptimize(run.results.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kAllocations));
}
BENCHMARK_CAPTURE(BM_audit, national, "rules/national/quotas.yaml")->Name("audit/national_384000")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_audit, cahc, "rules/cahc/quotas.yaml")->Name("audit/cahc_384000")->Unit(benchmark::kMillisecond);

void BM_read_allocations(benchmark::State& state) {
    const Policy& policy = bench::bundled_policy("rules/national/quotas.yaml");
    const std::string& text = bench::generated_csv(GenKind::allocations, kAllocations);
    const std::vector<FieldSpec> fields = policy.fields("allocation");
    for (auto _ : state) {
        ReadResult read = read_csv_text(text, fields);
        benchmark::DoNotOptimize(read.table.rows.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kAllocations));
}
BENCHMARK(BM_read_allocations)->Name("audit/read_csv_text_384000")->Unit(benchmark::kMillisecond);

}  // namespace
