#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"
#include "cotation/score.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"
#include "check/policy_access.hpp"

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
    const CompiledPolicy& p = internal::PolicyAccess::compiled(*r.policy);
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
    auto at = [&](int y, unsigned m, unsigned d) { return resolve_parameters(internal::PolicyAccess::compiled(*r.policy), date_from_civil(y, m, d), {}); };
    EXPECT_EQ(at(2024, 12, 31).value()[0], Value(1.0));
    EXPECT_EQ(at(2025, 1, 1).value()[0], Value(2.0));
    const auto missing = at(2023, 12, 31);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "E0705");
    EXPECT_EQ(missing.error().message, "parameter 'p' has no value in force on 2023-12-31 (its first value starts 2024-01-01)");
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
    EXPECT_EQ(round_half_away(-2.5, 0), -3);
    EXPECT_EQ(round_half_away(1234.5, -1), 1230);
    EXPECT_EQ(round_half_away(1250, -2), 1300);
    EXPECT_EQ(round_half_away(-49, -2), 0);
    EXPECT_TRUE(std::signbit(round_half_away(-0.004, 2)));  // -0, as a person would round it
    EXPECT_EQ(round_half_away(0.1 + 0.2, 2), 0.3);
    EXPECT_EQ(round_half_away(1.7976931348623157e308, 2), 1.7976931348623157e308);
    EXPECT_EQ(round_half_away(1.7976931348623157e308, -307), HUGE_VAL);  // 18e307: past the largest double
    EXPECT_EQ(round_half_away(1.2345678901234567e20, -18), 1.23e20);      // through the decimal text
    EXPECT_EQ(round_half_away(4.9406564584124654e-324, 324), 4.9406564584124654e-324);
    EXPECT_EQ(round_half_away(4.9406564584124654e-324, 323), 1e-323);  // its shortest form is 5e-324
    EXPECT_TRUE(std::isnan(round_half_away(std::nan(""), 2)));
    EXPECT_EQ(round_half_away(-HUGE_VAL, 2), -HUGE_VAL);
}

// The rounding of the decimal form, done on text: the definition round_half_away computes faster.
double round_on_text(double value, int digits) {
    char shortest[64];
    *std::to_chars(shortest, shortest + sizeof shortest, value, std::chars_format::scientific).ptr = '\0';
    std::string s = shortest;
    const bool negative = s[0] == '-';
    if (negative) s.erase(0, 1);
    const int exponent = std::stoi(s.substr(s.find('e') + 1));
    std::string significant;
    for (char c : s.substr(0, s.find('e')))
        if (c != '.') significant += c;
    const long keep = exponent + 1L + digits;
    if (keep < 0) return negative ? -0.0 : 0.0;
    if (keep >= static_cast<long>(significant.size())) return value;
    // Add one at the last kept digit, carrying, when the first dropped digit is 5 or more.
    std::string kept = significant.substr(0, static_cast<std::size_t>(keep));
    if (significant[static_cast<std::size_t>(keep)] >= '5') {
        long k = static_cast<long>(kept.size()) - 1;
        while (k >= 0 && kept[static_cast<std::size_t>(k)] == '9') kept[static_cast<std::size_t>(k--)] = '0';
        if (k < 0) kept.insert(kept.begin(), '1');
        else ++kept[static_cast<std::size_t>(k)];
    }
    if (kept.empty()) kept = "0";
    const double result = std::strtod((kept + "e" + std::to_string(-digits)).c_str(), nullptr);
    return negative ? -result : result;
}

TEST(Values, RoundHalfAwayEqualsTheRoundingOfTheDecimalText) {
    std::mt19937_64 random(5);
    for (int i = 0; i < 200000; ++i) {
        // Values a person writes (few decimals, halves) and arbitrary doubles, at many scales.
        const double scale = std::pow(10.0, static_cast<int>(random() % 24) - 12);
        const double value = i % 2 == 0 ? static_cast<double>(static_cast<std::int64_t>(random() % 2000001) - 1000000) / 1000 * scale
                                        : std::ldexp(static_cast<double>(random() >> 11), static_cast<int>(random() % 200) - 150);
        const int digits = static_cast<int>(random() % 12) - 3;
        const double expected = round_on_text(value, digits), actual = round_half_away(value, digits);
        ASSERT_TRUE(expected == actual && std::signbit(expected) == std::signbit(actual))
            << value << " at " << digits << " digits: " << actual << " instead of " << expected;
    }
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
