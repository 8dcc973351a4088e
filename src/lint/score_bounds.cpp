// Interval bounds of expressions and grid totals (see score_bounds.hpp and docs/lint.md).
#include "lint/score_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "score/scorer.hpp"

namespace cotation {

namespace {

Range merge(const Range& a, const Range& b) { return Range{std::min(a.lo, b.lo), std::max(a.hi, b.hi), a.null || b.null}; }

// a + b; -inf + inf cannot happen on a range (lo <= hi), so sums of sides stay defined.
Range plus(const Range& a, const Range& b) { return Range{a.lo + b.lo, a.hi + b.hi, a.null || b.null}; }

Range negated(const Range& a) { return Range{-a.hi, -a.lo, a.null}; }

// The product's range from the four corners; 0 × inf is left unbounded rather than guessed.
Range times(const Range& a, const Range& b) {
    const double corners[] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
    Range r{Range::inf(), -Range::inf(), a.null || b.null};
    for (double c : corners) {
        if (std::isnan(c)) return Range::unbounded(r.null);
        r.lo = std::min(r.lo, c);
        r.hi = std::max(r.hi, c);
    }
    return r;
}

// A division by zero is null (section 2): a divisor that may be 0 leaves the quotient unbounded.
Range divided(const Range& a, const Range& b) {
    if (b.lo <= 0 && b.hi >= 0) return Range::unbounded(true);
    return times(a, Range{1 / b.hi, 1 / b.lo, b.null});
}

Range value_range(const Value& v) {
    if (const double* n = v.as_number()) return Range::exactly(*n);
    if (const Table* t = v.as_table()) {
        if (t->entries.empty()) return Range::unbounded(true);  // any key misses: null
        Range r{Range::inf(), -Range::inf(), true};             // a key that is not in the table: null
        for (const auto& [key, value] : t->entries) {
            r.lo = std::min(r.lo, value);
            r.hi = std::max(r.hi, value);
        }
        return r;
    }
    return Range::unbounded(false);
}

}  // namespace

Range parameter_range(const CheckedParameter& parameter, const BoundsOptions& options) {
    if (options.as_of)
        if (const Value* v = parameter.in_force(*options.as_of)) return value_range(*v);
    if (parameter.versions.empty()) return Range::unbounded(true);
    Range r = value_range(parameter.versions.front().second);
    for (const auto& [since, value] : parameter.versions) r = merge(r, value_range(value));
    return r;
}

Range expression_range(const Expr& e, const CompiledPolicy& policy, const BoundsOptions& options) {
    const auto arg = [&](std::size_t i) { return expression_range(e.args[i], policy, options); };
    switch (e.op) {
        case Op::literal:
            if (e.literal.is_null()) return Range{0, 0, true};
            return value_range(e.literal);
        case Op::identifier:
            if (e.ref == RefKind::parameter) return parameter_range(policy.parameters[static_cast<std::size_t>(e.slot)], options);
            return Range::unbounded(true);  // a field: any value, or null
        case Op::index: {
            if (e.args[0].op == Op::identifier && e.args[0].ref == RefKind::parameter) {
                Range r = parameter_range(policy.parameters[static_cast<std::size_t>(e.args[0].slot)], options);
                r.null = true;  // the key may be null or missing
                return r;
            }
            return Range::unbounded(true);
        }
        case Op::negate: return negated(arg(0));
        case Op::add: return plus(arg(0), arg(1));
        case Op::subtract: return plus(arg(0), negated(arg(1)));
        case Op::multiply: return times(arg(0), arg(1));
        case Op::divide: return divided(arg(0), arg(1));
        case Op::coalesce: {
            const Range a = arg(0), b = arg(1);
            if (!a.null) return a;
            Range r = merge(a, b);
            r.null = b.null;
            return r;
        }
        case Op::conditional: return merge(arg(1), arg(2));
        case Op::call: {
            if (e.args.empty()) return Range::unbounded(true);
            switch (e.function) {
                case Function::min:
                case Function::max: {
                    Range r = arg(0);
                    for (std::size_t i = 1; i < e.args.size(); ++i) {
                        const Range b = arg(i);
                        r = e.function == Function::min ? Range{std::min(r.lo, b.lo), std::min(r.hi, b.hi), r.null || b.null}
                                                        : Range{std::max(r.lo, b.lo), std::max(r.hi, b.hi), r.null || b.null};
                    }
                    return r;
                }
                case Function::clamp: {
                    const Range x = arg(0), lo = arg(1), hi = arg(2);
                    const Range raised{std::max(x.lo, lo.lo), std::max(x.hi, lo.hi), false};
                    return Range{std::min(raised.lo, hi.lo), std::min(raised.hi, hi.hi), x.null || lo.null || hi.null};
                }
                case Function::coalesce: {
                    Range r = arg(0);
                    for (std::size_t i = 1; i < e.args.size() && r.null; ++i) {
                        const Range b = arg(i);
                        r = merge(r, b);
                        r.null = b.null;
                    }
                    return r;
                }
                case Function::abs: {
                    const Range a = arg(0);
                    if (a.lo >= 0) return a;
                    if (a.hi <= 0) return negated(a);
                    return Range{0, std::max(-a.lo, a.hi), a.null};
                }
                case Function::round:
                case Function::floor:
                case Function::ceil: {
                    // Rounding to whole numbers or to decimals stays within the whole numbers around
                    // the range; to tens (negative digits) it may not.
                    if (e.args.size() == 2 && !(e.args[1].op == Op::literal && e.args[1].literal.as_number() &&
                                                *e.args[1].literal.as_number() >= 0))
                        return Range::unbounded(true);
                    const Range a = arg(0);
                    if (a.lo == a.hi && std::isfinite(a.lo)) {  // a constant: its value exactly
                        const double v = e.function == Function::floor ? std::floor(a.lo)
                                         : e.function == Function::ceil ? std::ceil(a.lo)
                                         : round_half_away(a.lo, e.args.size() == 2 ? static_cast<int>(*e.args[1].literal.as_number()) : 0);
                        return Range{v, v, a.null};
                    }
                    return Range{std::floor(a.lo), std::ceil(a.hi), a.null};
                }
                case Function::count: return Range{0, Range::inf(), true};
                default: return Range::unbounded(true);
            }
        }
        default: return Range::unbounded(true);
    }
}

bool GridBounds::dalo_first() const {
    if (!dalo.bounded_below() || !others.bounded_above()) return false;
    // Scores are rounded to 2 decimals, half away from zero: a monotone rounding, so comparing
    // the rounded bounds is exact.
    return round_half_away(dalo.lo, 2) > round_half_away(others.hi, 2);
}

GridBounds grid_bounds(const CompiledPolicy& policy, const CheckedGrid& grid, std::int32_t dalo_slot, const BoundsOptions& options) {
    GridBounds out;
    // A criterion for a demand kind: it applies for sure (`forced`), may apply, or never does.
    enum class Applies { never, maybe, forced };
    const auto total = [&](bool dalo_demand, bool need_low, std::int32_t& bad_rubric, std::int32_t& bad_criterion) {
        Range sum = Range::exactly(0);
        for (std::size_t r = 0; r < grid.rubrics.size(); ++r) {
            const CheckedRubric& rubric = grid.rubrics[r];
            std::vector<std::pair<Applies, Range>> parts;
            for (std::size_t c = 0; c < rubric.criteria.size(); ++c) {
                const CheckedCriterion& criterion = rubric.criteria[c];
                const bool dalo_alone = criterion.when && criterion.when->op == Op::identifier &&
                                        criterion.when->ref == RefKind::field && criterion.when->slot == dalo_slot &&
                                        criterion.requires_slots.empty() && dalo_slot >= 0;
                const Applies applies = !dalo_alone ? Applies::maybe : dalo_demand ? Applies::forced : Applies::never;
                if (applies == Applies::never) continue;
                Range points = expression_range(criterion.points, policy, options);
                if (points.null) points = Range{std::min(points.lo, 0.0), std::max(points.hi, 0.0), false};
                const bool clamped = need_low ? rubric.floor.has_value() || grid.floor.has_value()
                                              : rubric.cap.has_value() || grid.cap.has_value();
                const bool infinite = need_low ? !points.bounded_below() : !points.bounded_above();
                if (infinite && !clamped && bad_rubric < 0) {
                    bad_rubric = static_cast<std::int32_t>(r);
                    bad_criterion = static_cast<std::int32_t>(c);
                }
                parts.emplace_back(applies, points);
            }
            Range rubric_total = Range::exactly(0);
            if (rubric.combine == Combine::sum) {
                for (const auto& [applies, p] : parts)
                    rubric_total = plus(rubric_total, applies == Applies::forced ? p : Range{std::min(p.lo, 0.0), std::max(p.hi, 0.0), false});
            } else {
                // The largest applied criterion's points, 0 when none applied.
                bool any_forced = false;
                double forced_lo = -Range::inf(), lo = 0, hi = 0;
                for (const auto& [applies, p] : parts) {
                    if (applies == Applies::forced) {
                        forced_lo = any_forced ? std::max(forced_lo, p.lo) : p.lo;
                        hi = any_forced ? std::max(hi, p.hi) : p.hi;
                        any_forced = true;
                    }
                }
                for (const auto& [applies, p] : parts) {
                    if (applies == Applies::forced) continue;
                    hi = std::max(hi, p.hi);
                    if (!any_forced) lo = std::min(lo, p.lo);
                }
                if (!any_forced) hi = std::max(hi, 0.0);
                rubric_total = Range{any_forced ? forced_lo : lo, hi, false};
            }
            rubric_total.lo = clamp_bounds(rubric_total.lo, rubric.floor, rubric.cap);
            rubric_total.hi = clamp_bounds(rubric_total.hi, rubric.floor, rubric.cap);
            sum = plus(sum, rubric_total);
        }
        sum.lo = clamp_bounds(sum.lo, grid.floor, grid.cap);
        sum.hi = clamp_bounds(sum.hi, grid.floor, grid.cap);
        return sum;
    };
    std::int32_t dalo_rubric = -1, dalo_criterion = -1, other_rubric = -1, other_criterion = -1;
    out.dalo = total(true, true, dalo_rubric, dalo_criterion);
    out.others = total(false, false, other_rubric, other_criterion);
    if (!out.others.bounded_above()) {
        out.unbounded_rubric = other_rubric;
        out.unbounded_criterion = other_criterion;
    } else if (!out.dalo.bounded_below()) {
        out.unbounded_rubric = dalo_rubric;
        out.unbounded_criterion = dalo_criterion;
    }
    return out;
}

}  // namespace cotation
