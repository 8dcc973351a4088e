// The CSV scanner shared by the row reader (csv_reader.cpp) and the columnar reader
// (csv_columns.cpp): both must split rows and cells, and report problems, in exactly the same way.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "io/cell_parse.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cotation::io {

struct Cell {
    std::string_view text;  // for a quoted cell, the text between the quotes
    bool quoted = false;
    bool escaped = false;   // holds doubled quotes, to read as one quote each
};

enum class RowStatus {
    ok,
    unterminated_quote,  // a quoted cell runs to the end of the file
    text_after_quote,    // something else than a delimiter or line end follows a closing quote
};

// Splits the text into rows of cells, one row per call.
class CsvScanner {
public:
    CsvScanner(std::string_view text, char delimiter, std::size_t start = 0)
        : text_(text), delimiter_(delimiter), pos_(start) {}

    bool done() const { return pos_ >= text_.size(); }
    // False when no cell of the row read last is quoted (it may be true when none is).
    bool may_be_quoted() const { return quoted_; }
    std::size_t position() const { return pos_; }

    // Reads the row that starts at the current position; moves past its line break.
    RowStatus next_row(std::vector<Cell>& cells) {
        cells.clear();
        quoted_ = false;
        {
            constexpr std::size_t most = 256;
            std::size_t ends[most];
            std::size_t next = 0;
            const std::size_t count = plain_cells(ends, most, next);
            if (count != 0 && count <= most) {
                for (std::size_t k = 0, from = pos_; k < count; from = ends[k++] + 1)
                    cells.push_back(Cell{std::string_view(text_.data() + from, ends[k] - from), false, false});
                pos_ = next;
                return RowStatus::ok;
            }
        }
        quoted_ = true;  // the row has a quote (though maybe no quoted cell), or very many cells
        RowStatus status = RowStatus::ok;
        const std::size_t n = text_.size();
        while (true) {
            Cell cell;
            std::size_t i = pos_;
            const std::size_t first = skip_blanks(i);  // spaces before an opening quote are allowed
            if (first < n && text_[first] == '"') {
                const std::size_t start = first + 1;
                const std::size_t close = closing_quote(start, cell.escaped);
                if (close == std::string_view::npos) {
                    cells.push_back(Cell{text_.substr(start), true, cell.escaped});
                    pos_ = n;
                    return RowStatus::unterminated_quote;
                }
                cell.text = text_.substr(start, close - start);
                cell.quoted = true;
                i = skip_blanks(close + 1);
                if (i < n && text_[i] != delimiter_ && !is_line_break(i)) {
                    status = RowStatus::text_after_quote;
                    i = cell_end(i);  // carry on to the next delimiter or line break
                }
            } else {
                const std::size_t end = cell_end(i);
                std::size_t stop = end;
                if (stop > i && text_[stop - 1] == '\r' && (stop == n || text_[stop] == '\n')) --stop;  // CRLF
                cell.text = text_.substr(i, stop - i);
                i = end;
            }
            cells.push_back(cell);
            if (i < n && text_[i] == delimiter_) {
                pos_ = i + 1;
                continue;
            }
            if (i < n && text_[i] == '\r') ++i;
            pos_ = std::min(i + 1, n);  // past the '\n', or at the end
            return status;
        }
    }

    // Bytes p[0..16) that are the delimiter, a '\n' or a '"', as bit masks (bit i: p[i]).
    struct Marks {
        std::uint32_t delimiter, newline, quote;
    };
    class Finder {
    public:
#if defined(__SSE2__)
        explicit Finder(char delimiter)
            : delimiter_(_mm_set1_epi8(delimiter)), newline_(_mm_set1_epi8('\n')), quote_(_mm_set1_epi8('"')) {}
        Marks operator()(const char* p) const noexcept {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            return Marks{static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, delimiter_))),
                         static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline_))),
                         static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote_)))};
        }

    private:
        __m128i delimiter_, newline_, quote_;
#else
        explicit Finder(char delimiter) : delimiter_(delimiter) {}
        Marks operator()(const char* p) const noexcept {
            Marks m{0, 0, 0};
            for (unsigned i = 0; i < 16; ++i) {
                m.delimiter |= static_cast<std::uint32_t>(p[i] == delimiter_) << i;
                m.newline |= static_cast<std::uint32_t>(p[i] == '\n') << i;
                m.quote |= static_cast<std::uint32_t>(p[i] == '"') << i;
            }
            return m;
        }

    private:
        char delimiter_;
#endif
    };

    // A row with no quote before its line break (a plain row), the common case, split 16 bytes at a
    // time. Its cells are exactly what the general loop of next_row finds: with no quote, no cell is
    // quoted, so each runs to the next delimiter, and the last one to the '\n' (less a '\r' before
    // it) or to the end of the text.
    // Returns how many cells the plain row at the current position has (0 when the row has a quote
    // before its line break), with ends[k] the end of cell k for k < max (cell k > 0 starts after
    // the end of cell k - 1, at its delimiter), and `next` where the next row starts. Does not move.
    std::size_t plain_cells(std::size_t* ends, std::size_t max, std::size_t& next) const noexcept {
        if (delimiter_ == '"' || delimiter_ == '\n' || delimiter_ == '\r') return 0;  // refused by both readers
        const char* data = text_.data();
        const std::size_t n = text_.size();
        const char delimiter = delimiter_;
        const Finder marks(delimiter);
        std::size_t count = 0;
        const auto last = [&](std::size_t end) {  // the last cell ends at `end`: its '\n', or the end of the text
            if (count < max) {
                const std::size_t from = count ? ends[count - 1] + 1 : pos_;
                std::size_t stop = end;
                if (stop > from && data[stop - 1] == '\r') --stop;  // CRLF
                ends[count] = stop;
            }
            next = std::min(end + 1, n);
            return count + 1;
        };
        std::size_t i = pos_;
        for (; i + 16 <= n; i += 16) {
            const Marks m = marks(data + i);
            std::uint32_t delimiters = m.delimiter;
            std::uint32_t before_end = 0xFFFF;
            if (m.newline) before_end = (m.newline & (0u - m.newline)) - 1;  // bits below the first '\n'
            if (m.quote & before_end) return 0;
            delimiters &= before_end;
            while (delimiters) {
                if (count < max) ends[count] = i + static_cast<std::size_t>(std::countr_zero(delimiters));
                ++count;
                delimiters &= delimiters - 1;
            }
            if (m.newline) return last(i + static_cast<std::size_t>(std::countr_zero(m.newline)));
        }
        for (; i < n; ++i) {
            const char c = data[i];
            if (c == '"') return 0;
            if (c == '\n') return last(i);
            if (c == delimiter) {
                if (count < max) ends[count] = i;
                ++count;
            }
        }
        return last(n);
    }

    void seek(std::size_t pos) { pos_ = pos; }

private:
    // Spaces and tabs from i on, unless one of them is the delimiter (tab-separated files).
    std::size_t skip_blanks(std::size_t i) const {
        while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t') && text_[i] != delimiter_) ++i;
        return i;
    }

    bool is_line_break(std::size_t i) const {
        return text_[i] == '\n' || (text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] == '\n'));
    }

    // The delimiter or '\n' that ends an unquoted cell starting at i, or the end of the text.
    std::size_t cell_end(std::size_t i) const {
        const char* data = text_.data();
        const std::size_t n = text_.size();
        while (i < n && data[i] != delimiter_ && data[i] != '\n') ++i;
        return i;
    }

    // The quote that closes a quoted cell whose text starts at i, or npos; notes doubled quotes.
    std::size_t closing_quote(std::size_t i, bool& escaped) const {
        const std::size_t n = text_.size();
        while (i < n) {
            const void* hit = std::memchr(text_.data() + i, '"', n - i);
            if (!hit) return std::string_view::npos;
            const std::size_t q = static_cast<std::size_t>(static_cast<const char*>(hit) - text_.data());
            if (q + 1 < n && text_[q + 1] == '"') {
                escaped = true;
                i = q + 2;
                continue;
            }
            return q;
        }
        return std::string_view::npos;
    }

    std::string_view text_;
    char delimiter_;
    std::size_t pos_;
    bool quoted_ = false;
};

// How many bytes of [p, p + n) equal c.
inline std::size_t count_byte(const char* p, std::size_t n, char c) noexcept {
    std::size_t count = 0;
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i needle = _mm_set1_epi8(c);
    while (i + 16 <= n) {
        // Per byte lane, up to 255 matches counted (each compare gives -1 where it matches).
        __m128i lanes = _mm_setzero_si128();
        const std::size_t stop = i + 16 * std::min<std::size_t>(255, (n - i) / 16);
        for (; i < stop; i += 16)
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), needle));
        const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());  // two 64-bit sums of 8 lanes each
        count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
    }
#endif
    for (; i < n; ++i) count += p[i] == c;
    return count;
}

// Line numbers of positions met in increasing order, counting '\n' once over the whole text.
class LineCounter {
public:
    explicit LineCounter(std::string_view text) : text_(text) {}
    std::uint64_t line_at(std::size_t pos) {
        line_ += static_cast<std::uint64_t>(std::count(text_.begin() + counted_, text_.begin() + pos, '\n'));
        counted_ = pos;
        return line_;
    }

private:
    std::string_view text_;
    std::size_t counted_ = 0;
    std::uint64_t line_ = 1;
};

// The cell's text with doubled quotes read as one; uses `scratch` only when it must.
inline std::string_view cell_text(const Cell& cell, std::string& scratch) {
    if (!cell.escaped) return cell.text;
    scratch.clear();
    for (std::size_t i = 0; i < cell.text.size(); ++i) {
        scratch += cell.text[i];
        if (cell.text[i] == '"') ++i;  // the second quote of a pair
    }
    return scratch;
}

// `,` or `;`, whichever the header line (outside quotes) holds more of.
inline char detect_delimiter(std::string_view text, bool decimal_comma) {
    std::size_t commas = 0;
    std::size_t semicolons = 0;
    bool in_quotes = false;
    for (char c : text) {
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (!in_quotes) {
            if (c == '\n') break;
            if (c == ',') ++commas;
            if (c == ';') ++semicolons;
        }
    }
    if (commas != semicolons) return commas > semicolons ? ',' : ';';
    return decimal_comma ? ';' : ',';  // neither (one column) or a tie
}

// The row's text as quoted in a reject, without its line break.
inline std::string_view row_text(std::string_view text, std::size_t start, std::size_t end) {
    std::string_view row = text.substr(start, end - start);
    if (!row.empty() && row.back() == '\n') row.remove_suffix(1);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    return row;
}

// Maps header columns to declared fields: column_field[c] is the field index, or -1 when ignored.
// Returns an error when a declared field has no column or a column appears twice.
inline std::string map_columns(const std::vector<Cell>& header, const std::vector<FieldSpec>& fields,
                        std::vector<int>& column_field, std::vector<std::string>& warnings) {
    column_field.assign(header.size(), -1);
    std::vector<bool> found(fields.size(), false);
    std::vector<std::string> ignored;
    std::string scratch;
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string_view name = trim_spaces(cell_text(header[c], scratch));
        const auto field = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == name; });
        if (field == fields.end()) {
            std::string label = name.empty() ? "(unnamed column " + std::to_string(c + 1) + ")" : std::string(name);
            if (std::find(ignored.begin(), ignored.end(), label) == ignored.end()) ignored.push_back(std::move(label));
            continue;
        }
        const auto f = static_cast<std::size_t>(field - fields.begin());
        if (found[f]) return "column '" + field->name + "' appears twice in the header";
        found[f] = true;
        column_field[c] = static_cast<int>(f);
    }
    std::vector<std::string> missing;
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if (!found[f]) missing.push_back(fields[f].name);
    }
    if (!missing.empty()) return missing_columns_error(missing);
    if (!ignored.empty()) warnings.push_back(ignored_columns_warning(ignored));
    return {};
}


}  // namespace cotation::io
