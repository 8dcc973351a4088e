// The expression AST: what the parser produces and the checker annotates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "cotation/value.hpp"

namespace cotation {

enum class Op : std::uint8_t {
    literal, identifier, list, call, index,
    negate, logical_not, logical_and, logical_or,
    add, subtract, multiply, divide, coalesce,
    equal, not_equal, less, less_equal, greater, greater_equal,
    in, not_in, is_null, is_not_null, conditional,
};

// What an identifier names, once the checker resolved it.
enum class RefKind : std::uint8_t { unresolved, field, derived, parameter, as_of, offer_field };

// The function a call names, once the checker resolved it (the table: check/functions.hpp).
enum class Function : std::uint8_t {
    none, min, max, abs, round, floor, ceil, clamp, coalesce,
    days_between, months_between, years_between, age, count, first, contains, any_in, date,
};

// A byte range [begin, end) inside the expression text.
struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

struct Expr {
    Op op = Op::literal;
    Span span;
    Value literal;              // Op::literal
    std::string name;           // identifier or function name
    std::vector<Expr> args;     // operands, call arguments, list items; `index`: table then key

    // Filled in by the checker.
    Type type;
    RefKind ref = RefKind::unresolved;
    std::int32_t slot = -1;     // the field, derived field, parameter or offer field's index
    Function function = Function::none;  // Op::call
    Loc loc;                    // the node's place in the policy file (the span mapped through its scalar)
};

struct ParseError {
    Span span;
    std::string code;     // E02xx
    std::string message;
    std::string hint;
};

struct ParseResult {
    Expr expr;
    std::vector<ParseError> errors;  // empty: `expr` is the whole expression
    bool ok() const { return errors.empty(); }
};

// Deepest nesting of brackets and prefix operators accepted, so that hostile input can never
// exhaust the stack of the parser, the checker or the evaluator.
inline constexpr int max_expression_depth = 256;

// Parses one expression (the grammar lives in grammar.cpp, alone, since Spirit X3 is slow to compile).
ParseResult parse_expression(std::string_view text);

// The operator as written: "+", "and", "is not null"...
std::string_view op_symbol(Op op);
// A fully parenthesized rendering, for tests and debugging: (+ a (* b 2)).
std::string to_sexpr(const Expr& expr);

}  // namespace cotation
