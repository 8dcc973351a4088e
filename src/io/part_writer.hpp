// Writing a part's rows into typed columns, cell by cell, with exactly the row reader's rules: the
// fast path's readers (CSV, JSON Lines) find each row's cells and hand their text to a PartWriter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "core/calendar.hpp"
#include "core/columns.hpp"
#include "io/cell_parse.hpp"
#include "io/csv_columns.hpp"

namespace cotation::io::detail {

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
    // The kept column's arrays, sized for every row the part can hold (see PartWriter).
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
[[gnu::noinline]] inline bool read_other_number(std::string_view t, bool decimal_comma, double& out) {
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

// parse_date. A YYYY-MM-DD text is checked here with parse_iso_date's rules (year 1 to 9999, a
// real month, a day the month has); every other text goes through parse_date.
[[gnu::noinline]] inline bool read_other_date(std::string_view t, std::int32_t& days) {
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
inline bool read_list(std::string_view cell, const ColumnPlan& plan, bool decimal_comma, StringPool& pool) {
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
inline void size_columns(std::vector<ColumnPlan>& plans, std::size_t rows) {
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

// A part's columns, written a row at a time. Columns of the rows (CSV columns, or fields for JSON
// Lines) map to fields through `column_field` (-1: a column no field reads).
class PartWriter {
public:
    PartWriter(const std::vector<int>& column_field, const std::vector<FieldSpec>& fields, const std::vector<bool>& store,
               int key_field, bool decimal_comma, std::size_t capacity, StringPool& pool, ColumnPart& part)
        : fields_(fields), key_field_(key_field), decimal_comma_(decimal_comma), capacity_(capacity), pool_(pool), part_(part),
          enums_(fields.size()), plans_(column_field.size()), key_column_(column_field.size()) {
        ColumnChunk& chunk = part.chunk;
        chunk.fields.assign(fields.size(), Column{});
        // Every enumeration's values are interned first, in the order of the fields and of the values.
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (fields[f].type.kind == TypeKind::list) chunk.fields[f].offsets.push_back(0);
            if (!fields[f].type.enum_values) continue;
            for (const std::string& v : *fields[f].type.enum_values) {
                const std::int32_t code = pool.intern(v);
                if (enums_[f].index.find(v) < 0) {
                    enums_[f].index.add(v);
                    enums_[f].codes.push_back(code);
                }
            }
        }
        for (std::size_t c = 0; c < column_field.size(); ++c) {
            const int f = column_field[c];
            if (f < 0) continue;
            const auto fi = static_cast<std::size_t>(f);
            ColumnPlan& plan = plans_[c];
            const bool list = fields[fi].type.kind == TypeKind::list;
            plan.field = f;
            plan.kind = list ? fields[fi].type.element : fields[fi].type.kind;
            plan.numeric = is_numeric_kind(plan.kind);
            plan.trim = list || plan.kind != TypeKind::string;
            plan.enums = &enums_[fi];
            if (store[fi]) plan.column = &chunk.fields[fi];
            if (f == key_field) key_column_ = c;
            switch (list ? TypeKind::list : plan.kind) {
                case TypeKind::list: plan.op = Op::list; break;
                case TypeKind::boolean: plan.op = Op::boolean; break;
                case TypeKind::integer: plan.op = Op::integer; break;
                case TypeKind::number: plan.op = Op::number; break;
                case TypeKind::date: plan.op = Op::date; break;
                case TypeKind::enumeration: plan.op = Op::enumeration; break;
                default: plan.op = store[fi] ? Op::string : Op::none; break;
            }
            if (list && plan.column) kept_lists_.push_back(c);
        }
        size_columns(plans_, capacity_);
        chunk.lines.reserve(capacity_);
        if (key_field >= 0) {
            part.key_end.reserve(capacity_);
            part.key_valid.reserve(capacity_);
        }
    }
    PartWriter(const PartWriter&) = delete;
    PartWriter& operator=(const PartWriter&) = delete;

    // One row's cells (cell_of(c): the text of column c, empty for null) into the columns. Returns
    // the number of columns when the row is written, otherwise the first column whose cell is not a
    // value of its type (nothing of the row is kept).
    template <typename CellOf>
    COTATION_ALWAYS_INLINE std::size_t write(const CellOf& cell_of, std::uint64_t line) {
        if (rows_ == capacity_) grow();
        const std::size_t columns = plans_.size();
        bool key_valid = false;
        std::size_t c = 0;
        for (; c < columns; ++c) {
            const ColumnPlan& plan = plans_[c];
            if (plan.field < 0) continue;
            const std::string_view value = cell_of(c);
            const std::string_view cell = plan.trim ? trim(value) : value;
            if (c == key_column_) {
                part_.keys.append(value);  // taken back below if the row is rejected
                key_valid = !cell.empty();
            }
            const bool keep = plan.column != nullptr;
            if (cell.empty()) {  // null
                if (keep) set_null(plan);
                continue;
            }
            double num = 0;
            std::int32_t code = 0;
            bool ok = true;
            switch (plan.op) {
                case Op::none: continue;
                case Op::string: code = pool_.intern(cell); break;
                case Op::boolean: code = fast_bool(cell); ok = code >= 0; break;
                case Op::integer: {
                    bool whole = false;
                    ok = read_number(cell, decimal_comma_, num, whole) && (whole || whole_number_problem(num).empty());
                    break;
                }
                case Op::number: {
                    bool whole = false;
                    ok = read_number(cell, decimal_comma_, num, whole);
                    break;
                }
                case Op::date: ok = read_date(cell, code); break;
                case Op::enumeration:
                    code = plan.enums->find(cell);
                    ok = code >= 0;
                    break;
                case Op::list:
                    ok = read_list(cell, plan, decimal_comma_, pool_);
                    if (ok && keep) end_list(plan);
                    if (ok) continue;
                    break;
            }
            if (!ok) break;
            if (keep) {
                plan.valid[rows_] = 1;
                if (plan.numeric) plan.num[rows_] = num;
                else plan.code[rows_] = code;
            }
        }
        if (c < columns) {
            take_back_items();
            return c;
        }
        end_row(key_valid, line);
        return columns;
    }

    // A row of values read by the reader of reference (`key_text`: the key as written).
    void write_values(const std::vector<Value>& row, std::string_view key_text, std::uint64_t line) {
        if (rows_ == capacity_) grow();
        for (const ColumnPlan& plan : plans_) {
            if (plan.field < 0 || !plan.column) continue;
            const Value& value = row[static_cast<std::size_t>(plan.field)];
            if (value.is_null()) {
                set_null(plan);
                continue;
            }
            if (plan.op == Op::list) {
                for (const Value& item : *value.as_list()) {
                    if (plan.numeric) plan.column->item_num.push_back(*item.as_number());
                    else plan.column->item_code.push_back(scalar_code(item));
                }
                end_list(plan);
                continue;
            }
            plan.valid[rows_] = 1;
            if (plan.numeric) plan.num[rows_] = *value.as_number();
            else plan.code[rows_] = scalar_code(value);
        }
        bool key_valid = false;
        if (key_field_ >= 0) {
            part_.keys.append(key_text);
            key_valid = !row[static_cast<std::size_t>(key_field_)].is_null();
        }
        end_row(key_valid, line);
    }

    // The field a column feeds, for the reasons of rejected rows.
    const FieldSpec& field_of(std::size_t column) const { return fields_[static_cast<std::size_t>(plans_[column].field)]; }

    // Cuts the columns to the rows written.
    void finish() {
        part_.chunk.rows = rows_;
        size_columns(plans_, rows_);
    }

private:
    void grow() {  // never when the capacity was counted from the part's lines; kept for safety
        capacity_ *= 2;
        size_columns(plans_, capacity_);
    }
    // A list's items are appended: the row ends where they end.
    void end_list(const ColumnPlan& plan) {
        plan.valid[rows_] = 1;
        plan.offsets[rows_ + 1] = static_cast<std::uint32_t>(plan.numeric ? plan.column->item_num.size() : plan.column->item_code.size());
    }
    void set_null(const ColumnPlan& plan) {
        plan.valid[rows_] = 0;
        if (plan.op == Op::list) plan.offsets[rows_ + 1] = plan.offsets[rows_];
        else if (plan.numeric) plan.num[rows_] = 0;
        else plan.code[rows_] = 0;
    }
    std::int32_t scalar_code(const Value& v) {
        if (const bool* b = v.as_bool()) return *b ? 1 : 0;
        if (const Date* d = v.as_date()) return d->days;
        return pool_.intern(*v.as_string());
    }
    void take_back_items() {  // the row's list items and key, after a cell that is not a value
        for (std::size_t k : kept_lists_) {
            Column& col = *plans_[k].column;
            if (plans_[k].numeric) col.item_num.resize(plans_[k].offsets[rows_]);
            else col.item_code.resize(plans_[k].offsets[rows_]);
        }
        if (key_field_ >= 0) part_.keys.resize(part_.key_end.empty() ? 0 : part_.key_end.back());
    }
    void end_row(bool key_valid, std::uint64_t line) {
        if (key_field_ >= 0) {
            part_.key_valid.push_back(key_valid ? 1 : 0);
            part_.key_end.push_back(static_cast<std::uint32_t>(part_.keys.size()));
        }
        part_.chunk.lines.push_back(line);
        ++rows_;
        ++part_.rows_read;
    }

    const std::vector<FieldSpec>& fields_;
    int key_field_;
    bool decimal_comma_;
    std::size_t capacity_;
    StringPool& pool_;
    ColumnPart& part_;
    std::vector<EnumCodes> enums_;
    std::vector<ColumnPlan> plans_;
    std::size_t key_column_;               // none: plans_.size()
    std::vector<std::size_t> kept_lists_;  // columns of kept lists (their items are taken back on a reject)
    std::size_t rows_ = 0;
};

}  // namespace cotation::io::detail
