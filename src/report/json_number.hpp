// A number in the JSON reports: whole numbers as integers (3, not 3.0), as every output writes them.
#pragma once

#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace cotation::internal {

inline nlohmann::ordered_json json_number(double value) {
    if (value == std::floor(value) && std::fabs(value) < 9e15) return static_cast<std::int64_t>(value);
    return value;
}

}  // namespace cotation::internal
