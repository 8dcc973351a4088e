// Per-row cost of each operation and type of the expression language.
//
//   batch/<op>   the typed column evaluator (BatchExpr, the fast path) over synthetic columns of
//                64 Ki rows, run batch by batch (batch_rows = 1024) as the scorer runs it;
//   interp/<op>  the same expression through the row-at-a-time reference interpreter (evaluate).
//
// items_per_second is rows per second; `s/row` is its inverse. Each expression is a derived field
// of a small policy (below), so it is parsed and checked exactly as a grid's expression would be.
// Every column has some nulls (bool columns and the list column more), so that the Kleene logic
// and the null propagation are paid for as in real data.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"
#include "eval/batch.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"
#include "check/policy_access.hpp"

namespace {

using namespace cotation;

struct Op {
    const char* name;
    const char* expr;
    bool interpreted;  // also benchmarked through the reference interpreter
};

// Fields: a, b numbers; i, j ints; d1, d2 dates; s, t strings (INSEE codes); e an enumeration;
// p, q booleans; l a list of strings (SNE motifs).
const Op kOps[] = {
    {"num_add", "a + b", true},
    {"num_sub", "a - b", false},
    {"num_mul", "a * b", false},
    {"num_div", "a / b", false},
    {"int_add", "i + j", false},
    {"num_negate", "-a", false},
    {"num_lt", "a < b", false},
    {"num_gt_const", "a > 0.4", false},
    {"int_ge", "i >= j", false},
    {"date_lt", "d1 < d2", false},
    {"date_ge_const", "d1 >= date(\"2024-01-01\")", false},
    {"str_eq", "s == t", false},
    {"str_eq_const", "s == \"62427\"", true},
    {"str_lt", "s < t", false},
    {"enum_eq_const", "e == \"T3\"", false},
    {"enum_ge_const", "e >= \"T3\"", true},
    {"bool_and", "p and q", false},
    {"bool_or", "p or q", false},
    {"bool_not", "not p", false},
    {"is_null", "a is null", false},
    {"in_list_literal_str14", "s in [\"62145\", \"62215\", \"62249\", \"62250\", \"62274\", \"62276\", \"62321\", \"62427\", \"62497\", \"62907\", \"62587\", \"62624\", \"62637\", \"62724\"]", true},
    {"in_list_literal_enum3", "e in [\"T3\", \"T4\", \"T5\"]", false},
    {"in_list_parameter14", "s in communes", false},
    {"in_list_field", "\"05\" in l", false},
    {"contains", "contains(l, \"05\")", true},
    {"any_in", "any_in(l, [\"18\", \"19\"])", false},
    {"first", "first(l)", false},
    {"count", "count(l)", false},
    {"months_between", "months_between(d1, d2)", true},
    {"months_between_as_of", "months_between(d1, as_of)", false},
    {"days_between", "days_between(d1, d2)", false},
    {"min_num", "min(a, b)", false},
    {"max_num3", "max(a, b, 100)", false},
    {"min_date", "min(d1, d2)", false},
    {"clamp", "clamp(a, 0, 36)", false},
    {"round2", "round(a / 3, 2)", false},
    {"if", "if p then a else b", true},
    {"coalesce_op", "a ?? 0", false},
    {"coalesce_fn3", "coalesce(a, b, 0)", false},
    {"index_int_table", "bareme[i]", true},
    {"index_str_table", "loyer[e]", false},
    // Two criteria of the CAHC grid, as written there (budget; overcrowding with children).
    {"cahc_taux_effort", "(b ?? 0) / a > 0.40", true},
    {"cahc_suroccupation", "j >= 1 and i >= 1 and i >= 2 * j", true},
};

constexpr std::size_t kRows = 64 * batch_rows;

std::string policy_text() {
    std::string text = R"(cotation: 1
name: "micro-benchmarks"
parameters:
  communes: ["62145", "62215", "62249", "62250", "62274", "62276", "62321", "62427", "62497", "62907", "62587", "62624", "62637", "62724"]
  bareme: {1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60, 7: 70, 8: 80}
  loyer: {C: 250, T1: 300, T2: 380, T3: 450, T4: 520, T5: 600, T6P: 680}
records:
  row:
    key: id
    fields:
      id: string
      a: number
      b: number
      i: int
      j: int
      d1: date
      d2: date
      s: string
      t: string
      e: enum[C, T1, T2, T3, T4, T5, T6P]
      p: bool
      q: bool
      l: list<string>
    derived:
)";
    for (const Op& op : kOps) text += std::string("      ") + op.name + ": '" + op.expr + "'\n";
    return text;
}

// The synthetic rows, as columns (for BatchExpr) and as values (for the interpreter).
struct Fixture {
    std::optional<Policy> policy;
    std::optional<Plan> plan;                  // the benchmark policy planned at as_of: both evaluators run it
    const CheckedRecord* record = nullptr;     // of the plan's program
    Date as_of = *parse_iso_date("2025-06-01");
    StringPool pool;
    std::vector<Column> columns;               // one per field
    std::vector<std::vector<Value>> rows;      // one per row: every slot (derived ones null)
    std::string error;

    const Expr* expr(const std::string& name) const {
        for (const CheckedDerived& d : record->derived)
            if (d.name == name) return &d.expr;
        return nullptr;
    }
};

Fixture build_fixture() {
    Fixture fx;
    LoadResult loaded = load_policy_from_string(policy_text(), "<micro-benchmarks>");
    if (!loaded.ok()) {
        fx.error = "the benchmark policy does not load:\n" + format_text(loaded.diagnostics);
        return fx;
    }
    fx.policy = *loaded.policy;
    Result<Plan> plan = make_plan(internal::PolicyAccess::compiled(*fx.policy), fx.as_of);
    if (!plan) {
        fx.error = plan.error().message;
        return fx;
    }
    fx.plan = std::move(plan.value());
    const CompiledPolicy& p = fx.plan->program;
    fx.record = &p.records[static_cast<std::size_t>(p.record_index("row"))];

    std::mt19937_64 rng(42);
    const auto pick = [&](std::uint64_t n) { return static_cast<std::int64_t>(rng() % n); };
    const auto null_in = [&](int per_cent) { return pick(100) < per_cent; };
    std::vector<std::string> communes;
    for (int k = 0; k < 200; ++k) communes.push_back(std::to_string(62000 + 7 * k));
    for (const char* c : {"62145", "62215", "62249", "62427", "62907"}) communes.emplace_back(c);
    const char* typologies[] = {"C", "T1", "T2", "T3", "T4", "T5", "T6P"};
    const Date day0 = *parse_iso_date("2015-01-01");

    const CheckedRecord& r = *fx.record;
    fx.rows.assign(kRows, std::vector<Value>(r.slot_count()));
    fx.columns.assign(r.fields.size(), Column{});
    for (std::size_t f = 0; f < r.fields.size(); ++f) {
        const std::string& name = r.fields[f].name;
        const Type& type = r.fields[f].type;
        for (std::size_t row = 0; row < kRows; ++row) {
            Value v;
            if (name == "id") v = Value(std::to_string(row));
            else if (name == "a") v = null_in(5) ? Value() : Value(static_cast<double>(pick(400000)) / 100.0);
            else if (name == "b") v = null_in(5) ? Value() : Value(pick(100) == 0 ? 0.0 : static_cast<double>(pick(200000)) / 100.0);
            else if (name == "i") v = null_in(5) ? Value() : Value(static_cast<double>(1 + pick(8)));
            else if (name == "j") v = null_in(5) ? Value() : Value(static_cast<double>(pick(6)));
            else if (name == "d1" || name == "d2") v = null_in(5) ? Value() : Value(Date{day0.days + static_cast<std::int32_t>(pick(3800))});
            else if (name == "s") v = null_in(5) ? Value() : Value(communes[static_cast<std::size_t>(pick(communes.size()))]);
            else if (name == "t") {
                const Value& s = fx.rows[row][static_cast<std::size_t>(r.slot_of("s"))];
                v = null_in(5) ? Value() : pick(3) == 0 ? s : Value(communes[static_cast<std::size_t>(pick(communes.size()))]);
            } else if (name == "e") v = null_in(5) ? Value() : Value(typologies[pick(7)]);
            else if (name == "p" || name == "q") v = null_in(20) ? Value() : Value(pick(2) == 0);
            else if (name == "l") {
                if (!null_in(10)) {
                    List items;
                    for (std::int64_t k = 0, n = 1 + pick(3); k < n; ++k) {
                        const auto m = 1 + pick(23);
                        items.emplace_back((m < 10 ? "0" : "") + std::to_string(m));
                    }
                    v = Value(std::move(items));
                }
            }
            fx.rows[row][f] = v;
            append_value(fx.columns[f], v, type, fx.pool);
        }
    }
    return fx;
}

Fixture& fixture() {
    static Fixture fx = build_fixture();
    return fx;
}

void set_views(const Fixture& fx, std::vector<View>& views, std::size_t first) {
    for (std::size_t f = 0; f < fx.columns.size(); ++f) views[f] = view_of(fx.columns[f], first);
}

void run_batch(benchmark::State& state, const std::string& name) {
    Fixture& fx = fixture();
    if (!fx.error.empty()) {
        state.SkipWithError(fx.error.c_str());
        return;
    }
    const Expr* expr = fx.expr(name);
    BatchExpr program(*expr, fx.pool, batch_rows);
    std::vector<View> views(fx.record->slot_count());
    std::size_t set = 0;
    for (auto _ : state) {
        for (std::size_t first = 0; first < kRows; first += batch_rows) {
            set_views(fx, views, first);
            const View out = program.run(BatchInput{&views, batch_rows});
            set += out.valid[0];
            benchmark::DoNotOptimize(out.valid);
        }
    }
    benchmark::DoNotOptimize(set);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
    state.counters["s/row"] = benchmark::Counter(static_cast<double>(kRows), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void run_interpreter(benchmark::State& state, const std::string& name) {
    Fixture& fx = fixture();
    if (!fx.error.empty()) {
        state.SkipWithError(fx.error.c_str());
        return;
    }
    const Expr* expr = fx.expr(name);
    EvalContext ctx = fx.plan->context();
    std::size_t set = 0;
    for (auto _ : state) {
        for (const auto& row : fx.rows) {
            ctx.row = &row;
            const Value v = evaluate(*expr, ctx);
            set += v.is_null() ? 0 : 1;
        }
    }
    benchmark::DoNotOptimize(set);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
    state.counters["s/row"] = benchmark::Counter(static_cast<double>(kRows), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

[[maybe_unused]] const int registered = [] {
    for (const Op& op : kOps) {
        const std::string name = op.name;
        benchmark::RegisterBenchmark(("batch/" + name).c_str(), [name](benchmark::State& s) { run_batch(s, name); });
    }
    for (const Op& op : kOps) {
        if (!op.interpreted) continue;
        const std::string name = op.name;
        benchmark::RegisterBenchmark(("interp/" + name).c_str(), [name](benchmark::State& s) { run_interpreter(s, name); });
    }
    return 0;
}();

}  // namespace
