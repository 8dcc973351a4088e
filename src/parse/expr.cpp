#include "parse/expr.hpp"

namespace cotation {

std::string_view op_symbol(Op op) {
    switch (op) {
        case Op::literal: return "literal";
        case Op::identifier: return "identifier";
        case Op::list: return "list";
        case Op::call: return "call";
        case Op::index: return "[]";
        case Op::negate: return "-";
        case Op::logical_not: return "not";
        case Op::logical_and: return "and";
        case Op::logical_or: return "or";
        case Op::add: return "+";
        case Op::subtract: return "-";
        case Op::multiply: return "*";
        case Op::divide: return "/";
        case Op::coalesce: return "??";
        case Op::equal: return "==";
        case Op::not_equal: return "!=";
        case Op::less: return "<";
        case Op::less_equal: return "<=";
        case Op::greater: return ">";
        case Op::greater_equal: return ">=";
        case Op::in: return "in";
        case Op::not_in: return "not in";
        case Op::is_null: return "is null";
        case Op::is_not_null: return "is not null";
        case Op::conditional: return "if";
    }
    return "?";
}

std::string to_sexpr(const Expr& e) {
    switch (e.op) {
        case Op::literal:
            if (e.literal.is_null()) return "null";
            if (auto s = e.literal.as_string()) return "\"" + *s + "\"";
            return format_value(e.literal);
        case Op::identifier: return e.name;
        default: break;
    }
    std::string out = "(";
    out += e.op == Op::call ? e.name : std::string(op_symbol(e.op));
    for (const Expr& a : e.args) out += " " + to_sexpr(a);
    return out + ")";
}

}  // namespace cotation
