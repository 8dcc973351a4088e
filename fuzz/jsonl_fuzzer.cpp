// libFuzzer target: the fast path's JSON Lines reader (io::read_jsonl_part) against the reader of
// reference (read_jsonl_text) on arbitrary bytes, with a fixed schema holding every type a data file
// can hold. Never crashes; both give the same rows (value by value), the same rejected lines with
// the same reasons, and the same keys no field declares.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "eval/batch.hpp"
#include "io/cell_parse.hpp"
#include "io/jsonl_columns.hpp"
#include "schema.hpp"

namespace {

using fuzz::schema;

[[noreturn]] void fail(const char* what, std::size_t row = 0, std::size_t field = 0) {
    std::fprintf(stderr, "jsonl_fuzzer: %s (row %zu, field %zu)\n", what, row, field);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto& fields = schema();
    const cotation::ReadResult reference = cotation::read_jsonl_text(text, fields);
    const cotation::DataTable& t = reference.table;

    cotation::StringPool pool;
    cotation::io::ColumnPart part;
    std::vector<std::string> ignored;
    const std::string_view body = cotation::io::skip_bom(text);
    cotation::io::read_jsonl_part(text, text.size() - body.size(), text.size(), 1, fields, std::vector<bool>(fields.size(), true), 0,
                                  pool, part, ignored);

    if (part.rows_read != t.rows_read) fail("rows read differ");
    if (part.chunk.rows != t.rows.size()) fail("rows differ");
    if (part.rejected.size() != t.rejected.size()) fail("rejected lines differ");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        if (part.chunk.lines[r] != t.row_lines[r]) fail("row lines differ", r);
        for (std::size_t f = 0; f < fields.size(); ++f) {
            const cotation::Value v = cotation::value_at(cotation::view_of(part.chunk.fields[f], 0), r, fields[f].type, pool);
            if (!(v == t.rows[r][f])) fail("values differ", r, f);
        }
    }
    std::string keys;  // the key (id, a string) of each row, as the reference formats it
    for (const auto& row : t.rows)
        if (!row[0].is_null()) keys += cotation::format_value(row[0]);
    if (part.keys != keys) fail("keys differ");
    for (std::size_t r = 0; r < t.rejected.size(); ++r) {
        const cotation::RejectedRow &a = part.rejected[r], &b = t.rejected[r];
        if (a.line != b.line || a.field != b.field || a.value != b.value || a.reason != b.reason) fail("rejected lines differ", r);
    }
    const std::vector<std::string> warnings =
        ignored.empty() ? std::vector<std::string>{} : std::vector<std::string>{cotation::io::ignored_columns_warning(ignored)};
    if (warnings != t.warnings) fail("warnings differ");
    return 0;
}
