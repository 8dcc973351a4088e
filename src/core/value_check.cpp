#include "core/value_check.hpp"

#include <algorithm>
#include <cmath>

#include "cotation/diagnostic.hpp"

namespace cotation {

namespace {

// What a value is, for messages.
std::string kind_of(const Value& v) {
    if (v.as_bool()) return "a bool";
    if (const double* n = v.as_number()) return "the number " + format_number(*n);
    if (const std::string* s = v.as_string()) return "the string \"" + *s + "\"";
    if (v.as_date()) return "a date";
    if (v.as_list()) return "a list";
    if (v.as_table()) return "a table";
    return "null";
}

// The problem of one scalar against a scalar kind, or nothing.
std::optional<ValueProblem> check_scalar(const std::string& field, TypeKind kind, const Type& type, const Value& v, const char* where) {
    const auto wrong = [&](const std::string& want) {
        return ValueProblem{"E0702", "field '" + field + "'" + where + ": expected " + want + ", not " + kind_of(v)};
    };
    switch (kind) {
        case TypeKind::boolean:
            if (!v.as_bool()) return wrong("a bool");
            return std::nullopt;
        case TypeKind::integer: {
            const double* n = v.as_number();
            if (!n) return wrong("a whole number");
            if (number_fits(kind, *n)) return std::nullopt;
            if (!std::isfinite(*n) || *n != std::floor(*n)) return wrong("a whole number");
            return ValueProblem{"E0702", "field '" + field + "'" + where + ": whole number too large (more than 2^53)"};
        }
        case TypeKind::number: {
            const double* n = v.as_number();
            if (!n || !number_fits(kind, *n)) return wrong("a number");
            return std::nullopt;
        }
        case TypeKind::string:
            if (!v.as_string()) return wrong("a string");
            return std::nullopt;
        case TypeKind::enumeration: {
            const std::string* s = v.as_string();
            if (!s) return wrong("one of " + type_name(type));
            const auto& values = *type.enum_values;
            if (std::find(values.begin(), values.end(), *s) == values.end()) {
                const std::string hint = closest_name(*s, values);
                return ValueProblem{"E0703", "field '" + field + "'" + where + ": \"" + *s + "\" is not a value of " + type_name(type) +
                                                 (hint.empty() ? "" : "; did you mean '" + hint + "'?")};
            }
            return std::nullopt;
        }
        case TypeKind::date:
            if (!v.as_date()) return wrong("a date");
            return std::nullopt;
        default: return wrong(type_name(type));
    }
}

}  // namespace

std::optional<ValueProblem> check_field_value(const std::string& field, const Type& type, const Value& value) {
    if (value.is_null()) return std::nullopt;
    if (type.kind != TypeKind::list) return check_scalar(field, type.kind, type, value, "");
    const List* items = value.as_list();
    if (!items) return ValueProblem{"E0702", "field '" + field + "': expected " + type_name(type) + ", not " + kind_of(value)};
    for (const Value& item : *items) {
        if (item.is_null()) continue;
        if (auto problem = check_scalar(field, type.element, type, item, " (an item)")) return problem;
    }
    return std::nullopt;
}

}  // namespace cotation
