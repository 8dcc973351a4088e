// lsp: places in a document as the protocol counts them (0-based lines, characters in UTF-16 code
// units unless the client chose UTF-8), and the file URIs that name documents.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cotation::lsp {

// How the characters of a line are counted (LSP 3.17 `positionEncoding`).
enum class Encoding : std::uint8_t { utf16, utf8 };

struct Position {
    std::uint32_t line = 0;
    std::uint32_t character = 0;
    friend bool operator==(const Position&, const Position&) = default;
};

// The lines of a text: byte offsets <-> positions. Lines end at "\n" (a "\r" before it belongs to
// no line), as the loader counts them.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    // The position of a byte offset (clamped to the text); an offset inside a character counts as
    // that character's start.
    Position position(std::size_t offset, Encoding encoding) const;
    // The byte offset of a position: a line past the end is the end of the text; a character past
    // the end of its line, the end of the line.
    std::size_t offset(Position position, Encoding encoding) const;
    // The byte offset of a 1-based line and a 1-based column counted in code points (as a
    // Diagnostic places itself).
    std::size_t offset_of_column(std::uint32_t line, std::uint32_t column) const;
    std::size_t line_count() const { return starts_.size(); }
    // The text of a 0-based line, without its line break.
    std::string_view line(std::size_t index) const;

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
    std::size_t line_end(std::size_t index) const;
};

// The path of a `file:` URI, percent-decoded; empty when the URI is not a file URI.
std::string path_from_uri(std::string_view uri);
// The `file:` URI of an absolute path, percent-encoded as editors write it.
std::string uri_from_path(std::string_view path);

}  // namespace cotation::lsp
