// The days of a civil date, inline for the readers' hot path (every date cell of a file).
#pragma once

#include <cstdint>

#include "core/columns.hpp"

namespace cotation {

// Days since 1970-01-01 of y-m-d, for a year from 1 to 9999 (Howard Hinnant's days_from_civil,
// without the branch for years before 1: its era is always y / 400).
COTATION_ALWAYS_INLINE std::int32_t days_from_civil(unsigned y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;  // year 0 at most: era 0
    const unsigned yoe = y % 400;
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int32_t>((y / 400) * 146097 + doe) - 719468;
}

}  // namespace cotation
