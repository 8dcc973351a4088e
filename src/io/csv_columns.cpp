#include "io/csv_columns.hpp"

#include <algorithm>
#include <thread>

#include "io/csv_scanner.hpp"
#include "io/part_writer.hpp"

namespace cotation::io {

#if defined(__GNUC__)
#define COTATION_LAMBDA_INLINE __attribute__((always_inline))
#else
#define COTATION_LAMBDA_INLINE
#endif

std::string read_csv_layout(std::string_view text, const std::vector<FieldSpec>& fields, const ReadOptions& options,
                            CsvLayout& layout) {
    if (std::string error = check_fields(fields); !error.empty()) return error;
    const std::string_view body = skip_bom(text);
    const std::size_t start = text.size() - body.size();
    if (is_blank(body)) return "empty file: no header row";
    layout.delimiter = options.delimiter ? options.delimiter : detect_delimiter(body, options.decimal_comma);
    if (layout.delimiter == '"' || layout.delimiter == '\n' || layout.delimiter == '\r')
        return "invalid delimiter: a quote or a line break cannot separate cells";
    CsvScanner scanner(text, layout.delimiter, start);
    std::vector<Cell> cells;
    switch (scanner.next_row(cells)) {
        case RowStatus::ok: break;
        case RowStatus::unterminated_quote: return "header row: unterminated quoted cell";
        case RowStatus::text_after_quote: return "header row: unexpected text after a closing quote";
    }
    layout.body = scanner.position();
    return map_columns(cells, fields, layout.column_field, layout.warnings);
}

std::vector<std::size_t> split_rows(std::string_view text, std::size_t body, std::size_t parts) {
    std::vector<std::size_t> bounds{body};
    const std::size_t size = text.size() - std::min(body, text.size());
    if (parts <= 1 || size < parts * 4096) {
        bounds.push_back(text.size());
        return bounds;
    }
    // Quote parity at each tentative boundary: quotes counted per segment, then summed.
    std::vector<std::size_t> tentative(parts + 1);
    for (std::size_t k = 0; k <= parts; ++k) tentative[k] = body + size * k / parts;
    std::vector<std::size_t> quotes(parts, 0);
    for (std::size_t k = 0; k < parts; ++k)
        quotes[k] = count_byte(text.data() + tentative[k], tentative[k + 1] - tentative[k], '"');
    std::size_t parity = 0;
    for (std::size_t k = 1; k < parts; ++k) {
        parity += quotes[k - 1];
        // The first line break outside quotes at or after the tentative boundary ends a row.
        bool in_quotes = parity % 2 == 1;
        std::size_t i = tentative[k];
        while (i < text.size() && (in_quotes || text[i] != '\n')) {
            if (text[i] == '"') in_quotes = !in_quotes;
            ++i;
        }
        const std::size_t start = std::min(i + 1, text.size());
        if (start > bounds.back() && start < text.size()) bounds.push_back(start);
    }
    bounds.push_back(text.size());
    return bounds;
}

std::size_t last_row_end(std::string_view text) {
    const std::size_t total = count_byte(text.data(), text.size(), '"');
    std::size_t after = 0;  // quotes after the position looked at
    for (std::size_t i = text.size(); i-- > 0;) {
        if (text[i] == '"') ++after;
        else if (text[i] == '\n' && (total - after) % 2 == 0) return i + 1;
    }
    return 0;
}

void read_csv_part(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t first_line,
                   const CsvLayout& layout, const std::vector<FieldSpec>& fields, const ReadOptions& options,
                   const std::vector<bool>& store, int key_field, StringPool& pool, ColumnPart& part, bool at_eof) {
    using namespace detail;
    const std::size_t columns = layout.column_field.size();
    // At most one row per line break of the part, plus one (a row that starts before `end` starts
    // at `begin` or after a line break before `end`).
    const std::size_t stop = std::min(end, text.size());
    const std::size_t capacity = (begin < stop ? count_byte(text.data() + begin, stop - begin, '\n') : 0) + 1;
    PartWriter writer(layout.column_field, fields, store, key_field, options.decimal_comma, capacity, pool, part);
    CsvScanner scanner(text, layout.delimiter, begin);
    std::vector<Cell> cells;
    cells.reserve(columns + 1);
    std::vector<std::size_t> ends(columns + 1);  // the cells of a plain row (see CsvScanner::plain_cells)
    std::string scratch, reason;
    std::uint64_t line = first_line;
    std::uint64_t next_line = first_line;  // the line after the row read last
    const auto reject = [&](std::string field, std::string_view value, std::string why) {
        part.rejected.push_back(RejectedRow{line, std::move(field), excerpt(value), std::move(why)});
        ++part.rows_read;
    };
    bool held_back = false;  // a row the text holds only part of
    // One row's cells (cell_of(c): the text of cell c, doubled quotes read as one) into the columns,
    // or the row rejected for its first cell that is not a value of its type.
    const auto read_cells = [&](const auto& cell_of) COTATION_LAMBDA_INLINE {
        const std::size_t c = writer.write(cell_of, line);
        if (c == columns) return;
        // Cell c is not a value of its type: the reader of reference words the reason.
        const std::string_view value = cell_of(c);
        const FieldSpec& field = writer.field_of(c);
        Value ignored;
        parse_cell(value, field.type, options.decimal_comma, ignored, reason);
        reject(field.name, value, std::move(reason));
    };
    while (scanner.position() < end) {
        const std::size_t start = scanner.position();
        if (end == text.size()) {  // blank lines at the very end
            const char c = text[start];
            if ((c == ' ' || c == '\t' || c == '\r' || c == '\n') && is_blank(text.substr(start))) break;
        }
        line = next_line;
        // A row with no quote, the common case: its cells found at once, without Cell views.
        std::size_t next = 0;
        if (scanner.plain_cells(ends.data(), ends.size(), next) == columns) {
            scanner.seek(next);
            next_line = line + 1;
            read_cells([&](std::size_t c) {
                const std::size_t from = c ? ends[c - 1] + 1 : start;
                return std::string_view(text.data() + from, ends[c] - from);
            });
            continue;
        }
        const RowStatus status = scanner.next_row(cells);
        // A row spans one line, or more when a quoted cell holds line breaks.
        const bool multiline = scanner.may_be_quoted() && std::any_of(cells.begin(), cells.end(), [](const Cell& c) { return c.quoted; });
        next_line = line + (multiline ? count_byte(text.data() + start, scanner.position() - start, '\n') : 1);
        if (status == RowStatus::unterminated_quote && !at_eof) {
            part.end = start;  // the rest of this row is in the next block
            held_back = true;
            break;
        }
        if (status != RowStatus::ok || cells.size() != columns) {
            const std::string_view raw = row_text(text, start, scanner.position());
            if (status == RowStatus::unterminated_quote) {
                reject({}, raw, "unterminated quoted cell");
            } else if (status == RowStatus::text_after_quote) {
                reject({}, raw, "unexpected text after a closing quote");
            } else {
                const bool blank = cells.size() == 1 && !cells[0].quoted && trim_spaces(cells[0].text).empty();
                reject({}, raw, "expected " + std::to_string(columns) + " cells, found " +
                                    (blank ? std::string("a blank line") : std::to_string(cells.size())));
            }
            continue;
        }
        read_cells([&](std::size_t c) { return cell_text(cells[c], scratch); });
    }
    writer.finish();
    if (!held_back) part.end = scanner.position();
}

}  // namespace cotation::io
