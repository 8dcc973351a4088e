// The authors' tools on generated demands in memory, beside `score/fast_score_csv` (micro_pipeline.cpp)
// on the same 200 000 rows, so that their costs read as multiples of one score:
//
//   compare/cahc_variant   compare_csv: the CAHC grid against its bundled variant, the text read once,
//                          each part scored by both kernels, both positioned, the summary counted;
//   compare/write_csv      write_compare_csv of that comparison (the CSV of rank changes);
//   coverage/cahc          coverage_csv: the CAHC grid, criteria states counted part by part.
#include <benchmark/benchmark.h>

#include <sstream>

#include "bench_data.hpp"
#include "cotation/compare.hpp"
#include "cotation/coverage.hpp"

namespace {

using namespace cotation;

const Date kAsOf = *parse_iso_date("2025-06-01");

const Policy& cahc() { return bench::bundled_policy("rules/cahc/cahc.yaml"); }
const Policy& variant() { return bench::bundled_policy("rules/cahc/cahc_variant.yaml"); }
const std::string& demands(std::uint64_t rows) { return bench::generated_csv(GenKind::demands, rows); }

void BM_compare(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const std::string& text = demands(rows);
    const CompareOptions options{kAsOf, {}, {}, static_cast<unsigned>(state.range(1)), {}};
    for (auto _ : state) {
        const CompareRun run = compare_csv(cahc(), variant(), text, options);
        if (!run.ok() || run.rows_read != rows) {
            state.SkipWithError(run.ok() ? "rows lost" : run.error.c_str());
            return;
        }
        benchmark::DoNotOptimize(run.both_scored);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
// As score/fast_score_csv: 200 000 demands, on 1 and 2 threads, in real time.
BENCHMARK(BM_compare)->Name("compare/cahc_variant")->ArgNames({"rows", "threads"})->Args({200000, 1})->Args({200000, 2})->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_write_compare(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const CompareRun run = compare_csv(cahc(), variant(), demands(rows), CompareOptions{kAsOf, {}, {}, 0, {}});
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::ostringstream out;
        write_compare_csv(out, cahc(), variant(), run);
        bytes = out.view().size();
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_write_compare)->Name("compare/write_csv")->Arg(200000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_coverage(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const std::string& text = demands(rows);
    CoverageOptions options;
    options.as_of = kAsOf;
    options.threads = static_cast<unsigned>(state.range(1));
    for (auto _ : state) {
        const CoverageRun run = coverage_csv(cahc(), text, options);
        if (!run.ok() || run.rows_read != rows) {
            state.SkipWithError(run.ok() ? "rows lost" : run.error.c_str());
            return;
        }
        benchmark::DoNotOptimize(run.scored);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_coverage)->Name("coverage/cahc")->ArgNames({"rows", "threads"})->Args({200000, 1})->Args({200000, 2})->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
