// plan: a checked policy at a date, ready to evaluate. The parameters are resolved at `as_of`
// (overrides replacing a parameter's value whatever the date), then every expression of the
// policy is rewritten into the program both evaluators run: parameters and `as_of` become
// constants, `age(d)` becomes `years_between(d, as_of)`, and constant subexpressions are folded.
// Folding uses the reference interpreter itself, so that a folded constant is by construction
// the value the interpreter would compute row by row.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "check/compiled.hpp"
#include "cotation/result.hpp"
#include "eval/interpreter.hpp"

namespace cotation {

// Undated parameter replacements, by name.
using ParameterOverrides = std::vector<std::pair<std::string, Value>>;

struct Plan {
    CompiledPolicy program;          // the checked policy, every expression planned
    std::vector<Value> parameters;   // by parameter index: the values in force at as_of
    Date as_of;

    // What the reference interpreter evaluates a row of the program with.
    EvalContext context(const std::vector<Value>* row = nullptr, const std::vector<Value>* offer = nullptr) const {
        return EvalContext{row, offer, &parameters, as_of};
    }
    const CheckedRecord& record(std::int32_t index) const { return program.records[static_cast<std::size_t>(index)]; }
};

// E0705 when a parameter has no value in force at `as_of`, or an override names no parameter (with
// the closest name) or does not fit the parameter's type.
Result<Plan> make_plan(const CompiledPolicy& policy, Date as_of, const ParameterOverrides& overrides = {});

// The index of parameter `name`; E0705 naming the closest parameter when the policy has none of
// that name.
Result<std::size_t> find_parameter(const CompiledPolicy& policy, const std::string& name);

// The parameter values in force at `as_of`, overrides applied; the errors of make_plan.
Result<std::vector<Value>> resolve_parameters(const CompiledPolicy& policy, Date as_of, const ParameterOverrides& overrides);

// Whether `value` can stand for a parameter of type `type`: a whole number for an `int` parameter,
// any number for a `number` one, a list whose items have the element type (an empty list fits any
// list), a table whose keys have the table's key type; null fits nothing.
bool fits_parameter(const Value& value, const Type& type);

// The planned form of one checked expression (tests; make_plan applies it to every expression).
Expr plan_expression(const Expr& expr, const std::vector<Value>& parameters, Date as_of);

}  // namespace cotation
