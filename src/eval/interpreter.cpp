#include "eval/interpreter.hpp"

#include <algorithm>
#include <cmath>

namespace cotation {

std::int64_t civil_months_between(const CivilDate& a, const CivilDate& b) {
    std::int64_t months = (static_cast<std::int64_t>(b.year) - a.year) * 12 + (static_cast<std::int64_t>(b.month) - a.month);
    if (b.day < a.day) months -= 1;
    return months;
}

std::int64_t months_between(Date d1, Date d2) { return civil_months_between(civil_from_date(d1), civil_from_date(d2)); }

std::int64_t years_between(Date d1, Date d2) { return civil_years_between(civil_from_date(d1), civil_from_date(d2)); }

std::int64_t civil_years_between(const CivilDate& d1, const CivilDate& d2) {
    // Floor division: a negative count of months gives the whole years below it.
    const std::int64_t months = civil_months_between(d1, d2);
    return months >= 0 ? months / 12 : -((-months + 11) / 12);
}

std::optional<bool> truth(const Value& v) {
    if (const bool* b = v.as_bool()) return *b;
    return std::nullopt;
}

namespace {

// Position of an enumeration value in its declaration, for ordering comparisons.
int enum_rank(const Type& type, const std::string& value) {
    const auto& values = *type.enum_values;
    return static_cast<int>(std::find(values.begin(), values.end(), value) - values.begin());
}

const Type* enum_type_of(const Expr& e) {
    for (const Expr& a : e.args)
        if (a.type.kind == TypeKind::enumeration && a.type.enum_values) return &a.type;
    return nullptr;
}

// -1, 0, 1; both values non-null and of comparable kinds (the checker saw to it).
int compare(const Value& a, const Value& b, const Type* enum_type) {
    if (auto x = a.as_number()) {
        const double y = *b.as_number();
        return *x < y ? -1 : *x > y ? 1 : 0;
    }
    if (auto x = a.as_date()) {
        const Date y = *b.as_date();
        return *x < y ? -1 : *x > y ? 1 : 0;
    }
    if (auto x = a.as_string()) {
        const std::string& y = *b.as_string();
        if (enum_type) {
            const int rx = enum_rank(*enum_type, *x), ry = enum_rank(*enum_type, y);
            return rx < ry ? -1 : rx > ry ? 1 : 0;
        }
        const int c = x->compare(y);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (auto x = a.as_bool()) {
        const bool y = *b.as_bool();
        return *x == y ? 0 : (*x ? 1 : -1);
    }
    return a == b ? 0 : 1;
}

bool equal_values(const Value& a, const Value& b) {
    if (auto x = a.as_number()) {
        auto y = b.as_number();
        return y && *x == *y;
    }
    return a == b;
}

bool list_contains(const List& list, const Value& x) {
    return std::any_of(list.begin(), list.end(), [&](const Value& item) { return equal_values(item, x); });
}

std::string table_key(const Value& key) {
    if (auto n = key.as_number()) return *n == std::floor(*n) ? format_number(*n) : std::string("\x01");
    if (auto s = key.as_string()) return *s;
    return {};
}

// The value of an operand without copying it when it is a constant or a slot of the row: reading
// a field costs nothing, whatever it holds (a list, a long string). Other operands are evaluated
// into `scratch`.
const Value& operand(const Expr& e, const EvalContext& ctx, Value& scratch) {
    if (e.op == Op::literal) return e.literal;
    if (e.op == Op::identifier) {
        switch (e.ref) {
            case RefKind::field:
            case RefKind::derived: return (*ctx.row)[static_cast<std::size_t>(e.slot)];
            case RefKind::parameter: return (*ctx.parameters)[static_cast<std::size_t>(e.slot)];
            case RefKind::offer_field:
                if (ctx.offer) return (*ctx.offer)[static_cast<std::size_t>(e.slot)];
                break;
            case RefKind::as_of:
            case RefKind::unresolved: break;
        }
    }
    scratch = evaluate(e, ctx);
    return scratch;
}

Value call(const Expr& e, const EvalContext& ctx) {
    if (e.function == Function::coalesce) {
        for (const Expr& a : e.args) {
            Value v = evaluate(a, ctx);
            if (!v.is_null()) return v;
        }
        return Value();
    }
    // Most calls have at most three arguments: those are read without a vector.
    constexpr std::size_t inline_args = 3;
    Value scratch[inline_args];
    const Value* inline_refs[inline_args];
    std::vector<Value> more_scratch(e.args.size() > inline_args ? e.args.size() : 0);
    std::vector<const Value*> more_refs(more_scratch.size());
    const Value** refs = more_refs.empty() ? inline_refs : more_refs.data();
    for (std::size_t i = 0; i < e.args.size(); ++i) {
        refs[i] = &operand(e.args[i], ctx, more_scratch.empty() ? scratch[i] : more_scratch[i]);
        if (refs[i]->is_null()) return Value();  // calls on null give null
    }
    const auto arg = [&](std::size_t i) -> const Value& { return *refs[i]; };
    const auto num = [&](std::size_t i) { return *arg(i).as_number(); };
    const auto date = [&](std::size_t i) { return *arg(i).as_date(); };
    const std::size_t count = e.args.size();
    switch (e.function) {
        case Function::min:
        case Function::max: {
            std::size_t best = 0;
            for (std::size_t i = 1; i < count; ++i) {
                const int c = compare(arg(i), arg(best), nullptr);
                if (e.function == Function::min ? c < 0 : c > 0) best = i;
            }
            return arg(best);
        }
        case Function::abs: return Value(std::fabs(num(0)));
        case Function::floor: return Value(std::floor(num(0)));
        case Function::ceil: return Value(std::ceil(num(0)));
        case Function::round: return Value(round_half_away(num(0), count == 2 ? static_cast<int>(num(1)) : 0));
        case Function::clamp: return Value(std::min(std::max(num(0), num(1)), num(2)));
        case Function::days_between: return Value(static_cast<double>(date(1).days - date(0).days));
        case Function::months_between: return Value(static_cast<double>(months_between(date(0), date(1))));
        case Function::years_between: return Value(static_cast<double>(years_between(date(0), date(1))));
        case Function::age: return Value(static_cast<double>(years_between(date(0), ctx.as_of)));
        case Function::count: return Value(static_cast<double>(arg(0).as_list()->size()));
        case Function::first: {
            const List& l = *arg(0).as_list();
            return l.empty() ? Value() : l.front();
        }
        case Function::contains: return Value(list_contains(*arg(0).as_list(), arg(1)));
        case Function::any_in: {
            const List& a = *arg(0).as_list();
            const List& b = *arg(1).as_list();
            return Value(std::any_of(a.begin(), a.end(), [&](const Value& x) { return list_contains(b, x); }));
        }
        case Function::coalesce:
        case Function::date:  // folded into a literal by the checker
        case Function::none: break;
    }
    return Value();
}

}  // namespace

Value evaluate(const Expr& e, const EvalContext& ctx) {
    switch (e.op) {
        case Op::literal: return e.literal;
        case Op::identifier:
            switch (e.ref) {
                case RefKind::field:
                case RefKind::derived: return (*ctx.row)[static_cast<std::size_t>(e.slot)];
                case RefKind::parameter: return (*ctx.parameters)[static_cast<std::size_t>(e.slot)];
                case RefKind::as_of: return Value(ctx.as_of);
                case RefKind::offer_field: return ctx.offer ? (*ctx.offer)[static_cast<std::size_t>(e.slot)] : Value();
                case RefKind::unresolved: return Value();
            }
            return Value();
        case Op::list: {
            List items;
            items.reserve(e.args.size());
            for (const Expr& a : e.args) items.push_back(evaluate(a, ctx));
            return Value(std::move(items));
        }
        case Op::call: return call(e, ctx);
        case Op::index: {
            Value table_scratch, key_scratch;
            const Value& table = operand(e.args[0], ctx, table_scratch);
            const Value& key = operand(e.args[1], ctx, key_scratch);
            const Table* t = table.as_table();
            if (!t || key.is_null()) return Value();
            const double* v = t->find(table_key(key));
            return v ? Value(*v) : Value();
        }
        case Op::negate: {
            Value v = evaluate(e.args[0], ctx);
            return v.is_null() ? v : Value(-*v.as_number());
        }
        case Op::logical_not: {
            auto t = truth(evaluate(e.args[0], ctx));
            return t ? Value(!*t) : Value();
        }
        case Op::logical_and: {
            auto a = truth(evaluate(e.args[0], ctx));
            if (a == false) return Value(false);
            auto b = truth(evaluate(e.args[1], ctx));
            if (b == false) return Value(false);
            if (!a || !b) return Value();
            return Value(true);
        }
        case Op::logical_or: {
            auto a = truth(evaluate(e.args[0], ctx));
            if (a == true) return Value(true);
            auto b = truth(evaluate(e.args[1], ctx));
            if (b == true) return Value(true);
            if (!a || !b) return Value();
            return Value(false);
        }
        case Op::add:
        case Op::subtract:
        case Op::multiply:
        case Op::divide: {
            Value a_scratch, b_scratch;
            const Value& a = operand(e.args[0], ctx, a_scratch);
            const Value& b = operand(e.args[1], ctx, b_scratch);
            if (a.is_null() || b.is_null()) return Value();
            const double x = *a.as_number(), y = *b.as_number();
            switch (e.op) {
                case Op::add: return Value(x + y);
                case Op::subtract: return Value(x - y);
                case Op::multiply: return Value(x * y);
                default: return y == 0 ? Value() : Value(x / y);
            }
        }
        case Op::coalesce: {
            Value a = evaluate(e.args[0], ctx);
            return a.is_null() ? evaluate(e.args[1], ctx) : a;
        }
        case Op::equal:
        case Op::not_equal:
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal: {
            Value a_scratch, b_scratch;
            const Value& a = operand(e.args[0], ctx, a_scratch);
            const Value& b = operand(e.args[1], ctx, b_scratch);
            if (a.is_null() || b.is_null()) return Value();
            if (e.op == Op::equal) return Value(equal_values(a, b));
            if (e.op == Op::not_equal) return Value(!equal_values(a, b));
            const int c = compare(a, b, enum_type_of(e));
            switch (e.op) {
                case Op::less: return Value(c < 0);
                case Op::less_equal: return Value(c <= 0);
                case Op::greater: return Value(c > 0);
                default: return Value(c >= 0);
            }
        }
        case Op::in:
        case Op::not_in: {
            Value a_scratch, b_scratch;
            const Value& a = operand(e.args[0], ctx, a_scratch);
            const Value& b = operand(e.args[1], ctx, b_scratch);
            if (a.is_null() || b.is_null()) return Value();
            const bool found = list_contains(*b.as_list(), a);
            return Value(e.op == Op::in ? found : !found);
        }
        case Op::is_null:
        case Op::is_not_null: {
            Value scratch;
            const bool null = operand(e.args[0], ctx, scratch).is_null();
            return Value(e.op == Op::is_null ? null : !null);
        }
        case Op::conditional: {
            auto c = truth(evaluate(e.args[0], ctx));
            return evaluate(c == true ? e.args[1] : e.args[2], ctx);  // a null condition takes `else`
        }
    }
    return Value();
}

void compute_derived(const CheckedRecord& record, std::vector<Value>& row, const EvalContext& context) {
    row.resize(record.slot_count());
    EvalContext ctx = context;
    ctx.row = &row;
    for (const CheckedDerived& d : record.derived) row[static_cast<std::size_t>(d.slot)] = evaluate(d.expr, ctx);
}

}  // namespace cotation
