// The columnar JSON Lines reader (io/jsonl_columns.hpp): plain lines are read by its own scanner,
// every other line by the reader of reference, and both give what read_jsonl_text gives.
#include <gtest/gtest.h>

#include "eval/batch.hpp"
#include "io/jsonl_columns.hpp"

namespace cotation {
namespace {

std::vector<FieldSpec> fields() {
    return {{"id", Type{TypeKind::string}},        {"ok", Type{TypeKind::boolean}},
            {"size", Type{TypeKind::integer}},     {"income", Type{TypeKind::number}},
            {"born", Type{TypeKind::date}},        {"typology", Type::enumeration({"T1", "T2", "T3"})},
            {"motifs", Type::list_of(TypeKind::string)}, {"ages", Type::list_of(TypeKind::integer)}};
}

struct Read {
    StringPool pool;
    io::ColumnPart part;
    std::vector<std::string> ignored;
};

std::unique_ptr<Read> read(std::string_view text) {
    auto r = std::make_unique<Read>();
    const std::vector<FieldSpec> f = fields();
    io::read_jsonl_part(text, 0, text.size(), 1, f, std::vector<bool>(f.size(), true), 0, r->pool, r->part, r->ignored);
    return r;
}

// The rows of a part, as the reader of reference would give them.
std::vector<std::vector<Value>> rows_of(const Read& r) {
    const std::vector<FieldSpec> f = fields();
    std::vector<std::vector<Value>> rows;
    for (std::size_t i = 0; i < r.part.chunk.rows; ++i) {
        std::vector<Value> row;
        for (std::size_t k = 0; k < f.size(); ++k) row.push_back(value_at(view_of(r.part.chunk.fields[k], 0), i, f[k].type, r.pool));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<std::vector<Value>> reference_rows(std::string_view text) {
    ReadResult result = read_jsonl_text(text, fields());
    return result.table.rows;
}

TEST(JsonlColumns, PlainLinesAreReadWithoutTheReference) {
    const std::string text =
        "{\"id\": \"D1\", \"ok\": true, \"size\": 3, \"income\": 1234.5, \"born\": \"1980-02-29\", \"typology\": \"T2\", "
        "\"motifs\": [\"05\", \"06\"], \"ages\": [34, 5]}\n"
        "{\"id\":\"D2\",\"ok\":\"oui\",\"size\":null,\"income\":1e3,\"born\":\"29/02/1980\",\"motifs\":\"03|08\",\"ages\":[0]}\r\n"
        "\n"
        "  {\"id\": \"Saint-Étienne\", \"ok\": 0, \"income\": -0.0, \"size\": \"  \"}  \n";
    const auto r = read(text);
    EXPECT_EQ(r->part.read_by_reference, 0u);
    EXPECT_EQ(r->part.rows_read, 3u);
    EXPECT_EQ(r->part.chunk.lines, (std::vector<std::uint64_t>{1, 2, 4}));
    EXPECT_EQ(r->part.keys, "D1D2Saint-Étienne");
    EXPECT_EQ(rows_of(*r), reference_rows(text));
    EXPECT_EQ(rows_of(*r)[0][6], Value(List{Value(std::string("05")), Value(std::string("06"))}));
}

TEST(JsonlColumns, OtherLinesAreReadByTheReferenceWithItsReasons) {
    const std::string text =
        "{\"id\": \"a\\\"b\", \"size\": 2}\n"          // an escape: the reference reads it
        "{\"id\": \"E1\", \"size\": -0}\n"             // the integer -0 is +0 to the reference
        "{\"id\": \"E2\", \"motifs\": []}\n"           // an empty list, not null
        "{\"id\": \"E3\", \"size\": \"12\"}\n"         // a string for a number: refused
        "{\"id\": \"E4\", \"ok\": 2}\n"                // not a boolean
        "{\"id\": \"E5\", \"id\": \"E6\"}\n"           // a key twice: the last one
        "{\"id\": \"E7\", \"size\": 01}\n"             // not JSON
        "[1, 2]\n"                                     // not an object
        "{\"id\": \"E8\", \"motifs\": [\"a\", \"\"]}\n"  // an empty element
        "{\"id\": \"E9\", \"zz\": {\"nested\": 1}, \"aa\": 1}\n";  // keys no field declares
    const auto r = read(text);
    EXPECT_EQ(r->part.read_by_reference, 10u);
    const ReadResult reference = read_jsonl_text(text, fields());
    EXPECT_EQ(rows_of(*r), reference.table.rows);
    EXPECT_EQ(r->part.rows_read, reference.table.rows_read);
    ASSERT_EQ(r->part.rejected.size(), reference.table.rejected.size());
    ASSERT_EQ(r->part.rejected.size(), 5u);
    for (std::size_t k = 0; k < r->part.rejected.size(); ++k) {
        EXPECT_EQ(r->part.rejected[k].line, reference.table.rejected[k].line);
        EXPECT_EQ(r->part.rejected[k].field, reference.table.rejected[k].field);
        EXPECT_EQ(r->part.rejected[k].reason, reference.table.rejected[k].reason);
    }
    EXPECT_EQ(r->part.rejected[0].reason, "expected a whole number, found a string");
    EXPECT_EQ(r->part.keys, "a\"bE1E2E6E9");
    EXPECT_EQ(r->ignored, (std::vector<std::string>{"aa", "zz"}));  // in the order of their names, as the reference meets them
}

TEST(JsonlColumns, LongStringsAreScannedSixteenBytesAtATime) {
    // Quotes, escapes, control characters and non-ASCII bytes before, at and after a 16-byte edge.
    const std::string text =
        "{\"id\": \"0123456789abcdefghijklmnopqrstuv\", \"typology\": \"T1\"}\n"
        "{\"id\": \"0123456789abcdefghijklmn\\u00e9\"}\n"
        "{\"id\": \"0123456789abcdef\tghijklmnopqrstuv\"}\n"
        "{\"id\": \"0123456789abcdefghijklmnopqrstu\xc3\xa9\"}\n"
        "{\"id\": \"0123456789abcdefghijklmnopqrstu\xc3\"}\n"
        "{\"id\": \"0123456789abcdefghijkl\\\"mnopqrstuv\"}\n";
    const auto r = read(text);
    EXPECT_EQ(r->part.read_by_reference, 4u);  // the escapes, the tab and the broken UTF-8
    const ReadResult reference = read_jsonl_text(text, fields());
    EXPECT_EQ(rows_of(*r), reference.table.rows);
    ASSERT_EQ(r->part.rejected.size(), 2u);  // the tab and the broken UTF-8
    EXPECT_EQ(r->part.rejected[0].reason, reference.table.rejected[0].reason);
    EXPECT_EQ(r->part.rejected[1].reason, reference.table.rejected[1].reason);
    EXPECT_EQ(r->part.keys, "0123456789abcdefghijklmnopqrstuv0123456789abcdefghijklmné0123456789abcdefghijklmnopqrstué"
                            "0123456789abcdefghijkl\"mnopqrstuv");
}

TEST(JsonlColumns, UnknownKeysOfPlainLinesInTheOrderOfTheReference) {
    const std::string text = "{\"id\": \"A\", \"zz\": 1, \"bb\": [1, \"x\"]}\n{\"id\": \"B\", \"cc\": null, \"zz\": 2}\n";
    const auto r = read(text);
    EXPECT_EQ(r->part.read_by_reference, 0u);
    EXPECT_EQ(r->ignored, (std::vector<std::string>{"bb", "zz", "cc"}));
    EXPECT_EQ(read_jsonl_text(text, fields()).table.warnings,
              (std::vector<std::string>{"ignored columns not declared in the policy: bb, zz, cc"}));
}

TEST(JsonlColumns, LinesSplitAtLineBreaks) {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "{\"id\": \"D" + std::to_string(i) + "\"}\n";
    const std::vector<std::size_t> bounds = io::split_lines(text, 0, 4);
    ASSERT_EQ(bounds.size(), 5u);
    EXPECT_EQ(bounds.front(), 0u);
    EXPECT_EQ(bounds.back(), text.size());
    for (std::size_t k = 1; k + 1 < bounds.size(); ++k) {
        EXPECT_EQ(text[bounds[k] - 1], '\n');
        EXPECT_LT(bounds[k - 1], bounds[k]);
    }
}

}  // namespace
}  // namespace cotation
