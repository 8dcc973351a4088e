// evaluate: the row-at-a-time reference interpreter. Simple on purpose: it is the definition that
// faster evaluators are tested against.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/compiled.hpp"

namespace cotation {

// What one evaluation sees: a row of one record (its slots: fields then derived fields), the
// offer's row inside `matching`, the parameters resolved at `as_of`.
struct EvalContext {
    const std::vector<Value>* row = nullptr;
    const std::vector<Value>* offer = nullptr;
    const std::vector<Value>* parameters = nullptr;
    Date as_of;
};

Value evaluate(const Expr& expr, const EvalContext& context);

// Computes the derived slots of a row in dependency order; `row` holds the fields and is extended.
void compute_derived(const CheckedRecord& record, std::vector<Value>& row, const EvalContext& context);

// Whole months from d1 to d2: (y2-y1)*12 + (m2-m1), minus one where d2's day is before d1's.
std::int64_t months_between(Date d1, Date d2);
std::int64_t civil_months_between(const CivilDate& d1, const CivilDate& d2);  // the same, dates already split
// Whole years: the floor of months_between / 12.
std::int64_t years_between(Date d1, Date d2);
std::int64_t civil_years_between(const CivilDate& d1, const CivilDate& d2);

// Kleene truth of a value: true, false or unknown (null).
std::optional<bool> truth(const Value& v);

}  // namespace cotation
