#include "io/csv_columns.hpp"

#include <algorithm>
#include <thread>

#include "eval/batch.hpp"
#include "io/csv_scanner.hpp"

namespace cotation::io {

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
        quotes[k] = static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(tentative[k]),
                                                        text.begin() + static_cast<std::ptrdiff_t>(tentative[k + 1]), '"'));
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
    const auto total = static_cast<std::size_t>(std::count(text.begin(), text.end(), '"'));
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
    ColumnChunk& chunk = part.chunk;
    chunk.fields.assign(fields.size(), Column{});
    for (std::size_t f = 0; f < fields.size(); ++f)
        if (fields[f].type.kind == TypeKind::list) chunk.fields[f].offsets.push_back(0);
    CsvScanner scanner(text, layout.delimiter, begin);
    std::vector<Cell> cells;
    std::vector<Value> row(fields.size());
    std::string scratch, reason;
    std::uint64_t line = first_line;
    std::size_t counted = begin;
    const std::size_t columns = layout.column_field.size();
    const auto reject = [&](std::string field, std::string_view value, std::string why) {
        part.rejected.push_back(RejectedRow{line, std::move(field), excerpt(value), std::move(why)});
        ++part.rows_read;
    };
    while (scanner.position() < end) {
        const std::size_t start = scanner.position();
        if (is_blank(text.substr(start, end - start)) && end == text.size()) break;  // blank lines at the very end
        line += static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                                                      text.begin() + static_cast<std::ptrdiff_t>(start), '\n'));
        counted = start;
        const RowStatus status = scanner.next_row(cells);
        const std::string_view raw = row_text(text, start, scanner.position());
        if (status == RowStatus::unterminated_quote && !at_eof) {
            part.end = start;  // the rest of this row is in the next block
            return;
        }
        if (status == RowStatus::unterminated_quote) {
            reject({}, raw, "unterminated quoted cell");
            continue;
        }
        if (status == RowStatus::text_after_quote) {
            reject({}, raw, "unexpected text after a closing quote");
            continue;
        }
        if (cells.size() != columns) {
            const bool blank = cells.size() == 1 && !cells[0].quoted && trim_spaces(cells[0].text).empty();
            reject({}, raw, "expected " + std::to_string(columns) + " cells, found " +
                                (blank ? std::string("a blank line") : std::to_string(cells.size())));
            continue;
        }
        bool rejected = false;
        for (std::size_t c = 0; c < columns && !rejected; ++c) {
            const int f = layout.column_field[c];
            if (f < 0) continue;
            const FieldSpec& field = fields[static_cast<std::size_t>(f)];
            const std::string_view value = cell_text(cells[c], scratch);
            Value& slot = row[static_cast<std::size_t>(f)];
            slot = Value();
            if (!parse_cell(value, field.type, options.decimal_comma, slot, reason)) {
                reject(field.name, value, std::move(reason));
                rejected = true;
            }
        }
        if (rejected) continue;
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (store[f]) append_value(chunk.fields[f], row[f], fields[f].type, pool);
        }
        if (key_field >= 0) {
            const Value& key = row[static_cast<std::size_t>(key_field)];
            part.key_valid.push_back(key.is_null() ? 0 : 1);
            part.keys += format_value(key);
            part.key_end.push_back(static_cast<std::uint32_t>(part.keys.size()));
        }
        chunk.lines.push_back(line);
        ++chunk.rows;
        ++part.rows_read;
    }
    part.end = scanner.position();
}

}  // namespace cotation::io
