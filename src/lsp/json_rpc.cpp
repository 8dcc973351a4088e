#include "lsp/json_rpc.hpp"

#include <algorithm>
#include <charconv>
#include <istream>
#include <limits>
#include <ostream>

namespace cotation::lsp {

namespace {

// One header line without its line break; nullopt at the end of the input. A line longer than any
// header is cut (and then not understood).
std::optional<std::string> header_line(std::istream& in) {
    constexpr std::size_t longest = 4096;
    std::string line;
    int c;
    while ((c = in.get()) != std::char_traits<char>::eof()) {
        if (c == '\n') {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (line.size() < longest) line += static_cast<char>(c);
    }
    if (line.empty()) return std::nullopt;
    return line;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

Incoming read_message(std::istream& in) {
    std::size_t length = 0;
    bool has_length = false;
    std::string problem;
    bool any_header = false;
    while (true) {
        auto line = header_line(in);
        if (!line) {
            if (any_header) return Incoming{std::nullopt, "the input ended inside a header"};
            return Incoming{};
        }
        if (line->empty()) {
            if (!any_header) continue;  // blank lines between messages
            break;
        }
        any_header = true;
        const std::size_t colon = line->find(':');
        if (colon == std::string::npos) {
            problem = "a header line without ':'";
            continue;
        }
        if (!equals_ignoring_case(trimmed(std::string_view(*line).substr(0, colon)), "content-length")) continue;
        const std::string_view value = trimmed(std::string_view(*line).substr(colon + 1));
        std::size_t n = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (error != std::errc() || end != value.data() + value.size() || value.empty()) {
            problem = "Content-Length is not a number: '" + std::string(value.substr(0, 40)) + "'";
            has_length = false;
            continue;
        }
        length = n;
        has_length = true;
    }
    if (!has_length) return Incoming{std::nullopt, problem.empty() ? "a message without Content-Length" : problem};
    if (length > max_message_bytes) {
        // Skipped, so that the next message is read from its start.
        in.ignore(static_cast<std::streamsize>(std::min<std::size_t>(length, std::numeric_limits<std::streamsize>::max())));
        return Incoming{std::nullopt, "a message of " + std::to_string(length) + " bytes (the limit is " +
                                          std::to_string(max_message_bytes) + ")"};
    }
    std::string body(length, '\0');
    in.read(body.data(), static_cast<std::streamsize>(length));
    if (static_cast<std::size_t>(in.gcount()) != length) return Incoming{std::nullopt, "the input ended inside a message"};
    return Incoming{std::move(body), {}};
}

void write_message(std::ostream& out, std::string_view body) {
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out.flush();
}

bool nests_deeper_than(std::string_view json, int limit) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

}  // namespace cotation::lsp
