#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace cotation {

// For a scalar whose node starts at byte `start` of `source` and whose value is `value`: the file
// offset of each byte of the value, plus one past the last. `ends`, when given, receives for each
// byte of the value the file offset just past its source (past a whole escape such as \u0022).
std::vector<std::uint32_t> map_scalar_offsets(std::string_view source, std::size_t start, std::string_view value,
                                              std::vector<std::uint32_t>* ends = nullptr);

}  // namespace cotation
