// libFuzzer target: the CSV reader on arbitrary bytes, with a fixed schema holding every type a
// data file can hold. Never crashes; rows_read == rows.size() + rejected.size(); nothing is read
// when there is an error; every row has one value per field, null or of the field's type; rows
// and rejects are in file order.
//
// An input whose first byte is 0x01..0x07 uses it for the read options (bit 0: decimal comma;
// bits 1-2: delimiter detected, ';', tab or '|'); any other input is read with the defaults, so
// that a seed is a plain CSV file.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "cotation/value.hpp"
#include "schema.hpp"

namespace {

using cotation::Type;
using cotation::TypeKind;
using cotation::Value;
using fuzz::letters;
using fuzz::schema;

[[noreturn]] void fail(const char* what, std::size_t row = 0, std::size_t field = 0) {
    std::fprintf(stderr, "csv_fuzzer: %s (row %zu, field %zu)\n", what, row, field);
    std::abort();
}

bool is_enum_value(const Value& v) {
    const std::string* s = v.as_string();
    if (!s) return false;
    for (const std::string& l : letters)
        if (*s == l) return true;
    return false;
}

bool scalar_fits(const Value& v, TypeKind kind) {
    switch (kind) {
        case TypeKind::string: return v.as_string() != nullptr;
        case TypeKind::boolean: return v.as_bool() != nullptr;
        case TypeKind::integer: {
            const double* d = v.as_number();
            return d && std::trunc(*d) == *d && std::fabs(*d) <= 9007199254740992.0;
        }
        case TypeKind::number: return v.as_number() && std::isfinite(*v.as_number());
        case TypeKind::date: return v.as_date() != nullptr;
        case TypeKind::enumeration: return is_enum_value(v);
        default: return false;
    }
}

bool fits(const Value& v, const Type& type) {
    if (v.is_null()) return true;
    if (type.kind != TypeKind::list) return scalar_fits(v, type.kind);
    const cotation::List* list = v.as_list();
    if (!list || list->empty()) return false;
    for (const Value& item : *list)
        if (!scalar_fits(item, type.element)) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    cotation::ReadOptions options;
    if (!text.empty() && text[0] >= 1 && text[0] <= 7) {
        const int bits = text[0];
        options.decimal_comma = bits & 1;
        static constexpr char delimiters[] = {0, ';', '\t', '|'};
        options.delimiter = delimiters[(bits >> 1) & 3];
        text.remove_prefix(1);
    }
    const auto& fields = schema();
    const cotation::ReadResult result = cotation::read_csv_text(text, fields, options);
    const cotation::DataTable& t = result.table;

    if (t.rows_read != t.rows.size() + t.rejected.size()) fail("rows_read != rows + rejected");
    if (!result.ok() && t.rows_read != 0) fail("rows read despite an error");
    if (t.row_lines.size() != t.rows.size()) fail("row_lines and rows differ in size");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        if (t.rows[r].size() != fields.size()) fail("row without one value per field", r);
        for (std::size_t f = 0; f < fields.size(); ++f)
            if (!fits(t.rows[r][f], fields[f].type)) fail("value not of its field's type", r, f);
        if (t.row_lines[r] < 2 || (r > 0 && t.row_lines[r] <= t.row_lines[r - 1])) fail("row lines not increasing from 2", r);
    }
    for (std::size_t r = 0; r < t.rejected.size(); ++r) {
        const cotation::RejectedRow& reject = t.rejected[r];
        if (reject.reason.empty()) fail("reject without a reason", r);
        if (reject.line < 2 || (r > 0 && reject.line <= t.rejected[r - 1].line)) fail("reject lines not increasing from 2", r);
    }
    (void)cotation::rejects_csv(t.rejected);
    return 0;
}
