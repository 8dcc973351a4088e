// The scores a grid can give, bounded from its constants alone (points, parameters, caps and
// floors), for the households recognised DALO and for the others: lint's proof that DALO
// households come first (L0101) is that the smallest DALO total exceeds the largest other one.
// docs/lint.md explains the rules; they are sound (a bound is never tighter than what a row can
// reach), not exact.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "check/compiled.hpp"

namespace cotation {

// A closed range of numbers; -inf or +inf where a side is not bounded. `null` when the value may
// be null (a null criterion's points count 0).
struct Range {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    bool null = false;

    static Range exactly(double v) { return Range{v, v, false}; }
    static Range unbounded(bool may_be_null = true) { return Range{-inf(), inf(), may_be_null}; }
    bool bounded_below() const { return lo != -inf(); }
    bool bounded_above() const { return hi != inf(); }
    static constexpr double inf() { return std::numeric_limits<double>::infinity(); }
};

// Where a parameter's value is read: at `as_of` when given (the value in force then), else over
// every dated value (a bound that holds at any date).
struct BoundsOptions {
    std::optional<Date> as_of;
};

// The range of a parameter's numeric values (a table: of its entries); unbounded for other types.
Range parameter_range(const CheckedParameter& parameter, const BoundsOptions& options);

// The range of a checked number expression.
Range expression_range(const Expr& expr, const CompiledPolicy& policy, const BoundsOptions& options);

struct GridBounds {
    Range dalo;    // the total of a demand whose DALO field is true
    Range others;  // the total of any other demand
    // Where a bound is infinite: the first criterion (rubric and criterion index in the grid) whose
    // points leave the needed side unbounded; -1 when the bound is finite.
    std::int32_t unbounded_rubric = -1;
    std::int32_t unbounded_criterion = -1;
    // Whether the bounds prove that every DALO demand scores more than every other demand.
    bool dalo_first() const;
};

// The bounds of `grid` given the slot of its record's DALO field. A criterion whose `when` is that
// field alone, without `requires`, applies to every DALO demand and to no other; every other
// criterion may apply or not.
GridBounds grid_bounds(const CompiledPolicy& policy, const CheckedGrid& grid, std::int32_t dalo_slot, const BoundsOptions& options);

}  // namespace cotation
