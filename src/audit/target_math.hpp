// Exact arithmetic of quota targets: whether k of n meets a target, and the gap to it.
// Everything is computed in integers (128 bits, or 64 when that is enough), never in floating point.
#pragma once

#include <cstdint>
#include <optional>

#include "load/policy_ast.hpp"

namespace cotation::audit {

using wide = __int128;

// Counts and targets small enough that every product below fits in 64 bits (counts below 2^31,
// targets with few decimals: all real ones). The same formulas then run in 64-bit integers, where
// a division is one instruction instead of a library call; the result is the same.
inline bool fits_64_bits(const Target& t, std::int64_t k, std::int64_t n) {
    constexpr std::int64_t counts = std::int64_t(1) << 31, factors = std::int64_t(1) << 24;
    return k >= 0 && k < counts && n >= 0 && n < counts && t.numerator >= 0 && t.numerator < factors && t.scale > 0 && t.scale < factors;
}

// Whether k meeting rows out of n rows in scope satisfy `target`. Percentages compare
// 100·k·scale against numerator·n, so 33.3 % (333/10) is exact. Says nothing about n = 0
// (the caller reports no_data).
template <typename Int>
bool target_holds_in(const Target& t, std::int64_t k, std::int64_t n) {
    const Int lhs = Int(100) * k * t.scale;
    const Int rhs = Int(t.numerator) * n;
    switch (t.kind) {
        case TargetKind::at_least_percent: return lhs >= rhs;
        case TargetKind::at_most_percent: return lhs <= rhs;
        case TargetKind::at_least_count: return k >= t.numerator;
        case TargetKind::at_most_count: return k <= t.numerator;
    }
    return false;
}

inline bool target_holds(const Target& t, std::int64_t k, std::int64_t n) {
    return fits_64_bits(t, k, n) ? target_holds_in<std::int64_t>(t, k, n) : target_holds_in<wide>(t, k, n);
}

template <typename Int>
Int ceil_div(Int a, Int b) { return (a + b - 1) / b; }  // a > 0, b > 0

inline std::int64_t clamp64(wide v) {
    constexpr std::int64_t max = INT64_MAX;
    return v > wide(max) ? max : static_cast<std::int64_t>(v);
}
inline std::int64_t clamp64(std::int64_t v) { return v; }

struct Gap {
    std::optional<std::int64_t> gap;  // nullopt: cannot close
    std::int64_t exceeded_by = 0;     // `<= N` only
};

// The smallest number of further allocations that satisfies the inequality of the target:
//   >= P%: further meeting allocations x, 100·scale·(k+x) >= num·(n+x);
//   <= P%: further non-meeting allocations y, 100·scale·k <= num·(n+y);
//   >= N : N − k;   <= N : 0, or cannot close and exceeded by k − N.
// Applied as written, also when n = 0 (a percentage then gives 0, `>= N` gives N).
template <typename Int>
Gap target_gap_in(const Target& t, std::int64_t k, std::int64_t n) {
    Gap out;
    switch (t.kind) {
        case TargetKind::at_least_percent: {
            const Int need = Int(t.numerator) * n - Int(100) * t.scale * k;  // what x·(100·scale − num) must reach
            const Int per = Int(100) * t.scale - t.numerator;                 // >= 0: a target is at most 100 %
            if (need <= 0) out.gap = 0;
            else if (per > 0) out.gap = clamp64(ceil_div(need, per));
            break;  // per == 0 (100 %) with a non-meeting row: no number of meeting rows closes it
        }
        case TargetKind::at_most_percent: {
            const Int need = Int(100) * t.scale * k - Int(t.numerator) * n;
            if (need <= 0) out.gap = 0;
            else if (t.numerator > 0) out.gap = clamp64(ceil_div(need, Int(t.numerator)));
            break;  // 0 % with a meeting row: cannot close
        }
        case TargetKind::at_least_count: out.gap = k >= t.numerator ? 0 : t.numerator - k; break;
        case TargetKind::at_most_count:
            if (k <= t.numerator) out.gap = 0;
            else out.exceeded_by = k - t.numerator;
            break;
    }
    return out;
}

inline Gap target_gap(const Target& t, std::int64_t k, std::int64_t n) {
    return fits_64_bits(t, k, n) ? target_gap_in<std::int64_t>(t, k, n) : target_gap_in<wide>(t, k, n);
}

}  // namespace cotation::audit
