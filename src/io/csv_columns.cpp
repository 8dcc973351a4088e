#include "io/csv_columns.hpp"

#include <algorithm>
#include <thread>

#include "eval/batch.hpp"
#include "io/csv_scanner.hpp"

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

namespace {

// An enumeration's declared values to their pool codes.
struct EnumCodes {
    StringIndex index;                // the distinct values, by their first place
    std::vector<std::int32_t> codes;  // pool code of each
    COTATION_ALWAYS_INLINE std::int32_t find(std::string_view text) const noexcept {
        const std::int32_t i = index.find(text);
        return i < 0 ? -1 : codes[static_cast<std::size_t>(i)];
    }
};

// What the fast path does with the cells of one column.
enum class Op : std::uint8_t {
    none,         // nothing to check or keep: a column no field reads, or a string not kept
    string,       // a string kept: interned
    boolean,
    integer,
    number,
    date,
    enumeration,
    list,
};

// How the cells of one column are read on the fast path.
struct ColumnPlan {
    Op op = Op::none;
    TypeKind kind = TypeKind::string;  // the kind of the field, or of a list's elements
    bool numeric = false;              // kind int or number (kept in num / item_num)
    bool trim = true;                  // spaces around the text ignored: every type but string
    int field = -1;                    // -1: a column no field reads
    Column* column = nullptr;          // null when the field's values are not kept
    const EnumCodes* enums = nullptr;
    // The kept column's arrays, sized for every row the part can hold (see ColumnWriter).
    std::uint8_t* valid = nullptr;
    double* num = nullptr;
    std::int32_t* code = nullptr;
    std::uint32_t* offsets = nullptr;
};

COTATION_ALWAYS_INLINE std::string_view trim(std::string_view t) noexcept {  // trim_spaces, inline
    // Most cells start and end with a byte above ' ' (so neither a space nor a tab): nothing to do.
    if (t.empty() || (static_cast<unsigned char>(t.front()) > ' ' && static_cast<unsigned char>(t.back()) > ' ')) return t;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    return t;
}

// parse_bool's answers (1, 0, or -1 when neither). A word of lower-case letters equals the text in
// any case exactly when the text with bit 0x20 set in every byte equals it: that bit only maps
// 'A'..'Z' to 'a'..'z' among the bytes that can give a lower-case letter.
COTATION_ALWAYS_INLINE int fast_bool(std::string_view t) noexcept {
    const std::size_t n = t.size();
    if (n == 1) return t[0] == '1' ? 1 : t[0] == '0' ? 0 : -1;
    if (n < 2 || n > 5) return -1;
    const std::uint64_t w = strings::pack(t.data(), n) | (0x2020202020ull & ((1ull << (8 * n)) - 1));
    // The words packed (little-endian: the first letter in the low byte).
    constexpr std::uint64_t no = 0x6F6E, oui = 0x69756F, yes = 0x736579, non = 0x6E6F6E, true_ = 0x65757274,
                            false_ = 0x65736C6166;
    switch (n) {
        case 2: return w == no ? 0 : -1;
        case 3: return w == oui || w == yes ? 1 : w == non ? 0 : -1;
        case 4: return w == true_ ? 1 : -1;
        default: return w == false_ ? 0 : -1;
    }
}

// parse_number, with its own first step (whole numbers of up to 15 digits, read exactly) done in
// place. `whole`: the value is one of those, so a whole number a double holds exactly.
[[gnu::noinline]] bool read_other_number(std::string_view t, bool decimal_comma, double& out) {
    const auto n = parse_number(t, decimal_comma);
    if (!n) return false;
    out = *n;
    return true;
}

COTATION_ALWAYS_INLINE bool read_number(std::string_view t, bool decimal_comma, double& out, bool& whole) {
    if (t.size() <= 15) {
        const bool minus = t[0] == '-';
        std::size_t i = minus ? 1 : 0;
        if (i < t.size()) {
            std::uint64_t n = 0;
            for (; i < t.size(); ++i) {
                const unsigned d = static_cast<unsigned>(t[i]) - '0';
                if (d > 9) break;
                n = n * 10 + d;
            }
            if (i == t.size()) {
                out = minus ? -static_cast<double>(n) : static_cast<double>(n);
                whole = true;
                return true;
            }
        }
    }
    whole = false;
    return read_other_number(t, decimal_comma, out);
}

// date_from_civil (Howard Hinnant's days_from_civil) for a year from 1 to 9999, inline.
COTATION_ALWAYS_INLINE std::int32_t days_from_civil(unsigned y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;  // year 0 at most: era 0
    const unsigned yoe = y % 400;
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int32_t>((y / 400) * 146097 + doe) - 719468;
}

// parse_date. A YYYY-MM-DD text is checked here with parse_iso_date's rules (year 1 to 9999, a
// real month, a day the month has); every other text goes through parse_date.
[[gnu::noinline]] bool read_other_date(std::string_view t, std::int32_t& days) {
    const auto d = parse_date(t);
    if (!d) return false;
    days = d->days;
    return true;
}

COTATION_ALWAYS_INLINE bool read_date(std::string_view t, std::int32_t& days) {
    if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
        const auto digit = [&](std::size_t i) { return static_cast<unsigned>(t[i]) - '0'; };
        const unsigned y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3);
        const unsigned m0 = digit(5), m1 = digit(6), d0 = digit(8), d1 = digit(9);
        if (y0 <= 9 && y1 <= 9 && y2 <= 9 && y3 <= 9 && m0 <= 9 && m1 <= 9 && d0 <= 9 && d1 <= 9) {  // a byte below '0' wraps around
            static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            const unsigned y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, m = m0 * 10 + m1, d = d0 * 10 + d1;
            if (y < 1 || m < 1 || m > 12 || d < 1) return false;
            if (d > 28) {
                const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                if (d > month_days[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
            }
            days = days_from_civil(y, m, d);
            return true;
        }
    }
    return read_other_date(t, days);
}

// One scalar (a cell, or a list element), already trimmed (except strings) and not empty, read into
// `num` or `code`. False when it is not a value of its type (the reason is then asked of
// parse_cell, so both readers say the same). Strings are interned only when `keep`.
COTATION_ALWAYS_INLINE bool read_scalar(std::string_view text, const ColumnPlan& plan, bool keep, bool decimal_comma, StringPool& pool,
                        double& num, std::int32_t& code) {
    switch (plan.kind) {
        case TypeKind::boolean:
            code = fast_bool(text);
            return code >= 0;
        case TypeKind::integer: {
            bool whole = false;
            if (!read_number(text, decimal_comma, num, whole)) return false;
            return whole || whole_number_problem(num).empty();
        }
        case TypeKind::number: {
            bool whole = false;
            return read_number(text, decimal_comma, num, whole);
        }
        case TypeKind::date:
            return read_date(text, code);
        case TypeKind::enumeration:
            code = plan.enums->find(text);
            return code >= 0;
        default:  // string
            if (keep) code = pool.intern(text);
            return true;
    }
}

// A list cell (trimmed, not empty): its items appended to the column when kept.
bool read_list(std::string_view cell, const ColumnPlan& plan, bool decimal_comma, StringPool& pool) {
    Column* col = plan.column;
    while (true) {
        std::size_t bar = 0;  // items are short: no memchr
        while (bar < cell.size() && cell[bar] != '|') ++bar;
        const std::string_view item = trim(cell.substr(0, bar));
        double num = 0;
        std::int32_t code = 0;
        if (item.empty() || !read_scalar(item, plan, col != nullptr, decimal_comma, pool, num, code)) return false;
        if (col) {
            if (plan.numeric) col->item_num.push_back(num);
            else col->item_code.push_back(code);
        }
        if (bar == cell.size()) return true;
        cell.remove_prefix(bar + 1);
    }
}

// Sizes the kept columns for `rows` rows (values written by index, cut to the rows read at the
// end) and points the plans at their arrays.
void size_columns(std::vector<ColumnPlan>& plans, std::size_t rows) {
    for (ColumnPlan& plan : plans) {
        Column* col = plan.column;
        if (!col) continue;
        col->valid.resize(rows);
        plan.valid = col->valid.data();
        if (plan.op == Op::list) {
            col->offsets.resize(rows + 1);
            plan.offsets = col->offsets.data();
        } else if (plan.numeric) {
            col->num.resize(rows);
            plan.num = col->num.data();
        } else {
            col->code.resize(rows);
            plan.code = col->code.data();
        }
    }
}

}  // namespace

void read_csv_part(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t first_line,
                   const CsvLayout& layout, const std::vector<FieldSpec>& fields, const ReadOptions& options,
                   const std::vector<bool>& store, int key_field, StringPool& pool, ColumnPart& part, bool at_eof) {
    ColumnChunk& chunk = part.chunk;
    chunk.fields.assign(fields.size(), Column{});
    // Every enumeration's values are interned first, in the order of the fields and of the values.
    std::vector<EnumCodes> enums(fields.size());
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if (fields[f].type.kind == TypeKind::list) chunk.fields[f].offsets.push_back(0);
        if (!fields[f].type.enum_values) continue;
        for (const std::string& v : *fields[f].type.enum_values) {
            const std::int32_t code = pool.intern(v);
            if (enums[f].index.find(v) < 0) {
                enums[f].index.add(v);
                enums[f].codes.push_back(code);
            }
        }
    }
    const std::size_t columns = layout.column_field.size();
    std::vector<ColumnPlan> plans(columns);
    std::size_t key_column = columns;  // none
    std::vector<std::size_t> kept_lists;  // columns of kept lists (their items are taken back on a reject)
    for (std::size_t c = 0; c < columns; ++c) {
        const int f = layout.column_field[c];
        if (f < 0) continue;
        const auto fi = static_cast<std::size_t>(f);
        ColumnPlan& plan = plans[c];
        const bool list = fields[fi].type.kind == TypeKind::list;
        plan.field = f;
        plan.kind = list ? fields[fi].type.element : fields[fi].type.kind;
        plan.numeric = is_numeric_kind(plan.kind);
        plan.trim = list || plan.kind != TypeKind::string;
        plan.enums = &enums[fi];
        if (store[fi]) plan.column = &chunk.fields[fi];
        if (f == key_field) key_column = c;
        switch (list ? TypeKind::list : plan.kind) {
            case TypeKind::list: plan.op = Op::list; break;
            case TypeKind::boolean: plan.op = Op::boolean; break;
            case TypeKind::integer: plan.op = Op::integer; break;
            case TypeKind::number: plan.op = Op::number; break;
            case TypeKind::date: plan.op = Op::date; break;
            case TypeKind::enumeration: plan.op = Op::enumeration; break;
            default: plan.op = store[fi] ? Op::string : Op::none; break;
        }
        if (list && plan.column) kept_lists.push_back(c);
    }
    // At most one row per line break of the part, plus one (a row that starts before `end` starts
    // at `begin` or after a line break before `end`).
    const std::size_t stop = std::min(end, text.size());
    std::size_t capacity = (begin < stop ? count_byte(text.data() + begin, stop - begin, '\n') : 0) + 1;
    size_columns(plans, capacity);
    chunk.lines.reserve(capacity);
    if (key_field >= 0) {
        part.key_end.reserve(capacity);
        part.key_valid.reserve(capacity);
    }
    CsvScanner scanner(text, layout.delimiter, begin);
    std::vector<Cell> cells;
    cells.reserve(columns + 1);
    std::vector<std::size_t> ends(columns + 1);  // the cells of a plain row (see CsvScanner::plain_cells)
    std::string scratch, reason;
    std::uint64_t line = first_line;
    std::uint64_t next_line = first_line;  // the line after the row read last
    const bool decimal_comma = options.decimal_comma;
    const auto reject = [&](std::string field, std::string_view value, std::string why) {
        part.rejected.push_back(RejectedRow{line, std::move(field), excerpt(value), std::move(why)});
        ++part.rows_read;
    };
    std::size_t rows = 0;
    bool held_back = false;  // a row the text holds only part of
    // One row's cells (cell_of(c): the text of cell c, doubled quotes read as one) into the columns,
    // or the row rejected for its first cell that is not a value of its type.
    const auto read_cells = [&](const auto& cell_of) COTATION_LAMBDA_INLINE {
        if (rows == capacity) {  // never, by the count above; kept for safety
            capacity *= 2;
            size_columns(plans, capacity);
        }
        bool key_valid = false;
        std::size_t c = 0;
        for (; c < columns; ++c) {
            const ColumnPlan& plan = plans[c];
            if (plan.field < 0) continue;
            const std::string_view value = cell_of(c);
            const std::string_view cell = plan.trim ? trim(value) : value;
            if (c == key_column) {
                part.keys.append(value);  // taken back below if the row is rejected
                key_valid = !cell.empty();
            }
            const bool keep = plan.column != nullptr;
            if (cell.empty()) {  // null
                if (keep) {
                    plan.valid[rows] = 0;
                    if (plan.op == Op::list) plan.offsets[rows + 1] = plan.offsets[rows];
                    else if (plan.numeric) plan.num[rows] = 0;
                    else plan.code[rows] = 0;
                }
                continue;
            }
            double num = 0;
            std::int32_t code = 0;
            bool ok = true;
            switch (plan.op) {
                case Op::none: continue;
                case Op::string: code = pool.intern(cell); break;
                case Op::boolean: code = fast_bool(cell); ok = code >= 0; break;
                case Op::integer: {
                    bool whole = false;
                    ok = read_number(cell, decimal_comma, num, whole) && (whole || whole_number_problem(num).empty());
                    break;
                }
                case Op::number: {
                    bool whole = false;
                    ok = read_number(cell, decimal_comma, num, whole);
                    break;
                }
                case Op::date: ok = read_date(cell, code); break;
                case Op::enumeration:
                    code = plan.enums->find(cell);
                    ok = code >= 0;
                    break;
                case Op::list:
                    ok = read_list(cell, plan, decimal_comma, pool);
                    if (ok && keep) {
                        plan.valid[rows] = 1;
                        plan.offsets[rows + 1] = static_cast<std::uint32_t>(plan.numeric ? plan.column->item_num.size() : plan.column->item_code.size());
                    }
                    if (ok) continue;
                    break;
            }
            if (!ok) break;
            if (keep) {
                plan.valid[rows] = 1;
                if (plan.numeric) plan.num[rows] = num;
                else plan.code[rows] = code;
            }
        }
        if (c < columns) {  // cell c is not a value of its type: the reader of reference words the reason
            const std::string_view value = cell_of(c);
            const FieldSpec& field = fields[static_cast<std::size_t>(plans[c].field)];
            Value ignored;
            parse_cell(value, field.type, decimal_comma, ignored, reason);
            reject(field.name, value, std::move(reason));
            for (std::size_t k : kept_lists) {  // the row's items taken back
                Column& col = *plans[k].column;
                if (plans[k].numeric) col.item_num.resize(plans[k].offsets[rows]);
                else col.item_code.resize(plans[k].offsets[rows]);
            }
            if (key_field >= 0) part.keys.resize(part.key_end.empty() ? 0 : part.key_end.back());
            return;
        }
        if (key_field >= 0) {
            part.key_valid.push_back(key_valid ? 1 : 0);
            part.key_end.push_back(static_cast<std::uint32_t>(part.keys.size()));
        }
        chunk.lines.push_back(line);
        ++rows;
        ++part.rows_read;
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
    chunk.rows = rows;
    size_columns(plans, rows);
    if (!held_back) part.end = scanner.position();
}

}  // namespace cotation::io
