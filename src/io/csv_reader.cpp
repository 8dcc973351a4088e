// CSV per RFC 4180: header row of field names, `,` or `;` delimiter, quoted cells that may hold
// delimiters, doubled quotes and line breaks. The text is scanned in place: a cell is a view into
// it, and only values that are stored as strings are copied.
#include <algorithm>
#include <cstring>

#include "cotation/table.hpp"
#include "io/cell_parse.hpp"

namespace cotation {

namespace {

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
    CsvScanner(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

    bool done() const { return pos_ >= text_.size(); }
    std::size_t position() const { return pos_; }

    // Reads the row that starts at the current position; moves past its line break.
    RowStatus next_row(std::vector<Cell>& cells) {
        cells.clear();
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
    std::size_t pos_ = 0;
};

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
std::string_view cell_text(const Cell& cell, std::string& scratch) {
    if (!cell.escaped) return cell.text;
    scratch.clear();
    for (std::size_t i = 0; i < cell.text.size(); ++i) {
        scratch += cell.text[i];
        if (cell.text[i] == '"') ++i;  // the second quote of a pair
    }
    return scratch;
}

// `,` or `;`, whichever the header line (outside quotes) holds more of.
char detect_delimiter(std::string_view text, bool decimal_comma) {
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
std::string_view row_text(std::string_view text, std::size_t start, std::size_t end) {
    std::string_view row = text.substr(start, end - start);
    if (!row.empty() && row.back() == '\n') row.remove_suffix(1);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    return row;
}

// Maps header columns to declared fields: column_field[c] is the field index, or -1 when ignored.
// Returns an error when a declared field has no column or a column appears twice.
std::string map_columns(const std::vector<Cell>& header, const std::vector<FieldSpec>& fields,
                        std::vector<int>& column_field, std::vector<std::string>& warnings) {
    column_field.assign(header.size(), -1);
    std::vector<bool> found(fields.size(), false);
    std::vector<std::string> ignored;
    std::string scratch;
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string_view name = io::trim_spaces(cell_text(header[c], scratch));
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
    if (!missing.empty()) return io::missing_columns_error(missing);
    if (!ignored.empty()) warnings.push_back(io::ignored_columns_warning(ignored));
    return {};
}

}  // namespace

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
    const auto append_cell = [&out](std::string_view cell) {
        // `;` too, so that the file reads the same when a spreadsheet guesses a `;` delimiter.
        if (cell.find_first_of(",;\"\r\n") == std::string_view::npos) {
            out += cell;
            return;
        }
        out += '"';
        for (char c : cell) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    };
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
