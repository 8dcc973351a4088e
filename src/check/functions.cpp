#include "check/functions.hpp"

#include <algorithm>
#include <array>

namespace cotation {

namespace {

constexpr std::uint8_t any = FunctionInfo::any_count;

constexpr std::array table{
    FunctionInfo{Function::min, "min", 1, any, "min(a, b, ...)", "the smallest of numbers or dates"},
    FunctionInfo{Function::max, "max", 1, any, "max(a, b, ...)", "the largest of numbers or dates"},
    FunctionInfo{Function::abs, "abs", 1, 1, "abs(x)", "the absolute value"},
    FunctionInfo{Function::round, "round", 1, 2, "round(x) / round(x, digits)", "rounded half away from zero"},
    FunctionInfo{Function::floor, "floor", 1, 1, "floor(x)", "the largest whole number not above x"},
    FunctionInfo{Function::ceil, "ceil", 1, 1, "ceil(x)", "the smallest whole number not below x"},
    FunctionInfo{Function::clamp, "clamp", 3, 3, "clamp(x, lo, hi)", "x bounded to [lo, hi]"},
    FunctionInfo{Function::coalesce, "coalesce", 1, any, "coalesce(a, b, ...)", "the first argument that is not null"},
    FunctionInfo{Function::days_between, "days_between", 2, 2, "days_between(d1, d2)", "d2 - d1 in days"},
    FunctionInfo{Function::months_between, "months_between", 2, 2, "months_between(d1, d2)",
                 "whole months from d1 to d2"},
    FunctionInfo{Function::years_between, "years_between", 2, 2, "years_between(d1, d2)",
                 "whole years from d1 to d2 (floor of months / 12)"},
    FunctionInfo{Function::age, "age", 1, 1, "age(d)", "years_between(d, as_of)"},
    FunctionInfo{Function::count, "count", 1, 1, "count(list)", "the number of items"},
    FunctionInfo{Function::first, "first", 1, 1, "first(list)", "the first item; null when empty"},
    FunctionInfo{Function::contains, "contains", 2, 2, "contains(list, x)", "whether the list holds x"},
    FunctionInfo{Function::any_in, "any_in", 2, 2, "any_in(list, list)", "whether the lists share an item"},
    FunctionInfo{Function::date, "date", 1, 1, "date(\"YYYY-MM-DD\")", "a date written as a constant"},
};

}  // namespace

std::span<const FunctionInfo> functions() { return table; }

const FunctionInfo* find_function(std::string_view name) {
    const auto it = std::find_if(table.begin(), table.end(), [&](const FunctionInfo& f) { return f.name == name; });
    return it == table.end() ? nullptr : &*it;
}

const FunctionInfo& function_info(Function id) {
    return *std::find_if(table.begin(), table.end(), [&](const FunctionInfo& f) { return f.id == id; });
}

}  // namespace cotation
