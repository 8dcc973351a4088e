// Joining texts with a separator (join_texts): the one way the library writes lists of names in messages and
// outputs ("a, b, c", "05|12").
#pragma once

#include <string>
#include <string_view>

#include <range/v3/range/conversion.hpp>
#include <range/v3/view/join.hpp>
#include <range/v3/view/transform.hpp>

namespace cotation {

// The items of `range` (anything convertible to a string), `separator` between them.
template <typename Range>
std::string join_texts(const Range& range, std::string_view separator) {
    return range | ranges::views::transform([](const auto& item) { return std::string(item); }) |
           ranges::views::join(std::string(separator)) | ranges::to<std::string>();
}

// The same, each item written by `text(item)` first.
template <typename Range, typename Text>
std::string join_texts(const Range& range, std::string_view separator, Text text) {
    return range | ranges::views::transform([&](const auto& item) { return std::string(text(item)); }) |
           ranges::views::join(std::string(separator)) | ranges::to<std::string>();
}

}  // namespace cotation
