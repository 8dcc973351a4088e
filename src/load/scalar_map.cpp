// Maps each byte of a YAML scalar's value back to its byte in the file, for every scalar style
// (plain, 'single', "double", literal | and folded >), so that a diagnostic inside an expression
// points at the right line and column.
#include "load/scalar_map.hpp"

#include <algorithm>

namespace cotation {

namespace {

std::size_t escape_length(std::string_view src, std::size_t at) {
    if (at + 1 >= src.size()) return 1;
    switch (src[at + 1]) {
        case 'x': return 4;
        case 'u': return 6;
        case 'U': return 10;
        default: return 2;
    }
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::vector<std::uint32_t> map_scalar_offsets(std::string_view src, std::size_t start, std::string_view value,
                                              std::vector<std::uint32_t>* ends) {
    std::vector<std::uint32_t> out(value.size() + 1, static_cast<std::uint32_t>(std::min(start, src.size())));
    if (ends) ends->assign(value.size(), static_cast<std::uint32_t>(std::min(start, src.size())));
    if (start >= src.size()) return out;
    const char style = src[start];
    const bool double_quoted = style == '"';
    std::size_t i = start;
    if (style == '"' || style == '\'') {
        i = start + 1;
    } else if (style == '|' || style == '>') {
        const std::size_t newline = src.find('\n', start);
        i = newline == std::string_view::npos ? src.size() : newline + 1;
    }
    // Walk value and source together: equal bytes match; what the value lacks (indentation,
    // escapes' extra bytes, doubled quotes, line breaks folded to spaces) is skipped in the source.
    for (std::size_t v = 0; v < value.size(); ++v) {
        const char want = value[v];
        while (i < src.size()) {
            const char c = src[i];
            if (double_quoted && c == '\\') break;
            if (c == want) break;
            if (want == ' ' && (c == '\n' || c == '\r')) break;
            ++i;
        }
        out[v] = static_cast<std::uint32_t>(std::min(i, src.size()));
        if (ends) (*ends)[v] = static_cast<std::uint32_t>(std::min(i + 1, src.size()));
        if (i >= src.size()) continue;
        if (double_quoted && src[i] == '\\') {
            i += escape_length(src, i);
            if (ends) (*ends)[v] = static_cast<std::uint32_t>(std::min(i, src.size()));
        } else if (want != src[i] && (src[i] == '\n' || src[i] == '\r')) {
            while (i < src.size() && (src[i] == '\n' || src[i] == '\r' || is_blank(src[i]))) ++i;
        } else {
            ++i;
        }
    }
    out[value.size()] = value.empty() ? out[0] : std::max(out[value.size() - 1] + 1, out[0]);
    return out;
}

}  // namespace cotation
