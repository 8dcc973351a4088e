// The functions of the expression language, declared once: the checker finds a call's function
// here by name (arity, then the types its rule in checker.cpp asks for), stores the `Function` in
// the expression, and both evaluators switch on it. Editors (completion, hover) and the docs read
// the same table.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "parse/expr.hpp"

namespace cotation {

struct FunctionInfo {
    Function id = Function::none;
    std::string_view name;
    std::uint8_t min_args = 0;
    std::uint8_t max_args = 0;          // any_count: no upper bound
    std::string_view signature;         // as a policy author writes it
    std::string_view summary;           // one line, English
    static constexpr std::uint8_t any_count = 255;
};

// Every function, in the order the docs list them.
std::span<const FunctionInfo> functions();
// The function of that name; nullptr when there is none.
const FunctionInfo* find_function(std::string_view name);
const FunctionInfo& function_info(Function id);

}  // namespace cotation
