// Exact arithmetic of quota targets: whether k of n meets a target, and the gap to it.
// Everything is computed in integers (128 bits), never in floating point.
#pragma once

#include <cstdint>
#include <optional>

#include "load/policy_ast.hpp"

namespace cotation::audit {

using wide = __int128;

// Whether k meeting rows out of n rows in scope satisfy `target`. Percentages compare
// 100·k·scale against numerator·n, so 33.3 % (333/10) is exact. Says nothing about n = 0
// (the caller reports no_data).
inline bool target_holds(const Target& t, std::int64_t k, std::int64_t n) {
    const wide lhs = wide(100) * k * t.scale;
    const wide rhs = wide(t.numerator) * n;
    switch (t.kind) {
        case TargetKind::at_least_percent: return lhs >= rhs;
        case TargetKind::at_most_percent: return lhs <= rhs;
        case TargetKind::at_least_count: return k >= t.numerator;
        case TargetKind::at_most_count: return k <= t.numerator;
    }
    return false;
}

inline wide ceil_div(wide a, wide b) { return (a + b - 1) / b; }  // a > 0, b > 0

inline std::int64_t clamp64(wide v) {
    constexpr std::int64_t max = INT64_MAX;
    return v > wide(max) ? max : static_cast<std::int64_t>(v);
}

struct Gap {
    std::optional<std::int64_t> gap;  // nullopt: cannot close
    std::int64_t exceeded_by = 0;     // `<= N` only
};

// The smallest number of further allocations that satisfies the inequality of the target:
//   >= P%: further meeting allocations x, 100·scale·(k+x) >= num·(n+x);
//   <= P%: further non-meeting allocations y, 100·scale·k <= num·(n+y);
//   >= N : N − k;   <= N : 0, or cannot close and exceeded by k − N.
// Applied as written, also when n = 0 (a percentage then gives 0, `>= N` gives N).
inline Gap target_gap(const Target& t, std::int64_t k, std::int64_t n) {
    Gap out;
    switch (t.kind) {
        case TargetKind::at_least_percent: {
            const wide need = wide(t.numerator) * n - wide(100) * t.scale * k;  // what x·(100·scale − num) must reach
            const wide per = wide(100) * t.scale - t.numerator;                 // >= 0: a target is at most 100 %
            if (need <= 0) out.gap = 0;
            else if (per > 0) out.gap = clamp64(ceil_div(need, per));
            break;  // per == 0 (100 %) with a non-meeting row: no number of meeting rows closes it
        }
        case TargetKind::at_most_percent: {
            const wide need = wide(100) * t.scale * k - wide(t.numerator) * n;
            if (need <= 0) out.gap = 0;
            else if (t.numerator > 0) out.gap = clamp64(ceil_div(need, t.numerator));
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

}  // namespace cotation::audit
