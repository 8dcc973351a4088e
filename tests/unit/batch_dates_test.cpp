// Elapsed time in the batch evaluator: `age` (planned as years_between to as_of), `months_between` and
// `years_between` to a constant end
// read a table built for 1900 to 2099 and compute outside it; both agree with the calendar rules of
// the reference at the edges of the table, of months and of leap years.
#include <gtest/gtest.h>

#include <climits>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"
#include "eval/batch.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"
#include "check/policy_access.hpp"

namespace cotation {
namespace {

const Expr& derived(const CheckedRecord& record, const std::string& name) {
    for (const CheckedDerived& d : record.derived)
        if (d.name == name) return d.expr;
    throw std::logic_error("no derived field " + name);
}

std::int64_t floor_div12(std::int64_t months) { return months >= 0 ? months / 12 : -((-months + 11) / 12); }

TEST(BatchDates, ElapsedTimeToAConstantEndMatchesTheCalendarInsideAndOutsideTheTable) {
    LoadResult loaded = load_policy_from_string(R"(cotation: 1
name: dates
records:
  row:
    key: id
    fields:
      id: string
      born: date
      other: date
    derived:
      years_old: age(born)
      months_to_end: months_between(born, date("2025-06-30"))
      years_to_end: years_between(born, date("2025-06-30"))
      months_between_fields: months_between(born, other)
      folded_age: age(date("1960-02-29"))
)",
                                                "<test>");
    ASSERT_TRUE(loaded.ok());
    const CompiledPolicy& c = internal::PolicyAccess::compiled(*loaded.policy);
    const CheckedRecord& record = c.records[static_cast<std::size_t>(c.record_index("row"))];
    const Date as_of = *parse_iso_date("2025-05-31");
    const Date end = *parse_iso_date("2025-06-30");

    const std::vector<Date> dates = {
        *parse_iso_date("1899-12-31"), *parse_iso_date("1900-01-01"), *parse_iso_date("1900-02-28"), *parse_iso_date("1960-02-29"),
        *parse_iso_date("2000-02-29"), *parse_iso_date("2025-05-30"), *parse_iso_date("2025-05-31"), *parse_iso_date("2025-06-30"),
        *parse_iso_date("2025-07-01"), *parse_iso_date("2099-12-31"), *parse_iso_date("2100-01-01"), *parse_iso_date("2400-02-29"),
        Date{-10'000'000},             Date{10'000'000},             Date{INT_MIN + 1},             Date{INT_MAX}};
    Column born, other;
    for (std::size_t i = 0; i < dates.size(); ++i) {
        born.code.push_back(dates[i].days);
        born.valid.push_back(1);
        other.code.push_back(dates[dates.size() - 1 - i].days);
        other.valid.push_back(1);
    }
    born.code.push_back(0);  // a null date
    born.valid.push_back(0);
    other.code.push_back(0);
    other.valid.push_back(1);
    const std::size_t rows = born.valid.size();
    std::vector<View> slots(record.slot_count());
    slots[1] = view_of(born, 0);
    slots[2] = view_of(other, 0);
    const BatchInput in{&slots, rows, 0};

    StringPool pool;
    const auto run = [&](const std::string& name) {
        BatchExpr program(plan_expression(derived(record, name), {}, as_of), pool, batch_rows);
        const View v = program.run(in);
        std::vector<std::optional<double>> out;
        for (std::size_t i = 0; i < rows; ++i) out.push_back(v.valid[i] ? std::optional<double>(v.num[i]) : std::nullopt);
        return out;
    };
    const auto years_old = run("years_old"), months_to_end = run("months_to_end"), years_to_end = run("years_to_end"),
               between_fields = run("months_between_fields");
    for (std::size_t i = 0; i < dates.size(); ++i) {
        SCOPED_TRACE(format_value(Value(dates[i])));
        EXPECT_EQ(years_old[i], static_cast<double>(floor_div12(months_between(dates[i], as_of))));
        EXPECT_EQ(months_to_end[i], static_cast<double>(months_between(dates[i], end)));
        EXPECT_EQ(years_to_end[i], static_cast<double>(floor_div12(months_between(dates[i], end))));
        EXPECT_EQ(between_fields[i], static_cast<double>(months_between(dates[i], dates[dates.size() - 1 - i])));
    }
    // Values worked by hand: the day of the month decides whether a month is complete.
    EXPECT_EQ(years_old[1], 125);          // 1900-01-01 to 2025-05-31
    EXPECT_EQ(months_to_end[5], 1);        // 2025-05-30 to 2025-06-30
    EXPECT_EQ(months_to_end[8], -1);       // 2025-07-01 to 2025-06-30: a month not yet begun
    EXPECT_EQ(years_old[3], 65);           // born on 1960-02-29
    EXPECT_EQ(years_old.back(), std::nullopt);
    EXPECT_EQ(run("folded_age"), std::vector<std::optional<double>>(rows, 65.0));  // folded once, when planned
    EXPECT_EQ(months_to_end.back(), std::nullopt);
}

}  // namespace
}  // namespace cotation
