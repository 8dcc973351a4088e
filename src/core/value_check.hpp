// Whether a value can be a field's: the one check of values given through the library (records
// built field by field, bound structs, JSON objects, tables built by hand), with the codes the
// public API reports.
#pragma once

#include <cmath>
#include <optional>
#include <string>

#include "cotation/value.hpp"

namespace cotation {

struct ValueProblem {
    std::string code;     // E0702 a value of the wrong type, E0703 a string that is not a value of the enumeration
    std::string message;  // names the field
};

// Null fits every field. An int field takes a whole number (at most 2^53), a number field any
// finite number, a string field a string, an enumeration one of its values, a date field a date,
// a bool field a bool, a list field a list whose items (or nulls) fit its element type.
std::optional<ValueProblem> check_field_value(const std::string& field, const Type& type, const Value& value);

// Whether a number fits a scalar field of this kind without a problem: the test of
// check_field_value for numbers, without building a Value (bound structs, one member at a time).
inline bool number_fits(TypeKind kind, double v) {
    constexpr double max_whole = 9007199254740992.0;  // 2^53: larger int values do not round-trip
    if (kind == TypeKind::number) return std::isfinite(v);
    return kind == TypeKind::integer && std::isfinite(v) && v == std::floor(v) && std::fabs(v) <= max_whole;
}

}  // namespace cotation
