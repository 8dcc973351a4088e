// CSV per RFC 4180: header row of field names, `,` or `;` delimiter, quoted cells that may hold
// delimiters, doubled quotes and line breaks. The text is scanned in place: a cell is a view into
// it, and only values that are stored as strings are copied.
#include <algorithm>
#include <cstring>

#include "cotation/table.hpp"
#include "io/cell_parse.hpp"
#include "io/csv_quote.hpp"
#include "io/csv_scanner.hpp"

namespace cotation {

using io::Cell;
using io::CsvScanner;
using io::LineCounter;
using io::RowStatus;
using io::cell_text;
using io::detect_delimiter;
using io::map_columns;
using io::row_text;


ReadResult read_csv_text(std::string_view text, const std::vector<FieldSpec>& fields, const ReadOptions& options) {
    ReadResult result;
    DataTable& table = result.table;
    table.fields = fields;
    result.error = io::check_fields(fields);
    if (!result.error.empty()) return result;

    text = io::skip_bom(text);
    if (io::is_blank(text)) {
        result.error = "empty file: no header row";
        return result;
    }
    const char delimiter = options.delimiter ? options.delimiter : detect_delimiter(text, options.decimal_comma);
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
        result.error = "invalid delimiter: a quote or a line break cannot separate cells";
        return result;
    }

    CsvScanner scanner(text, delimiter);
    std::vector<Cell> cells;
    switch (scanner.next_row(cells)) {
        case RowStatus::ok: break;
        case RowStatus::unterminated_quote: result.error = "header row: unterminated quoted cell"; return result;
        case RowStatus::text_after_quote: result.error = "header row: unexpected text after a closing quote"; return result;
    }
    std::vector<int> column_field;
    result.error = map_columns(cells, fields, column_field, table.warnings);
    if (!result.error.empty()) return result;

    const std::size_t columns = column_field.size();
    const auto line_breaks = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    table.rows.reserve(line_breaks + 1);  // at most one row per line: spares regrowing millions of rows
    table.row_lines.reserve(line_breaks + 1);
    LineCounter lines(text);
    std::string scratch;
    std::string reason;
    while (!scanner.done()) {
        const std::size_t start = scanner.position();
        if (io::is_blank(text.substr(start))) break;  // blank lines at the very end are not rows
        const std::uint64_t line = lines.line_at(start);
        const RowStatus status = scanner.next_row(cells);
        const std::string_view raw = row_text(text, start, scanner.position());

        if (status == RowStatus::unterminated_quote) {
            io::add_reject(table, line, {}, raw, "unterminated quoted cell");
            continue;
        }
        if (status == RowStatus::text_after_quote) {
            io::add_reject(table, line, {}, raw, "unexpected text after a closing quote");
            continue;
        }
        if (cells.size() != columns) {
            const bool blank = cells.size() == 1 && !cells[0].quoted && io::trim_spaces(cells[0].text).empty();
            io::add_reject(table, line, {}, raw,
                           "expected " + std::to_string(columns) + " cells, found " +
                               (blank ? std::string("a blank line") : std::to_string(cells.size())));
            continue;
        }

        std::vector<Value> row(fields.size());
        bool rejected = false;
        for (std::size_t c = 0; c < columns && !rejected; ++c) {
            const int f = column_field[c];
            if (f < 0) continue;
            const FieldSpec& field = fields[static_cast<std::size_t>(f)];
            const std::string_view value = cell_text(cells[c], scratch);
            if (!io::parse_cell(value, field.type, options.decimal_comma, row[static_cast<std::size_t>(f)], reason)) {
                io::add_reject(table, line, field.name, value, std::move(reason));
                rejected = true;
            }
        }
        if (!rejected) io::add_row(table, std::move(row), line);
    }
    return result;
}

std::string rejects_csv(const std::vector<RejectedRow>& rejected) {
    std::string out = "line,field,value,reason\n";
    const auto append_cell = [&out](std::string_view cell) { io::append_csv_cell(out, cell); };
    for (const RejectedRow& row : rejected) {
        out += std::to_string(row.line);
        out += ',';
        append_cell(row.field);
        out += ',';
        append_cell(row.value);
        out += ',';
        append_cell(row.reason);
        out += '\n';
    }
    return out;
}

}  // namespace cotation
