// Writing a text over a string that keeps its storage: what the embedding API does when a caller
// reuses an Outcome or a vector of what-if effects, call after call, so that nothing is allocated
// once they are warm. Ids and codes are short: a call to memcpy, or to std::string's assignment,
// costs more than copying them.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/columns.hpp"  // COTATION_ALWAYS_INLINE

namespace cotation {

// `n` bytes copied without a call for up to 16 of them: two overlapping words cover any length
// between one word and two.
COTATION_ALWAYS_INLINE void copy_bytes(char* to, const char* from, std::size_t n) {
    if (n >= 8 && n <= 16) {
        std::uint64_t head, tail;
        std::memcpy(&head, from, 8);
        std::memcpy(&tail, from + n - 8, 8);
        std::memcpy(to, &head, 8);
        std::memcpy(to + n - 8, &tail, 8);
    } else if (n >= 4 && n < 8) {
        std::uint32_t head, tail;
        std::memcpy(&head, from, 4);
        std::memcpy(&tail, from + n - 4, 4);
        std::memcpy(to, &head, 4);
        std::memcpy(to + n - 4, &tail, 4);
    } else if (n < 4) {
        for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
    } else {
        std::memcpy(to, from, n);
    }
}

// `from` written over `to`, whose storage is kept: a text of the same length (the same id as the
// last call wrote there, the usual case) is a plain copy of its bytes.
COTATION_ALWAYS_INLINE void assign_text(std::string& to, std::string_view from) {
    if (to.size() == from.size()) copy_bytes(to.data(), from.data(), from.size());
    else to.assign(from.data(), from.size());
}

}  // namespace cotation
