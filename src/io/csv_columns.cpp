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

namespace {

// How one field's cells are read on the fast path.
struct FieldPlan {
    TypeKind kind = TypeKind::string;      // for lists: the element kind
    bool list = false;
    bool store = false;
    std::vector<std::pair<std::string, std::int32_t>> enum_codes;  // value -> pool code
};

// One cell's value, staged until the whole row is known to be good.
struct Staged {
    double num = 0;
    std::int32_t code = 0;
    std::uint8_t valid = 0;
    std::uint32_t items_begin = 0, items_end = 0;
};


// The same answers as parse_bool, without its loop.
inline int fast_bool(std::string_view t) {
    switch (t.size()) {
        case 1: return t[0] == '1' ? 1 : t[0] == '0' ? 0 : -1;
        case 2: return equals_ignoring_case(t, "no") ? 0 : -1;
        case 3: return equals_ignoring_case(t, "oui") || equals_ignoring_case(t, "yes") ? 1 : equals_ignoring_case(t, "non") ? 0 : -1;
        case 4: return equals_ignoring_case(t, "true") ? 1 : -1;
        case 5: return equals_ignoring_case(t, "false") ? 0 : -1;
        default: return -1;
    }
}

// One scalar (a cell, or a list element), already trimmed and not empty. False when it is not a
// value of its type (the reason is then asked of parse_cell, so both readers say the same).
inline bool scalar_value(std::string_view text, TypeKind kind, const FieldPlan& plan, bool decimal_comma, StringPool& pool,
                         double& num, std::int32_t& code) {
    switch (kind) {
        case TypeKind::boolean: {
            const int b = fast_bool(text);
            code = b;
            return b >= 0;
        }
        case TypeKind::integer: {
            const auto n = parse_number(text, decimal_comma);
            if (!n || !whole_number_problem(*n).empty()) return false;
            num = *n;
            return true;
        }
        case TypeKind::number: {
            const auto n = parse_number(text, decimal_comma);
            if (!n) return false;
            num = *n;
            return true;
        }
        case TypeKind::date: {
            const auto d = parse_date(text);
            if (!d) return false;
            code = d->days;
            return true;
        }
        case TypeKind::enumeration:
            for (const auto& [value, c] : plan.enum_codes)
                if (value == text) {
                    code = c;
                    return true;
                }
            return false;
        default:  // string
            if (plan.store) code = pool.intern(text);
            return true;
    }
}

}  // namespace

void read_csv_part(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t first_line,
                   const CsvLayout& layout, const std::vector<FieldSpec>& fields, const ReadOptions& options,
                   const std::vector<bool>& store, int key_field, StringPool& pool, ColumnPart& part, bool at_eof) {
    ColumnChunk& chunk = part.chunk;
    chunk.fields.assign(fields.size(), Column{});
    std::vector<FieldPlan> plans(fields.size());
    for (std::size_t f = 0; f < fields.size(); ++f) {
        FieldPlan& plan = plans[f];
        plan.list = fields[f].type.kind == TypeKind::list;
        plan.kind = plan.list ? fields[f].type.element : fields[f].type.kind;
        plan.store = store[f];
        if (fields[f].type.enum_values)
            for (const std::string& v : *fields[f].type.enum_values) plan.enum_codes.emplace_back(v, pool.intern(v));
        if (plan.list) chunk.fields[f].offsets.push_back(0);
    }
    CsvScanner scanner(text, layout.delimiter, begin);
    std::vector<Cell> cells;
    std::vector<Staged> staged(fields.size());
    std::vector<double> item_num;
    std::vector<std::int32_t> item_code;
    std::string scratch, reason;
    std::uint64_t line = first_line;
    std::uint64_t next_line = first_line;  // the line after the row read last
    const std::size_t columns = layout.column_field.size();
    const auto reject = [&](std::string field, std::string_view value, std::string why) {
        part.rejected.push_back(RejectedRow{line, std::move(field), excerpt(value), std::move(why)});
        ++part.rows_read;
    };
    while (scanner.position() < end) {
        const std::size_t start = scanner.position();
        if (end == text.size() && is_blank(text.substr(start))) break;  // blank lines at the very end
        line = next_line;
        const RowStatus status = scanner.next_row(cells);
        // A row spans one line, or more when a quoted cell holds line breaks.
        const bool multiline = std::any_of(cells.begin(), cells.end(), [](const Cell& c) { return c.quoted; });
        next_line = line + (multiline ? static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(start),
                                                                              text.begin() + static_cast<std::ptrdiff_t>(scanner.position()), '\n'))
                                      : 1);
        if (status == RowStatus::unterminated_quote && !at_eof) {
            part.end = start;  // the rest of this row is in the next block
            return;
        }
        const std::string_view raw = row_text(text, start, scanner.position());
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
        item_num.clear();
        item_code.clear();
        bool rejected = false;
        std::string_view key_text;
        for (std::size_t c = 0; c < columns && !rejected; ++c) {
            const int f = layout.column_field[c];
            if (f < 0) continue;
            const FieldPlan& plan = plans[static_cast<std::size_t>(f)];
            std::string_view value = cell_text(cells[c], scratch);
            if (f == key_field) {
                part.keys.append(value);  // taken back below if the row is rejected
                key_text = value;
            }
            Staged& out = staged[static_cast<std::size_t>(f)];
            out = Staged{};
            std::string_view cell = plan.kind == TypeKind::string && !plan.list ? value : trim_spaces(value);
            if (cell.empty()) continue;  // null
            bool ok = true;
            if (!plan.list) {
                ok = scalar_value(cell, plan.kind, plan, options.decimal_comma, pool, out.num, out.code);
            } else {
                out.items_begin = static_cast<std::uint32_t>(is_numeric_kind(plan.kind) ? item_num.size() : item_code.size());
                while (ok) {
                    const std::size_t bar = cell.find('|');
                    const std::string_view item = trim_spaces(cell.substr(0, bar));
                    double num = 0;
                    std::int32_t code = 0;
                    ok = !item.empty() && scalar_value(item, plan.kind, plan, options.decimal_comma, pool, num, code);
                    if (is_numeric_kind(plan.kind)) item_num.push_back(num);
                    else item_code.push_back(code);
                    if (bar == std::string_view::npos) break;
                    cell.remove_prefix(bar + 1);
                }
                out.items_end = static_cast<std::uint32_t>(is_numeric_kind(plan.kind) ? item_num.size() : item_code.size());
            }
            if (!ok) {
                // The reader of reference words the reason.
                Value ignored;
                parse_cell(value, fields[static_cast<std::size_t>(f)].type, options.decimal_comma, ignored, reason);
                reject(fields[static_cast<std::size_t>(f)].name, value, std::move(reason));
                rejected = true;
                break;
            }
            out.valid = 1;
        }
        if (rejected) {
            if (!key_text.empty() || key_field >= 0) part.keys.resize(part.key_end.empty() ? 0 : part.key_end.back());
            continue;
        }
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (!plans[f].store) continue;
            const Staged& v = staged[f];
            Column& col = chunk.fields[f];
            col.valid.push_back(v.valid);
            if (plans[f].list) {
                if (is_numeric_kind(plans[f].kind)) col.item_num.insert(col.item_num.end(), item_num.begin() + v.items_begin, item_num.begin() + v.items_end);
                else col.item_code.insert(col.item_code.end(), item_code.begin() + v.items_begin, item_code.begin() + v.items_end);
                col.offsets.push_back(static_cast<std::uint32_t>(is_numeric_kind(plans[f].kind) ? col.item_num.size() : col.item_code.size()));
            } else if (is_numeric_kind(plans[f].kind)) {
                col.num.push_back(v.num);
            } else {
                col.code.push_back(v.code);
            }
        }
        if (key_field >= 0) {
            part.key_valid.push_back(staged[static_cast<std::size_t>(key_field)].valid);
            part.key_end.push_back(static_cast<std::uint32_t>(part.keys.size()));
        }
        chunk.lines.push_back(line);
        ++chunk.rows;
        ++part.rows_read;
    }
    part.end = scanner.position();
}

}  // namespace cotation::io
