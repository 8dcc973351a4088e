#include "lsp/text.hpp"

#include <algorithm>

namespace cotation::lsp {

namespace {

// The length in bytes of the UTF-8 character that starts with `lead`; a stray byte counts as one.
std::size_t char_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

// UTF-16 code units of the character that starts with `lead`.
std::uint32_t utf16_units(unsigned char lead) { return (lead & 0xF8) == 0xF0 ? 2 : 1; }

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text), starts_{0} {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') starts_.push_back(i + 1);
}

std::size_t LineIndex::line_end(std::size_t index) const {
    std::size_t end = index + 1 < starts_.size() ? starts_[index + 1] - 1 : text_.size();
    if (end > starts_[index] && text_[end - 1] == '\r' && end < text_.size()) --end;
    return end;
}

std::string_view LineIndex::line(std::size_t index) const {
    if (index >= starts_.size()) return {};
    return text_.substr(starts_[index], line_end(index) - starts_[index]);
}

Position LineIndex::position(std::size_t offset, Encoding encoding) const {
    offset = std::min(offset, text_.size());
    const std::size_t line = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin()) - 1;
    std::uint32_t character = 0;
    for (std::size_t i = starts_[line]; i < offset;) {
        const unsigned char lead = static_cast<unsigned char>(text_[i]);
        const std::size_t length = char_length(lead);
        if (i + length > offset) break;  // inside a character: its start
        character += encoding == Encoding::utf8 ? static_cast<std::uint32_t>(length) : utf16_units(lead);
        i += length;
    }
    return Position{static_cast<std::uint32_t>(line), character};
}

std::size_t LineIndex::offset(Position position, Encoding encoding) const {
    if (position.line >= starts_.size()) return text_.size();
    const std::size_t end = line_end(position.line);
    std::size_t i = starts_[position.line];
    std::uint32_t character = 0;
    while (i < end && character < position.character) {
        const unsigned char lead = static_cast<unsigned char>(text_[i]);
        const std::size_t length = std::min(char_length(lead), end - i);
        character += encoding == Encoding::utf8 ? static_cast<std::uint32_t>(length) : utf16_units(lead);
        i += length;
    }
    return i;
}

std::size_t LineIndex::offset_of_column(std::uint32_t line, std::uint32_t column) const {
    if (line == 0) return 0;
    if (line > starts_.size()) return text_.size();
    std::size_t i = starts_[line - 1];
    for (std::uint32_t c = 1; c < column && i < text_.size() && text_[i] != '\n'; ++c)
        i += std::min(char_length(static_cast<unsigned char>(text_[i])), text_.size() - i);
    return i;
}

std::string path_from_uri(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (uri.size() < scheme.size() || !std::equal(scheme.begin(), scheme.end(), uri.begin(), [](char a, char b) {
            return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
        }))
        return {};
    uri.remove_prefix(scheme.size());
    const std::size_t slash = uri.find('/');  // after an authority such as `localhost`
    if (slash == std::string_view::npos) return {};
    uri.remove_prefix(slash);
    uri = uri.substr(0, uri.find_first_of("?#"));
    std::string path;
    for (std::size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() && hex_digit(uri[i + 1]) >= 0 && hex_digit(uri[i + 2]) >= 0) {
            const char decoded = static_cast<char>(hex_digit(uri[i + 1]) * 16 + hex_digit(uri[i + 2]));
            if (decoded == '\0') return {};  // no path holds a NUL byte
            path += decoded;
            i += 2;
        } else {
            path += uri[i];
        }
    }
    return path;
}

std::string uri_from_path(std::string_view path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string uri = "file://";
    for (const char c : path) {
        const unsigned char u = static_cast<unsigned char>(c);
        const bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '/' || c == '-' ||
                          c == '.' || c == '_' || c == '~';
        if (keep) uri += c;
        else {
            uri += '%';
            uri += hex[u >> 4];
            uri += hex[u & 15];
        }
    }
    return uri;
}

}  // namespace cotation::lsp
