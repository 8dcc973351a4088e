#include "plan/plan.hpp"

#include <algorithm>
#include <cmath>

#include "check/functions.hpp"
#include "core/source.hpp"

namespace cotation {

namespace {

Expr literal_like(Value value, const Expr& like) {
    Expr e;
    e.op = Op::literal;
    e.span = like.span;
    e.literal = std::move(value);
    e.type = like.type;
    return e;
}

bool is_literal(const Expr& e) { return e.op == Op::literal; }

// Rewrites `e` in place, its arguments first.
void plan_in_place(Expr& e, const std::vector<Value>& parameters, Date as_of) {
    if (e.op == Op::literal) return;
    if (e.op == Op::identifier) {
        if (e.ref == RefKind::parameter) e = literal_like(parameters[static_cast<std::size_t>(e.slot)], e);
        else if (e.ref == RefKind::as_of) e = literal_like(Value(as_of), e);
        return;
    }
    for (Expr& a : e.args) plan_in_place(a, parameters, as_of);
    if (e.op == Op::call && e.function == Function::age) {  // the same function with an end of its own
        Expr end;
        end.op = Op::literal;
        end.span = e.span;
        end.literal = Value(as_of);
        end.type = Type::of(TypeKind::date);
        e.args.push_back(std::move(end));
        e.function = Function::years_between;
        e.name = function_info(Function::years_between).name;
    }
    const EvalContext nothing{nullptr, nullptr, &parameters, as_of};
    if (std::all_of(e.args.begin(), e.args.end(), is_literal)) {
        e = literal_like(evaluate(e, nothing), e);
        return;
    }
    // Kleene logic: one operand decides whatever the other holds.
    if (e.op == Op::logical_and || e.op == Op::logical_or) {
        const bool decisive = e.op == Op::logical_or;
        for (const Expr& a : e.args)
            if (is_literal(a) && truth(a.literal) == decisive) {
                e = literal_like(Value(decisive), e);
                return;
            }
    }
    // A constant condition picks its branch, when the branch has the type of the whole.
    if (e.op == Op::conditional && is_literal(e.args[0])) {
        Expr& chosen = e.args[truth(e.args[0].literal) == true ? 1 : 2];
        if (is_literal(chosen) || chosen.type == e.type) {
            Expr kept = std::move(chosen);
            kept.type = e.type;
            e = std::move(kept);
        }
    }
}

// A whole number for an int; numbers for a number; the items of a list; the keys of a table.
bool fits_kind(const Value& value, TypeKind kind) {
    switch (kind) {
        case TypeKind::integer: {
            const double* n = value.as_number();
            return n && std::isfinite(*n) && *n == std::floor(*n);
        }
        case TypeKind::number: {
            const double* n = value.as_number();
            return n && std::isfinite(*n);
        }
        case TypeKind::boolean: return value.as_bool() != nullptr;
        case TypeKind::string:
        case TypeKind::enumeration: return value.as_string() != nullptr;
        case TypeKind::date: return value.as_date() != nullptr;
        default: return false;
    }
}

bool whole_number_text(const std::string& key) {
    if (key.empty()) return false;
    const std::size_t digits = key[0] == '-' ? 1 : 0;
    return key.size() > digits && std::all_of(key.begin() + static_cast<std::ptrdiff_t>(digits), key.end(), [](char c) {
               return c >= '0' && c <= '9';
           });
}

}  // namespace

bool fits_parameter(const Value& value, const Type& type) {
    switch (type.kind) {
        case TypeKind::list: {
            const List* items = value.as_list();
            return items && std::all_of(items->begin(), items->end(), [&](const Value& v) { return fits_kind(v, type.element); });
        }
        case TypeKind::table: {
            const Table* table = value.as_table();
            return table && (type.element != TypeKind::integer ||
                             std::all_of(table->entries.begin(), table->entries.end(), [](const auto& e) { return whole_number_text(e.first); }));
        }
        default: return fits_kind(value, type.kind);
    }
}

Result<std::size_t> find_parameter(const CompiledPolicy& policy, const std::string& name) {
    const std::int32_t index = policy.parameter_index(name);
    if (index >= 0) return static_cast<std::size_t>(index);
    std::vector<std::string> names;
    for (const CheckedParameter& p : policy.parameters) names.push_back(p.name);
    const std::string hint = did_you_mean(name, names);
    return Error{"E0705", "'" + name + "' is not a parameter of the policy" + (hint.empty() ? "" : "; " + hint)};
}

Result<std::vector<Value>> resolve_parameters(const CompiledPolicy& policy, Date as_of, const ParameterOverrides& overrides) {
    for (const auto& [name, value] : overrides) {
        const Result<std::size_t> index = find_parameter(policy, name);
        if (!index) return index.error();
        const Type& type = policy.parameters[*index].type;
        if (!fits_parameter(value, type))
            return Error{"E0705", "parameter '" + name + "' is " + type_name(type) + "; '" + format_value(value) + "' does not fit it"};
    }
    std::vector<Value> values(policy.parameters.size());
    for (std::size_t i = 0; i < policy.parameters.size(); ++i) {
        const CheckedParameter& p = policy.parameters[i];
        // The last override of a name wins.
        const auto o = std::find_if(overrides.rbegin(), overrides.rend(), [&](const auto& kv) { return kv.first == p.name; });
        if (o != overrides.rend()) {
            values[i] = o->second;
            continue;
        }
        const Value* in_force = p.in_force(as_of);
        if (!in_force)
            return Error{"E0705", "parameter '" + p.name + "' has no value in force on " + format_date(as_of) + " (its first value starts " +
                                      format_date(*p.versions.front().first) + ")"};
        values[i] = *in_force;
    }
    return values;
}

Expr plan_expression(const Expr& expr, const std::vector<Value>& parameters, Date as_of) {
    Expr planned = expr;
    plan_in_place(planned, parameters, as_of);
    return planned;
}

Result<Plan> make_plan(const CompiledPolicy& policy, Date as_of, const ParameterOverrides& overrides) {
    Result<std::vector<Value>> parameters = resolve_parameters(policy, as_of, overrides);
    if (!parameters) return parameters.error();
    Plan plan{policy, std::move(parameters.value()), as_of};
    for_each_expression(plan.program, [&](Expr& e) { plan_in_place(e, plan.parameters, as_of); });
    return plan;
}

}  // namespace cotation
