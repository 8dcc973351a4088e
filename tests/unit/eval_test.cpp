#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"
#include "cotation/score.hpp"
#include "eval/interpreter.hpp"

namespace cotation {
namespace {

// Evaluates `expr` (a derived field) over one row of fields x (number), y (number), b (bool), c (bool),
// s (string), d (date), l (list<string>).
Value eval(const std::string& expr, const std::vector<Value>& fields = {}) {
    std::string text = "cotation: 1\nrecords:\n  demand:\n    key: s\n    fields: { x: number, y: number, b: bool, c: bool, s: string, d: date, "
                       "l: list<string>, e: 'enum[C, T1, T2]' }\n    derived:\n      out: '" + expr + "'\n";
    LoadResult r = load_policy_from_string(text, "t.yaml");
    EXPECT_TRUE(r.ok()) << expr << "\n" << format_text(r.diagnostics);
    if (!r.ok()) return Value("<error>");
    const CompiledPolicy& p = r.policy->compiled();
    std::vector<Value> row = fields;
    row.resize(8);
    std::vector<Value> params;
    EvalContext ctx{nullptr, nullptr, &params, date_from_civil(2025, 6, 1)};
    compute_derived(p.records[0], row, ctx);
    return row.back();
}

const Value null;
const Value T(true);
const Value F(false);

TEST(Eval, KleeneLogic) {
    // b and c, b or c, not b, over {true, false, null}^2.
    const std::vector<Value> values{T, F, null};
    for (const Value& b : values) {
        for (const Value& c : values) {
            const Value conj = eval("b and c", {Value(), Value(), b, c});
            const Value disj = eval("b or c", {Value(), Value(), b, c});
            if (b == F || c == F) EXPECT_EQ(conj, F);
            else if (b.is_null() || c.is_null()) EXPECT_TRUE(conj.is_null());
            else EXPECT_EQ(conj, T);
            if (b == T || c == T) EXPECT_EQ(disj, T);
            else if (b.is_null() || c.is_null()) EXPECT_TRUE(disj.is_null());
            else EXPECT_EQ(disj, F);
        }
    }
    EXPECT_TRUE(eval("not b", {Value(), Value(), null}).is_null());
    EXPECT_EQ(eval("not b", {Value(), Value(), T}), F);
}

TEST(Eval, NullPropagatesExceptThroughCoalesceAndIsNull) {
    EXPECT_TRUE(eval("x + 1", {null}).is_null());
    EXPECT_TRUE(eval("x > 1", {null}).is_null());
    EXPECT_TRUE(eval("min(x, 3)", {null}).is_null());
    EXPECT_EQ(eval("x ?? 7", {null}), Value(7.0));
    EXPECT_EQ(eval("coalesce(x, y, 4)", {null, null}), Value(4.0));
    EXPECT_EQ(eval("x is null", {null}), T);
    EXPECT_EQ(eval("x is not null", {Value(1.0)}), T);
    EXPECT_EQ(eval("if b then 1 else 2", {null, null, null}), Value(2.0));  // a null condition takes `else`
    EXPECT_TRUE(eval("s in [\"a\"]", {null, null, null, null, null}).is_null());
}

TEST(Eval, DivisionByZeroIsNull) {
    EXPECT_TRUE(eval("x / y", {Value(3.0), Value(0.0)}).is_null());
    EXPECT_EQ(eval("x / y", {Value(3.0), Value(2.0)}), Value(1.5));
    EXPECT_EQ(eval("(x / y) ?? -1", {Value(3.0), Value(0.0)}), Value(-1.0));
}

TEST(Eval, Functions) {
    EXPECT_EQ(eval("round(x)", {Value(2.5)}), Value(3.0));
    EXPECT_EQ(eval("round(x)", {Value(-2.5)}), Value(-3.0));
    EXPECT_EQ(eval("round(x, 2)", {Value(2.675)}), Value(2.68));
    EXPECT_EQ(eval("round(x, 1)", {Value(-0.05)}), Value(-0.1));
    EXPECT_EQ(eval("floor(x) + ceil(y)", {Value(2.7), Value(2.1)}), Value(5.0));
    EXPECT_EQ(eval("clamp(x, 0, 10)", {Value(12.0)}), Value(10.0));
    EXPECT_EQ(eval("abs(x)", {Value(-4.0)}), Value(4.0));
    EXPECT_EQ(eval("max(x, y, 3)", {Value(1.0), Value(5.0)}), Value(5.0));
    EXPECT_EQ(eval("count(l)", {null, null, null, null, null, null, Value(List{"a", "b"})}), Value(2.0));
    EXPECT_EQ(eval("first(l)", {null, null, null, null, null, null, Value(List{"a", "b"})}), Value("a"));
    EXPECT_TRUE(eval("first(l)", {null, null, null, null, null, null, Value(List{})}).is_null());
    EXPECT_EQ(eval("contains(l, \"b\")", {null, null, null, null, null, null, Value(List{"a", "b"})}), T);
    EXPECT_EQ(eval("any_in(l, [\"x\", \"a\"])", {null, null, null, null, null, null, Value(List{"a", "b"})}), T);
    EXPECT_EQ(eval("e >= \"T1\"", {null, null, null, null, null, null, null, Value("T2")}), T);
    EXPECT_EQ(eval("e < \"T1\"", {null, null, null, null, null, null, null, Value("C")}), T);
}

TEST(Eval, DateArithmetic) {
    const Value d(date_from_civil(2023, 1, 31));
    EXPECT_EQ(eval("days_between(d, as_of)", {null, null, null, null, null, d}), Value(852.0));
    EXPECT_EQ(eval("months_between(d, as_of)", {null, null, null, null, null, d}), Value(28.0));
    EXPECT_EQ(eval("months_between(d, date(\"2023-02-28\"))", {null, null, null, null, null, d}), Value(0.0));
    EXPECT_EQ(eval("months_between(d, date(\"2023-03-31\"))", {null, null, null, null, null, d}), Value(2.0));
    EXPECT_EQ(eval("years_between(d, as_of)", {null, null, null, null, null, d}), Value(2.0));
    EXPECT_EQ(eval("age(d)", {null, null, null, null, null, Value(date_from_civil(1990, 6, 2))}), Value(34.0));
    EXPECT_EQ(eval("months_between(as_of, d)", {null, null, null, null, null, d}), Value(-29.0));  // the formula is not symmetric
    EXPECT_EQ(eval("years_between(as_of, d)", {null, null, null, null, null, d}), Value(-3.0));
}

TEST(Eval, ParametersResolveAtAsOf) {
    std::string text = "cotation: 1\nparameters:\n  p:\n    values:\n      2024-01-01: 1\n      2025-01-01: 2\n";
    LoadResult r = load_policy_from_string(text, "t.yaml");
    ASSERT_TRUE(r.ok());
    std::string error;
    auto at = [&](int y, unsigned m, unsigned d) { return resolve_parameters(r.policy->compiled(), date_from_civil(y, m, d), {}, error); };
    EXPECT_EQ((*at(2024, 12, 31))[0], Value(1.0));
    EXPECT_EQ((*at(2025, 1, 1))[0], Value(2.0));
    EXPECT_FALSE(at(2023, 12, 31).has_value());
    EXPECT_EQ(error, "parameter 'p' has no value in force on 2023-12-31 (its first value starts 2024-01-01)");
}

TEST(Values, RoundHalfAwayFromZeroOnTheDecimalForm) {
    EXPECT_EQ(round_half_away(2.675, 2), 2.68);
    EXPECT_EQ(round_half_away(1.005, 2), 1.01);
    EXPECT_EQ(round_half_away(-1.005, 2), -1.01);
    EXPECT_EQ(round_half_away(0.125, 2), 0.13);
    EXPECT_EQ(round_half_away(41, 2), 41);
    EXPECT_EQ(round_half_away(0.004, 2), 0);
    EXPECT_EQ(round_half_away(0.005, 2), 0.01);
    EXPECT_EQ(round_half_away(123456.785, 2), 123456.79);
    EXPECT_EQ(round_half_away(99.995, 2), 100);
}

TEST(Values, Dates) {
    EXPECT_EQ(format_date(*parse_date("29/02/2024")), "2024-02-29");
    EXPECT_FALSE(parse_date("2023-02-29").has_value());
    EXPECT_FALSE(parse_date("2023-13-01").has_value());
    EXPECT_FALSE(parse_date("2023-1-01").has_value());
    for (int d = -800000; d < 800000; d += 997) EXPECT_EQ(date_from_civil(civil_from_date(Date{d}).year, civil_from_date(Date{d}).month, civil_from_date(Date{d}).day).days, d);
}

TEST(Values, EveryDayAroundTheTabulatedCenturiesSplitsBack) {
    // 1900 to 2099 come from a table, the rest from arithmetic: both sides of each edge, every day.
    for (std::int32_t d = date_from_civil(1899, 11, 1).days; d <= date_from_civil(2100, 3, 1).days; ++d) {
        const CivilDate c = civil_from_date(Date{d});
        ASSERT_EQ(date_from_civil(c.year, c.month, c.day).days, d);
        ASSERT_TRUE(c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= 31);
    }
    const CivilDate first = civil_from_date(date_from_civil(1900, 1, 1)), last = civil_from_date(date_from_civil(2099, 12, 31));
    EXPECT_EQ(first.year, 1900);
    EXPECT_EQ(first.month, 1u);
    EXPECT_EQ(last.year, 2099);
    EXPECT_EQ(last.day, 31u);
    EXPECT_EQ(civil_from_date(date_from_civil(1899, 12, 31)).year, 1899);
    // The ends of the range of Date: no overflow (the sanitizers check), and the year is right.
    EXPECT_EQ(civil_from_date(Date{2147483647}).year, 5881580);
    EXPECT_EQ(civil_from_date(Date{-2147483647 - 1}).year, -5877641);
}

}  // namespace
}  // namespace cotation
