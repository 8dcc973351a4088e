// Reading CSV and JSON Lines data files into typed rows.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "cotation/table.hpp"
#include "cotation/value.hpp"
#include "io/cell_parse.hpp"
#include "temp_path.hpp"

namespace {

using namespace cotation;

FieldSpec field(std::string name, TypeKind kind) { return FieldSpec{std::move(name), Type::of(kind)}; }
FieldSpec enum_field(std::string name, std::vector<std::string> values) {
    return FieldSpec{std::move(name), Type::enumeration(std::move(values))};
}
FieldSpec list_field(std::string name, TypeKind element) { return FieldSpec{std::move(name), Type::list_of(element)}; }

Value date(int y, unsigned m, unsigned d) { return Value(date_from_civil(y, m, d)); }

// Every read checks the invariants, whatever the test looks at afterwards.
void expect_invariants(const ReadResult& result) {
    const DataTable& t = result.table;
    EXPECT_EQ(t.rows_read, t.rows.size() + t.rejected.size());
    EXPECT_EQ(t.rows.size(), t.row_lines.size());
    for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.fields.size());
    if (!result.ok()) {
        EXPECT_EQ(t.rows_read, 0u);
        EXPECT_TRUE(t.rows.empty());
        EXPECT_TRUE(t.rejected.empty());
    }
}

ReadResult csv(std::string_view text, const std::vector<FieldSpec>& fields, ReadOptions options = {}) {
    ReadResult result = read_csv_text(text, fields, options);
    expect_invariants(result);
    return result;
}

ReadResult jsonl(std::string_view text, const std::vector<FieldSpec>& fields) {
    ReadResult result = read_jsonl_text(text, fields);
    expect_invariants(result);
    return result;
}

using testing_support::TempFile;

const std::vector<FieldSpec> two_fields = {field("id", TypeKind::string), field("n", TypeKind::integer)};

// ---- delimiter, BOM, quoting ------------------------------------------------------------------

TEST(CsvReader, DetectsCommaDelimiter) {
    const auto r = csv("id,n\na,1\nb,2\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    EXPECT_EQ(r.table.rows[0][0], Value("a"));
    EXPECT_EQ(r.table.rows[0][1], Value(1));
    EXPECT_EQ(r.table.rows[1][0], Value("b"));
    EXPECT_EQ(r.table.rows[1][1], Value(2));
    EXPECT_EQ(r.table.row_lines, (std::vector<std::uint64_t>{2, 3}));
    EXPECT_TRUE(r.table.warnings.empty());
}

TEST(CsvReader, DetectsSemicolonDelimiter) {
    const auto r = csv("id;n\na,b;1\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("a,b"));  // a comma is plain text with a `;` delimiter
    EXPECT_EQ(r.table.rows[0][1], Value(1));
}

TEST(CsvReader, DetectionPicksTheMoreFrequentAndIgnoresQuotedOnes) {
    // Header holds one `,` inside quotes and two `;` outside: `;` wins.
    const std::vector<FieldSpec> fields = {field("a,b", TypeKind::string), field("c", TypeKind::string),
                                           field("d", TypeKind::string)};
    const auto r = csv("\"a,b\";c;d\nx;y;z\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("x"));
    EXPECT_EQ(r.table.rows[0][2], Value("z"));
}

TEST(CsvReader, DelimiterOptionOverridesDetection) {
    ReadOptions options;
    options.delimiter = ';';
    const auto r = csv("id;n,x\na;1,5\n", {field("id", TypeKind::string), field("n,x", TypeKind::string)}, options);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][1], Value("1,5"));
}

TEST(CsvReader, TabDelimiterOption) {
    ReadOptions options;
    options.delimiter = '\t';
    const auto r = csv("id\tn\n\t\"1\"\n", two_fields, options);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_TRUE(r.table.rows[0][0].is_null());
    EXPECT_EQ(r.table.rows[0][1], Value(1));
}

TEST(CsvReader, SkipsByteOrderMark) {
    const auto r = csv("\xEF\xBB\xBFid,n\na,1\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("a"));
    EXPECT_TRUE(r.table.warnings.empty());
}

TEST(CsvReader, QuotedCellsHoldDelimitersQuotesAndNewlines) {
    const auto r = csv("id,n\n"
                       "\"a,b\",1\n"
                       "\"say \"\"hi\"\"\",2\n"
                       "\"two\nlines\",3\n"
                       "last,4\n",
                       two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 4u);
    EXPECT_EQ(r.table.rows[0][0], Value("a,b"));
    EXPECT_EQ(r.table.rows[1][0], Value("say \"hi\""));
    EXPECT_EQ(r.table.rows[2][0], Value("two\nlines"));
    EXPECT_EQ(r.table.rows[2][1], Value(3));
    EXPECT_EQ(r.table.rows[3][0], Value("last"));
    // The row with a line break starts on line 4; the next one is on line 6.
    EXPECT_EQ(r.table.row_lines, (std::vector<std::uint64_t>{2, 3, 4, 6}));
}

TEST(CsvReader, QuotedHeaderNamesAndNumbers) {
    const auto r = csv("\"id\",\"n\"\n\"a\",\" 7 \"\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][1], Value(7));
}

TEST(CsvReader, TextAfterClosingQuoteRejectsTheRow) {
    const auto r = csv("id,n\n\"ab\"c,1\nok,2\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("ok"));
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].line, 2u);
    EXPECT_EQ(r.table.rejected[0].field, "");
    EXPECT_EQ(r.table.rejected[0].reason, "unexpected text after a closing quote");
}

// ---- types ------------------------------------------------------------------------------------

TEST(CsvReader, DatesInBothFormsAndImpossibleDateRejected) {
    const std::vector<FieldSpec> fields = {field("id", TypeKind::string), field("d", TypeKind::date)};
    const auto r = csv("id,d\na,2024-03-15\nb,15/03/2024\nc,2025-02-30\nd,29/02/2024\ne,31/04/2024\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 3u);
    EXPECT_EQ(r.table.rows[0][1], date(2024, 3, 15));
    EXPECT_EQ(r.table.rows[1][1], date(2024, 3, 15));
    EXPECT_EQ(r.table.rows[2][1], date(2024, 2, 29));  // leap year
    ASSERT_EQ(r.table.rejected.size(), 2u);
    EXPECT_EQ(r.table.rejected[0].line, 4u);
    EXPECT_EQ(r.table.rejected[0].field, "d");
    EXPECT_EQ(r.table.rejected[0].value, "2025-02-30");
    EXPECT_EQ(r.table.rejected[0].reason, "not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
    EXPECT_EQ(r.table.rejected[1].line, 6u);
    EXPECT_EQ(r.table.rejected[1].value, "31/04/2024");
}

TEST(CsvReader, FrenchAndEnglishBooleansInAnyCase) {
    const std::vector<FieldSpec> fields = {field("b", TypeKind::boolean)};
    const auto r = csv("b\ntrue\nFALSE\n1\n0\nOui\nnon\nYES\nNo\nvrai\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 8u);
    const bool expected[] = {true, false, true, false, true, false, true, false};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(r.table.rows[i][0], Value(expected[i])) << "row " << i;
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].value, "vrai");
    EXPECT_EQ(r.table.rejected[0].line, 10u);
    EXPECT_NE(r.table.rejected[0].reason.find("not a boolean"), std::string::npos);
}

TEST(CsvReader, DecimalComma) {
    ReadOptions options;
    options.decimal_comma = true;
    const std::vector<FieldSpec> fields = {field("revenu", TypeKind::number), field("n", TypeKind::integer)};
    const auto r = csv("revenu;n\n1234,56;3\n-0,5;4,0\n12;1\n1.5;2\n", fields, options);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 3u);
    EXPECT_EQ(r.table.rows[0][0], Value(1234.56));
    EXPECT_EQ(r.table.rows[0][1], Value(3));
    EXPECT_EQ(r.table.rows[1][0], Value(-0.5));
    EXPECT_EQ(r.table.rows[1][1], Value(4));
    EXPECT_EQ(r.table.rows[2][0], Value(12.0));
    ASSERT_EQ(r.table.rejected.size(), 1u);  // a point is not the decimal separator here
    EXPECT_EQ(r.table.rejected[0].field, "revenu");
    EXPECT_EQ(r.table.rejected[0].value, "1.5");
    EXPECT_NE(r.table.rejected[0].reason.find("decimal comma"), std::string::npos);
}

TEST(CsvReader, DecimalCommaWithoutOptionIsRejected) {
    const auto r = csv("revenu;id\n1234,56;a\n", {field("revenu", TypeKind::number), field("id", TypeKind::string)});
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].reason, "not a number");
}

TEST(CsvReader, Lists) {
    const std::vector<FieldSpec> fields = {list_field("communes", TypeKind::string), list_field("ages", TypeKind::integer)};
    const auto r = csv("communes,ages\nLyon|Villeurbanne | Bron,34|5\nParis,7\n,\nA||B,1\nA,1|x\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 3u);
    EXPECT_EQ(r.table.rows[0][0], Value(List{Value("Lyon"), Value("Villeurbanne"), Value("Bron")}));
    EXPECT_EQ(r.table.rows[0][1], Value(List{Value(34), Value(5)}));
    EXPECT_EQ(r.table.rows[1][0], Value(List{Value("Paris")}));
    EXPECT_EQ(r.table.rows[1][1], Value(List{Value(7)}));
    EXPECT_TRUE(r.table.rows[2][0].is_null());  // an empty cell is null, not an empty list
    EXPECT_TRUE(r.table.rows[2][1].is_null());
    ASSERT_EQ(r.table.rejected.size(), 2u);
    EXPECT_EQ(r.table.rejected[0].field, "communes");
    EXPECT_EQ(r.table.rejected[0].reason, "empty element in list (elements are written a|b|c)");
    EXPECT_EQ(r.table.rejected[1].field, "ages");
    EXPECT_EQ(r.table.rejected[1].value, "1|x");
    EXPECT_EQ(r.table.rejected[1].reason, "list element 'x': not a whole number");
}

TEST(CsvReader, IntegerVersusNumber) {
    const std::vector<FieldSpec> fields = {field("i", TypeKind::integer), field("x", TypeKind::number)};
    const auto r = csv("i,x\n3,-2.5\n3.0,1e3\n-4,.5\n3.5,1\n1,12abc\n1,nan\n1,inf\nabc,1\n1,+1\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 3u);
    EXPECT_EQ(r.table.rows[0][0], Value(3));
    EXPECT_EQ(r.table.rows[0][1], Value(-2.5));
    EXPECT_EQ(r.table.rows[1][0], Value(3));
    EXPECT_EQ(r.table.rows[1][1], Value(1000.0));
    EXPECT_EQ(r.table.rows[2][0], Value(-4));
    EXPECT_EQ(r.table.rows[2][1], Value(0.5));
    ASSERT_EQ(r.table.rejected.size(), 6u);
    EXPECT_EQ(r.table.rejected[0].field, "i");
    EXPECT_EQ(r.table.rejected[0].value, "3.5");
    EXPECT_EQ(r.table.rejected[0].reason, "not a whole number");
    EXPECT_EQ(r.table.rejected[1].value, "12abc");
    EXPECT_EQ(r.table.rejected[1].reason, "not a number");
    EXPECT_EQ(r.table.rejected[2].value, "nan");
    EXPECT_EQ(r.table.rejected[3].value, "inf");
    EXPECT_EQ(r.table.rejected[4].field, "i");
    EXPECT_EQ(r.table.rejected[4].reason, "not a whole number");
    EXPECT_EQ(r.table.rejected[5].value, "+1");
}

TEST(CsvReader, EnumOutsideItsValues) {
    const std::vector<FieldSpec> fields = {enum_field("typo", {"C", "T1", "T2"})};
    const auto r = csv("typo\nT1\nT7\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("T1"));
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].field, "typo");
    EXPECT_EQ(r.table.rejected[0].value, "T7");
    EXPECT_EQ(r.table.rejected[0].reason, "'T7' is not one of C, T1, T2");
}

TEST(CsvReader, EmptyCellIsNullForEveryType) {
    const std::vector<FieldSpec> fields = {field("s", TypeKind::string),  field("i", TypeKind::integer),
                                           field("x", TypeKind::number),  field("b", TypeKind::boolean),
                                           field("d", TypeKind::date),    enum_field("e", {"A"}),
                                           list_field("l", TypeKind::string)};
    const auto r = csv("s,i,x,b,d,e,l\n,,,,,,\n\"\", ,\"\",  ,,,\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    for (const auto& row : r.table.rows) {
        for (std::size_t f = 0; f < fields.size(); ++f) EXPECT_TRUE(row[f].is_null()) << fields[f].name;
    }
}

TEST(CsvReader, SpacesTrimmedExceptForStrings) {
    const std::vector<FieldSpec> fields = {field("s", TypeKind::string), field("i", TypeKind::integer),
                                           field("d", TypeKind::date), enum_field("e", {"A", "B"})};
    const auto r = csv("s,i,d,e\n  padded  , 42 ,\t2024-01-02 , B \n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("  padded  "));
    EXPECT_EQ(r.table.rows[0][1], Value(42));
    EXPECT_EQ(r.table.rows[0][2], date(2024, 1, 2));
    EXPECT_EQ(r.table.rows[0][3], Value("B"));
}

TEST(CsvReader, OnlyTheFirstBadCellIsRecorded) {
    const std::vector<FieldSpec> fields = {field("i", TypeKind::integer), field("d", TypeKind::date)};
    const auto r = csv("i,d\nx,y\n", fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].field, "i");
    EXPECT_EQ(r.table.rejected[0].value, "x");
}

// ---- header ------------------------------------------------------------------------------------

TEST(CsvReader, MissingDeclaredColumnsIsAnError) {
    const std::vector<FieldSpec> fields = {field("id", TypeKind::string), field("age", TypeKind::integer),
                                           field("revenu", TypeKind::number)};
    const auto r = csv("id\na\n", fields);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("age"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("revenu"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find("id"), std::string::npos) << r.error;
    EXPECT_EQ(r.table.rows_read, 0u);
}

TEST(CsvReader, ExtraColumnsGiveOneWarning) {
    const auto r = csv("id,extra1,n,extra2\na,x,1,y\nb,x,2,y\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    EXPECT_EQ(r.table.rows[1][0], Value("b"));
    EXPECT_EQ(r.table.rows[1][1], Value(2));
    ASSERT_EQ(r.table.warnings.size(), 1u);
    EXPECT_NE(r.table.warnings[0].find("extra1, extra2"), std::string::npos) << r.table.warnings[0];
}

TEST(CsvReader, DuplicateDeclaredColumnIsAnError) {
    const auto r = csv("id,n,id\na,1,b\n", two_fields);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("'id'"), std::string::npos) << r.error;
}

TEST(CsvReader, HeaderOnly) {
    for (std::string_view text : {"id,n", "id,n\n", "id,n\r\n"}) {
        const auto r = csv(text, two_fields);
        ASSERT_TRUE(r.ok()) << r.error;
        EXPECT_EQ(r.table.rows_read, 0u);
        EXPECT_TRUE(r.table.rows.empty());
        EXPECT_TRUE(r.table.rejected.empty());
    }
}

TEST(CsvReader, EmptyFile) {
    for (std::string_view text : {"", "\xEF\xBB\xBF", "\n"}) {
        const auto r = csv(text, two_fields);
        EXPECT_EQ(r.error, "empty file: no header row");
    }
}

// ---- broken rows -------------------------------------------------------------------------------

TEST(CsvReader, WrongCellCountRejectsTheRow) {
    const auto r = csv("id,n\na\nb,2\nc,3,x\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("b"));
    ASSERT_EQ(r.table.rejected.size(), 2u);
    EXPECT_EQ(r.table.rejected[0].line, 2u);
    EXPECT_EQ(r.table.rejected[0].field, "");
    EXPECT_EQ(r.table.rejected[0].value, "a");
    EXPECT_EQ(r.table.rejected[0].reason, "expected 2 cells, found 1");
    EXPECT_EQ(r.table.rejected[1].line, 4u);
    EXPECT_EQ(r.table.rejected[1].value, "c,3,x");
    EXPECT_EQ(r.table.rejected[1].reason, "expected 2 cells, found 3");
}

TEST(CsvReader, UnterminatedQuoteRejectsOnlyTheLastRow) {
    const auto r = csv("id,n\na,1\nb,2\n\"c,3\nd,4\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    EXPECT_EQ(r.table.rows[1][0], Value("b"));
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].line, 4u);
    EXPECT_EQ(r.table.rejected[0].field, "");
    EXPECT_EQ(r.table.rejected[0].reason, "unterminated quoted cell");
    EXPECT_EQ(r.table.rows_read, 3u);
}

TEST(CsvReader, UnterminatedQuoteInHeaderIsAnError) {
    const auto r = csv("id,\"n\na,1\n", two_fields);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("unterminated"), std::string::npos) << r.error;
}

TEST(CsvReader, TruncatedLastLineIsANormalRow) {
    const auto r = csv("id,n\na,1\nb,2", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    EXPECT_EQ(r.table.rows[1][0], Value("b"));
    EXPECT_EQ(r.table.rows[1][1], Value(2));
    EXPECT_EQ(r.table.row_lines[1], 3u);
}

TEST(CsvReader, BlankLinesAtTheEndAreNotRows) {
    const auto r = csv("id,n\na,1\n\n\r\n\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.table.rows.size(), 1u);
    EXPECT_TRUE(r.table.rejected.empty());
}

TEST(CsvReader, BlankLineInTheMiddleIsRejectedNotDropped) {
    const auto r = csv("id,n\na,1\n\nb,2\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.table.rows.size(), 2u);
    EXPECT_EQ(r.table.row_lines, (std::vector<std::uint64_t>{2, 4}));
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].line, 3u);
    EXPECT_EQ(r.table.rejected[0].reason, "expected 2 cells, found a blank line");
}

TEST(CsvReader, OneMegabyteLine) {
    const std::string big(1 << 20, 'x');
    const std::string text = "id,n\n" + big + ",5\nb,6\n";
    const auto r = csv(text, two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    EXPECT_EQ(r.table.rows[0][0], Value(big));
    EXPECT_EQ(r.table.rows[0][1], Value(5));
    EXPECT_EQ(r.table.rows[1][1], Value(6));
    // A huge bad cell is quoted shortened in the reject.
    const auto bad = csv("n,id\n" + big + ",a\n", two_fields);
    ASSERT_EQ(bad.table.rejected.size(), 1u);
    EXPECT_EQ(bad.table.rejected[0].value.size(), io::max_excerpt + 3);
}

TEST(CsvReader, CrlfLineEndings) {
    const auto r = csv("id,n\r\na,1\r\n\"x\r\ny\",2\r\nb,3\r\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 3u);
    EXPECT_EQ(r.table.rows[0][0], Value("a"));
    EXPECT_EQ(r.table.rows[0][1], Value(1));
    EXPECT_EQ(r.table.rows[1][0], Value("x\r\ny"));  // line breaks inside quotes are kept as written
    EXPECT_EQ(r.table.rows[2][0], Value("b"));
    EXPECT_EQ(r.table.row_lines, (std::vector<std::uint64_t>{2, 3, 5}));
}

TEST(CsvReader, LastEmptyCellAfterDelimiter) {
    const auto r = csv("id,n\na,\n", two_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_TRUE(r.table.rows[0][1].is_null());
}

TEST(CsvReader, FieldTypeThatAFileCannotHold) {
    const auto r = csv("t\n1\n", {field("t", TypeKind::table)});
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("'t'"), std::string::npos) << r.error;
}

// ---- JSON Lines --------------------------------------------------------------------------------

const std::vector<FieldSpec> json_fields = {field("id", TypeKind::string),  field("n", TypeKind::integer),
                                            field("x", TypeKind::number),   field("b", TypeKind::boolean),
                                            field("d", TypeKind::date),     enum_field("e", {"C", "T1"}),
                                            list_field("l", TypeKind::integer)};

TEST(JsonlReader, ReadsTypedValues) {
    const auto r = jsonl(R"({"id":"a","n":3,"x":2.5,"b":true,"d":"2024-03-15","e":"T1","l":[1,2]})"
                         "\n"
                         R"({"id":"b","n":4.0,"x":-1,"b":"oui","d":"15/03/2024","e":"C","l":"3|4"})"
                         "\n",
                         json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u) << (r.table.rejected.empty() ? "" : r.table.rejected[0].reason);
    const auto& a = r.table.rows[0];
    EXPECT_EQ(a[0], Value("a"));
    EXPECT_EQ(a[1], Value(3));
    EXPECT_EQ(a[2], Value(2.5));
    EXPECT_EQ(a[3], Value(true));
    EXPECT_EQ(a[4], date(2024, 3, 15));
    EXPECT_EQ(a[5], Value("T1"));
    EXPECT_EQ(a[6], Value(List{Value(1), Value(2)}));
    const auto& b = r.table.rows[1];
    EXPECT_EQ(b[1], Value(4));
    EXPECT_EQ(b[2], Value(-1.0));
    EXPECT_EQ(b[3], Value(true));
    EXPECT_EQ(b[4], date(2024, 3, 15));
    EXPECT_EQ(b[6], Value(List{Value(3), Value(4)}));
    EXPECT_EQ(r.table.row_lines, (std::vector<std::uint64_t>{1, 2}));
}

TEST(JsonlReader, NullAndAbsentKeysAreNull) {
    const auto r = jsonl(R"({"id":null,"n":null})" "\n" R"({})" "\n", json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    for (const auto& row : r.table.rows) {
        for (const auto& v : row) EXPECT_TRUE(v.is_null());
    }
}

TEST(JsonlReader, WrongTypesAreRejected) {
    const auto r = jsonl(R"({"id":"a","n":"3"})" "\n"
                         R"({"id":"b","n":3.5})" "\n"
                         R"({"id":12})" "\n"
                         R"({"e":"T9"})" "\n"
                         R"({"b":"maybe"})" "\n"
                         R"({"l":[1,"x"]})" "\n"
                         R"({"d":"2025-02-30"})" "\n",
                         json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_TRUE(r.table.rows.empty());
    ASSERT_EQ(r.table.rejected.size(), 7u);
    const auto& rej = r.table.rejected;
    EXPECT_EQ(rej[0].line, 1u);
    EXPECT_EQ(rej[0].field, "n");
    EXPECT_EQ(rej[0].value, "3");
    EXPECT_EQ(rej[0].reason, "expected a whole number, found a string");
    EXPECT_EQ(rej[1].reason, "not a whole number");
    EXPECT_EQ(rej[1].value, "3.5");
    EXPECT_EQ(rej[2].field, "id");
    EXPECT_EQ(rej[2].reason, "expected a string, found a number");
    EXPECT_EQ(rej[3].reason, "'T9' is not one of C, T1");
    EXPECT_EQ(rej[4].field, "b");
    EXPECT_EQ(rej[5].field, "l");
    EXPECT_EQ(rej[5].value, R"([1,"x"])");
    EXPECT_EQ(rej[5].reason, "list element 'x': expected a whole number, found a string");
    EXPECT_EQ(rej[6].reason, "not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
    EXPECT_EQ(rej[6].line, 7u);
}

TEST(JsonlReader, NonObjectLinesAndInvalidJsonAreRejectedRows) {
    const auto r = jsonl("[1,2]\n{\"id\":\"ok\"}\n{\"id\":\n42\n", json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value("ok"));
    ASSERT_EQ(r.table.rejected.size(), 3u);
    EXPECT_EQ(r.table.rejected[0].line, 1u);
    EXPECT_EQ(r.table.rejected[0].field, "");
    EXPECT_EQ(r.table.rejected[0].value, "[1,2]");
    EXPECT_EQ(r.table.rejected[0].reason, "not a JSON object, found an array");
    EXPECT_EQ(r.table.rejected[1].line, 3u);
    EXPECT_EQ(r.table.rejected[1].reason.rfind("not valid JSON: ", 0), 0u) << r.table.rejected[1].reason;
    EXPECT_EQ(r.table.rejected[2].reason, "not a JSON object, found a number");
}

TEST(JsonlReader, BlankLinesAreSkippedAndNotCounted) {
    const auto r = jsonl("\n{\"id\":\"a\"}\r\n   \n\n{\"id\":\"b\"}", json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 2u);
    EXPECT_EQ(r.table.rows_read, 2u);
    EXPECT_EQ(r.table.row_lines, (std::vector<std::uint64_t>{2, 5}));
}

TEST(JsonlReader, UndeclaredKeysGiveOneWarning) {
    const auto r = jsonl(R"({"id":"a","z":1})" "\n" R"({"id":"b","y":2,"z":3})" "\n", json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.table.rows.size(), 2u);
    ASSERT_EQ(r.table.warnings.size(), 1u);
    EXPECT_NE(r.table.warnings[0].find("z, y"), std::string::npos) << r.table.warnings[0];
}

TEST(JsonlReader, NumberTooLargeForADouble) {
    const auto r = jsonl(R"({"x":1e400})" "\n" R"({"n":1e300})" "\n", json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_TRUE(r.table.rows.empty());
    ASSERT_EQ(r.table.rejected.size(), 2u);
    EXPECT_EQ(r.table.rejected[0].line, 1u);
    EXPECT_EQ(r.table.rejected[0].reason, "not valid JSON: number overflow parsing '1e400'");
    EXPECT_EQ(r.table.rejected[1].field, "n");
    EXPECT_EQ(r.table.rejected[1].reason, "whole number too large (more than 2^53)");
}

TEST(JsonlReader, EmptyTextHasNoRows) {
    const auto r = jsonl("", json_fields);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.table.rows_read, 0u);
}

// ---- files and rejects -------------------------------------------------------------------------

TEST(ReadTable, ReadsCsvAndJsonlFiles) {
    const TempFile csv_file("data.csv", "\xEF\xBB\xBFid;n\r\na;1\r\nb;x\r\n");
    const auto r = read_table(csv_file.path(), two_fields);
    expect_invariants(r);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][1], Value(1));
    ASSERT_EQ(r.table.rejected.size(), 1u);
    EXPECT_EQ(r.table.rejected[0].line, 3u);

    const TempFile json_file("data.jsonl", "{\"id\":\"a\",\"n\":1}\n{\"id\":\"b\",\"n\":2}\n");
    const auto j = read_table(json_file.path(), two_fields);
    expect_invariants(j);
    ASSERT_TRUE(j.ok()) << j.error;
    ASSERT_EQ(j.table.rows.size(), 2u);
    EXPECT_EQ(j.table.rows[1][1], Value(2));
}

TEST(ReadTable, EmptyFileOnDisk) {
    const TempFile file("empty.csv", "");
    const auto r = read_table(file.path(), two_fields);
    expect_invariants(r);
    EXPECT_EQ(r.error, "empty file: no header row");
}

TEST(ReadTable, MissingFileNamesThePathAndTheReason) {
    const std::string path = "/nonexistent/cotation/demandes.csv";
    const auto r = read_table(path, two_fields);
    expect_invariants(r);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("No such file or directory"), std::string::npos) << r.error;
}

TEST(ReadTable, DirectoryIsAnError) {
    const auto r = read_table(std::filesystem::temp_directory_path().string(), two_fields);
    expect_invariants(r);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("directory"), std::string::npos) << r.error;
}

TEST(RejectsCsv, QuotesCellsWhenNeeded) {
    const std::vector<RejectedRow> rejected = {
        {2, "n", "3.5", "not a whole number"},
        {7, "", "a,\"b\"\nc", "expected 2 cells, found 3"},
        {9, "e", "T9", "'T9' is not one of C, T1"},
    };
    EXPECT_EQ(rejects_csv(rejected),
              "line,field,value,reason\n"
              "2,n,3.5,not a whole number\n"
              "7,,\"a,\"\"b\"\"\nc\",\"expected 2 cells, found 3\"\n"
              "9,e,T9,\"'T9' is not one of C, T1\"\n");
    EXPECT_EQ(rejects_csv({}), "line,field,value,reason\n");
}

TEST(RejectsCsv, ReadsBackThroughTheCsvReader) {
    const std::vector<RejectedRow> rejected = {{7, "", "a,\"b\"\nc", "expected 2 cells, found 3"}};
    const std::vector<FieldSpec> fields = {field("line", TypeKind::integer), field("field", TypeKind::string),
                                           field("value", TypeKind::string), field("reason", TypeKind::string)};
    const auto r = csv(rejects_csv(rejected), fields);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.table.rows.size(), 1u);
    EXPECT_EQ(r.table.rows[0][0], Value(7));
    EXPECT_TRUE(r.table.rows[0][1].is_null());
    EXPECT_EQ(r.table.rows[0][2], Value("a,\"b\"\nc"));
    EXPECT_EQ(r.table.rows[0][3], Value("expected 2 cells, found 3"));
}

// ---- cell helpers ------------------------------------------------------------------------------

TEST(CellParse, ExcerptCutsOnACharacterBoundary) {
    std::string text(io::max_excerpt - 1, 'a');
    text += "\xC3\xA9\xC3\xA9";  // "éé": the cut falls inside the first é
    const std::string cut = io::excerpt(text);
    EXPECT_EQ(cut, std::string(io::max_excerpt - 1, 'a') + "...");
    EXPECT_EQ(io::excerpt("short"), "short");
}

TEST(CellParse, WholeNumberLimits) {
    EXPECT_TRUE(io::whole_number_problem(9007199254740992.0).empty());
    EXPECT_FALSE(io::whole_number_problem(1e300).empty());
    EXPECT_FALSE(io::parse_number("1e999", false).has_value());
    EXPECT_FALSE(io::parse_number("-", false).has_value());
    EXPECT_EQ(io::parse_number("-0,25", true), -0.25);
}

}  // namespace
