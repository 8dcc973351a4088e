#include "io/jsonl_columns.hpp"

#include <algorithm>
#include <bit>
#include <numeric>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "io/csv_scanner.hpp"
#include "io/part_writer.hpp"

namespace cotation::io {

std::vector<std::size_t> split_lines(std::string_view text, std::size_t begin, std::size_t parts) {
    std::vector<std::size_t> bounds{begin};
    const std::size_t size = text.size() - std::min(begin, text.size());
    if (parts > 1 && size >= parts * 4096) {
        for (std::size_t k = 1; k < parts; ++k) {
            const std::size_t line_break = text.find('\n', begin + size * k / parts);
            if (line_break == std::string_view::npos) break;
            if (line_break + 1 > bounds.back() && line_break + 1 < text.size()) bounds.push_back(line_break + 1);
        }
    }
    bounds.push_back(text.size());
    return bounds;
}

namespace {

// RFC 3629 UTF-8, as the JSON parser of reference checks it: no overlong forms, no surrogates,
// nothing past U+10FFFF.
bool valid_utf8(std::string_view s) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = byte(i);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
        if (c >= 0xC2 && c <= 0xDF) length = 2;
        else if (c == 0xE0) length = 3, low = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) length = 3;
        else if (c == 0xED) length = 3, high = 0x9F;
        else if (c == 0xF0) length = 4, low = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) length = 4;
        else if (c == 0xF4) length = 4, high = 0x8F;
        else return false;
        if (i + length > s.size() || byte(i + 1) < low || byte(i + 1) > high) return false;
        for (std::size_t k = 2; k < length; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
        i += length;
    }
    return true;
}

// Finds the cells of a line's fields, for the lines whose reading is plain: a flat object whose
// strings have no escape, whose numbers and values have the field's JSON type. Every other line
// (and every line with a mistake) is left to the reader of reference, which gives the reasons.
// A cell is the text the CSV reader would read for the same value: a string as it is, a number
// as written, true/false, empty for null, an array's items joined with '|'.
class LineScanner {
public:
    LineScanner(const std::vector<FieldSpec>& fields, int key_field) : fields_(fields), seen_(fields.size(), 0), joined_(fields.size()) {
        for (const FieldSpec& f : fields) names_.add(f.name);
        // The key is written as read: only a string key reads the same as the reference formats it.
        usable_ = key_field < 0 || fields[static_cast<std::size_t>(key_field)].type.kind == TypeKind::string;
    }

    // True with `cells` filled, and `unknown` the keys no field declares that `ignored` lacks.
    bool scan(std::string_view line, std::vector<std::string_view>& cells, const std::vector<std::string>& ignored,
              std::vector<std::string>& unknown) {
        if (!usable_) return false;
        s_ = line;
        p_ = 0;
        ++generation_;
        std::fill(cells.begin(), cells.end(), std::string_view());
        unknown.clear();
        skip_spaces();
        if (!take('{')) return false;
        skip_spaces();
        if (take('}')) return at_end();
        std::size_t expected = 0;  // the field whose key most likely comes next: files write keys in one order
        while (true) {
            std::string_view key;
            if (!string(key)) return false;
            skip_spaces();
            if (!take(':')) return false;
            skip_spaces();
            const std::int32_t f = expected < fields_.size() && key == fields_[expected].name ? static_cast<std::int32_t>(expected) : names_.find(key);
            if (f >= 0) expected = static_cast<std::size_t>(f) + 1;
            if (f < 0) {
                if (!skip_value()) return false;
                if (std::find(ignored.begin(), ignored.end(), key) == ignored.end() &&
                    std::find(unknown.begin(), unknown.end(), key) == unknown.end())
                    unknown.emplace_back(key);
            } else {
                const auto field = static_cast<std::size_t>(f);
                if (seen_[field] == generation_) return false;  // a key twice
                seen_[field] = generation_;
                if (!value(field, cells[field])) return false;
            }
            skip_spaces();
            if (take('}')) return at_end();
            if (!take(',')) return false;
            skip_spaces();
        }
    }

private:
    bool at_end() {
        skip_spaces();
        return p_ == s_.size();
    }
    void skip_spaces() {
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\r' || s_[p_] == '\n')) ++p_;
    }
    bool take(char c) {
        if (p_ < s_.size() && s_[p_] == c) {
            ++p_;
            return true;
        }
        return false;
    }
    bool word(std::string_view w) {
        if (s_.substr(p_, w.size()) != w) return false;
        p_ += w.size();
        return true;
    }
    // A string without escapes or control characters, its UTF-8 valid.
    bool string(std::string_view& out) {
        if (!take('"')) return false;
        const std::size_t start = p_;
        bool ascii = true;
#if defined(__SSE2__)
        // 16 bytes at a time up to the first quote, backslash or control character.
        const char* data = s_.data();
        while (p_ + 16 <= s_.size()) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p_));
            const auto mask = [&](__m128i matches) { return static_cast<unsigned>(_mm_movemask_epi8(matches)); };
            // Unsigned c < 0x20 is signed (c ^ 0x80) < (0x20 ^ 0x80).
            const unsigned control = mask(_mm_cmplt_epi8(_mm_xor_si128(bytes, _mm_set1_epi8(static_cast<char>(0x80))),
                                                         _mm_set1_epi8(static_cast<char>(0xA0))));
            const unsigned stop = mask(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'))) | mask(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))) | control;
            const unsigned high = mask(bytes);  // bytes of 0x80 and above
            if (stop) {
                const unsigned before = (stop & (0u - stop)) - 1;  // the bytes before the first stop
                ascii = ascii && (high & before) == 0;
                p_ += static_cast<std::size_t>(std::countr_zero(stop));
                break;
            }
            ascii = ascii && high == 0;
            p_ += 16;
        }
#endif
        for (; p_ < s_.size(); ++p_) {
            const auto c = static_cast<unsigned char>(s_[p_]);
            if (c == '"') break;
            if (c == '\\' || c < 0x20) return false;
            ascii = ascii && c < 0x80;
        }
        if (p_ == s_.size()) return false;
        out = s_.substr(start, p_ - start);
        ++p_;
        return ascii || valid_utf8(out);
    }
    // A number as JSON writes it; not "-0", which the reference reads as the integer 0 (+0).
    bool number(std::string_view& out) {
        const std::size_t start = p_;
        const auto digit = [&] { return p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9'; };
        take('-');
        if (take('0')) {
        } else if (digit()) {
            while (digit()) ++p_;
        } else {
            return false;
        }
        const bool integer = !(p_ < s_.size() && (s_[p_] == '.' || s_[p_] == 'e' || s_[p_] == 'E'));
        if (take('.')) {
            if (!digit()) return false;
            while (digit()) ++p_;
        }
        if (take('e') || take('E')) {
            if (!take('+')) take('-');
            if (!digit()) return false;
            while (digit()) ++p_;
        }
        out = s_.substr(start, p_ - start);
        return !(integer && out == "-0");
    }
    bool starts_number() const { return p_ < s_.size() && (s_[p_] == '-' || (s_[p_] >= '0' && s_[p_] <= '9')); }
    // A value no field reads: any scalar, or an array of scalars.
    bool skip_value() {
        if (p_ < s_.size() && s_[p_] == '[') {
            ++p_;
            skip_spaces();
            if (take(']')) return true;
            while (true) {
                if (!skip_scalar()) return false;
                skip_spaces();
                if (take(']')) return true;
                if (!take(',')) return false;
                skip_spaces();
            }
        }
        return skip_scalar();
    }
    bool skip_scalar() {
        std::string_view ignored;
        if (p_ < s_.size() && s_[p_] == '"') return string(ignored);
        if (starts_number()) return number(ignored);
        return word("true") || word("false") || word("null");
    }
    // Field f's value, as a cell; false when the reference is needed.
    bool value(std::size_t f, std::string_view& cell) {
        const Type& type = fields_[f].type;
        if (p_ >= s_.size()) return false;
        const char c = s_[p_];
        if (c == '"') {
            if (!string(cell)) return false;
            // A string for a number is refused by the reference, unless it is blank (null).
            if (type.is_numeric()) return cell.find_first_not_of(" \t") == std::string_view::npos;
            return true;
        }
        if (starts_number()) return (type.is_numeric() || type.kind == TypeKind::boolean) && number(cell);
        if (c == 't' || c == 'f') {
            if (type.kind != TypeKind::boolean) return false;
            cell = c == 't' ? "true" : "false";
            return word(cell);
        }
        if (c == 'n') {
            cell = {};
            return word("null");
        }
        if (c == '[' && type.kind == TypeKind::list) return array(f, cell);
        return false;
    }
    // A list's items: strings for lists of strings or enumerations, numbers for lists of numbers;
    // none empty, none holding '|' or spaces around it (the CSV cell would read otherwise). Not
    // empty either: [] is an empty list, and an empty cell null.
    bool array(std::size_t f, std::string_view& cell) {
        const bool numeric = is_numeric_kind(fields_[f].type.element);
        std::string& joined = joined_[f];
        joined.clear();
        ++p_;
        skip_spaces();
        while (true) {
            std::string_view item;
            if (numeric ? !(starts_number() && number(item)) : !string(item)) return false;
            if (item.empty() || item.find('|') != std::string_view::npos || item.front() == ' ' || item.front() == '\t' ||
                item.back() == ' ' || item.back() == '\t')
                return false;
            if (!joined.empty()) joined += '|';
            joined += item;
            skip_spaces();
            if (take(']')) break;
            if (!take(',')) return false;
            skip_spaces();
        }
        cell = joined;
        return true;
    }

    const std::vector<FieldSpec>& fields_;
    StringIndex names_;
    bool usable_ = true;
    std::string_view s_;
    std::size_t p_ = 0;
    std::uint64_t generation_ = 0;
    std::vector<std::uint64_t> seen_;   // the line (generation) each field was last found on
    std::vector<std::string> joined_;   // each list field's items, joined
};

}  // namespace

void read_jsonl_part(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t first_line,
                     const std::vector<FieldSpec>& fields, const std::vector<bool>& store, int key_field, StringPool& pool,
                     ColumnPart& part, std::vector<std::string>& ignored) {
    end = std::min(end, text.size());
    std::vector<int> column_field(fields.size());  // a column per field, in order
    std::iota(column_field.begin(), column_field.end(), 0);
    const std::size_t capacity = (begin < end ? count_byte(text.data() + begin, end - begin, '\n') : 0) + 1;
    // JSON numbers never have a decimal comma.
    detail::PartWriter writer(column_field, fields, store, key_field, false, capacity, pool, part);
    LineScanner scanner(fields, key_field);
    std::vector<std::string_view> cells(fields.size());
    std::vector<std::string> unknown;
    std::vector<Value> row;
    RejectedRow rejected;
    std::uint64_t line = first_line;
    for (std::size_t pos = begin; pos < end; ++line) {
        const std::size_t line_end = std::min(text.find('\n', pos), end);
        std::string_view content = text.substr(pos, line_end - pos);
        pos = line_end + 1;
        if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
        if (is_blank(content)) continue;
        if (scanner.scan(content, cells, ignored, unknown) &&
            writer.write([&](std::size_t c) { return cells[c]; }, line) == fields.size()) {
            std::sort(unknown.begin(), unknown.end());  // the reference meets a line's keys in the order of their names
            ignored.insert(ignored.end(), unknown.begin(), unknown.end());
            continue;
        }
        // Anything else, a mistake or not, as the reference reads it.
        ++part.read_by_reference;
        if (read_jsonl_line(content, fields, ignored, row, rejected)) {
            const Value* key = key_field >= 0 ? &row[static_cast<std::size_t>(key_field)] : nullptr;
            writer.write_values(row, key && !key->is_null() ? format_value(*key) : std::string(), line);
        } else {
            rejected.line = line;
            part.rejected.push_back(std::move(rejected));
            ++part.rows_read;
        }
    }
    writer.finish();
    part.end = end;
}

}  // namespace cotation::io
