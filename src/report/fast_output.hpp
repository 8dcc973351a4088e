// What the writers of the fast path's results share (scores, comparisons): numbers appended as
// format_number writes them, and parts formatted in parallel and written in file order.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <future>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/parallel.hpp"

namespace cotation::internal {

// The shortest text that reads back as the same number, as format_number writes it.
inline void append_number(fmt::memory_buffer& buf, double value) {
    if (value == 0) {
        buf.push_back('0');
        return;
    }
    if (value == std::floor(value) && std::fabs(value) < 1e15) {  // whole: the same digits, faster
        const fmt::format_int digits(static_cast<std::int64_t>(value));
        buf.append(digits.data(), digits.data() + digits.size());
        return;
    }
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    buf.append(text, end);
}

inline void append(fmt::memory_buffer& buf, std::string_view text) { buf.append(text.data(), text.data() + text.size()); }

// Writes `parts` texts in order, format_part(k, text) making the text of part k: parts are
// formatted in parallel a few at a time and written in order, so that the whole output is never
// held in memory; a window is written while the next is formatted.
template <typename FormatPart>
void write_parts_in_order(std::ostream& out, std::size_t parts, std::size_t threads, FormatPart format_part) {
    threads = std::max<std::size_t>(1, threads);
    const std::size_t window = 4 * threads;
    std::vector<std::string> texts[2] = {std::vector<std::string>(window), std::vector<std::string>(window)};
    std::future<void> writing;
    for (std::size_t from = 0, turn = 0; from < parts; from += window, turn ^= 1) {
        const std::size_t count = std::min(window, parts - from);
        std::vector<std::string>& formatted = texts[turn];
        parallel_for(count, threads, [&](std::size_t k, std::size_t) { format_part(from + k, formatted[k]); });
        if (writing.valid()) writing.get();
        writing = std::async(std::launch::async, [&out, &formatted, count] {
            for (std::size_t k = 0; k < count; ++k) {
                out.write(formatted[k].data(), static_cast<std::streamsize>(formatted[k].size()));
                std::string().swap(formatted[k]);
            }
        });
    }
    if (writing.valid()) writing.get();
}

}  // namespace cotation::internal
