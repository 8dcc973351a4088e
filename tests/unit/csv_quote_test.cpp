// CSV quoting (src/io/csv_quote.hpp), the one rule of every CSV the library writes, and the audit
// CSV read back whole by the library's own reader.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>
#include <string>

#include "cotation/audit.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/diagnostic.hpp"
#include "cotation/policy.hpp"
#include "cotation/table.hpp"
#include "gen/territory.hpp"
#include "io/csv_quote.hpp"

namespace cotation {
namespace {

TEST(CsvQuote, QuotesOnlyCellsHoldingASeparatorAQuoteOrALineBreak) {
    for (const char* plain : {"", "A", "062112390098", "Maisons & Cités", "unscored:no_grid", "a|b", "tab\there", "'single'"}) {
        EXPECT_FALSE(io::needs_csv_quotes(plain)) << plain;
        EXPECT_EQ(io::csv_cell(plain), plain);
    }
    // Each special character, first, inside and last.
    for (const char c : {',', ';', '"', '\r', '\n'}) {
        for (const std::string text : {std::string(1, c) + "ab", "a" + std::string(1, c) + "b", "ab" + std::string(1, c)}) {
            EXPECT_TRUE(io::needs_csv_quotes(text)) << int(c) << " in " << text;
            EXPECT_EQ(io::csv_cell(text).front(), '"') << int(c);
            EXPECT_EQ(io::csv_cell(text).back(), '"') << int(c);
        }
    }
}

TEST(CsvQuote, DoublesQuotesInsideTheQuotedCell) {
    EXPECT_EQ(io::csv_cell("a,b"), "\"a,b\"");
    EXPECT_EQ(io::csv_cell("landlord=A;commune=62001"), "\"landlord=A;commune=62001\"");
    EXPECT_EQ(io::csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(io::csv_cell("\""), "\"\"\"\"");
    EXPECT_EQ(io::csv_cell("two\r\nlines"), "\"two\r\nlines\"");
}

TEST(CsvQuote, AppendsToAStringAndToAnFmtBufferAlike) {
    for (const char* text : {"plain", "a;b", "say \"hi\", then go"}) {
        std::string s = "x,";
        io::append_csv_cell(s, text);
        fmt::memory_buffer buffer;
        buffer.push_back('x');
        buffer.push_back(',');
        io::append_csv_cell(buffer, text);
        EXPECT_EQ(fmt::to_string(buffer), s) << text;
        EXPECT_EQ(s, "x," + io::csv_cell(text)) << text;
    }
}

// The generator writes its texts without quoting (gen/csv_out.hpp): the landlord names, the only
// texts not made of codes, must need none, in the CAHC and in the territories drawn from any seed.
TEST(CsvQuote, GeneratedLandlordNamesNeedNoQuotes) {
    for (const std::uint64_t seed : {0ull, 1ull, 42ull}) {
        const gen::Catalogue catalogue(seed);
        ASSERT_FALSE(catalogue.territories().empty());
        for (const gen::Territory& t : catalogue.territories())
            for (const std::string& landlord : t.landlords) {
                ASSERT_FALSE(landlord.empty());
                EXPECT_FALSE(io::needs_csv_quotes(landlord)) << landlord;
            }
    }
}

const std::string policy_text = R"(cotation: 1
name: "Guillemets"
records:
  allocation: { key: id, fields: { id: string, landlord: string, commune: string, q1: bool, lease_signed_on: date } }
quotas:
  - id: q
    label: Q
    meets: q1
    target: ">= 50%"
    by: [landlord, commune]
)";

// Every group of the audit CSV reads back whole with the library's reader: a group of two fields
// holds `;`, the landlords hold `,` and `"`.
TEST(CsvQuote, AuditCsvGroupsReadBackWhole) {
    LoadResult loaded = load_policy_from_string(policy_text);
    ASSERT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    const Policy& policy = *loaded.policy;
    const ReadResult rows = read_csv_text(
        "id,landlord,commune,q1,lease_signed_on\n"
        "A1,\"Habitat, \"\"Nord\"\"\",62001,true,2024-02-01\n"
        "A2,Plain,62002,false,2024-03-01\n"
        "A3,Plain,62002,true,2024-04-01\n",
        policy.fields("allocation"));
    ASSERT_TRUE(rows.ok()) << rows.error;
    ASSERT_EQ(rows.table.rows.size(), 3u);
    AuditOptions options;
    options.from = date_from_civil(2024, 1, 1);
    options.to = date_from_civil(2024, 12, 31);
    const AuditRun run = audit_allocations(policy, rows.table, options);
    ASSERT_TRUE(run.ok()) << run.error;
    std::ostringstream csv;
    write_audit_csv(csv, run);
    EXPECT_NE(csv.str().find("q,\"landlord=Plain;commune=62002\",1,2,0,0.5000,>= 50%,met,0\n"), std::string::npos) << csv.str();

    const std::vector<FieldSpec> columns{{"quota", Type::of(TypeKind::string)}, {"group", Type::of(TypeKind::string)},
                                         {"target", Type::of(TypeKind::string)}, {"status", Type::of(TypeKind::string)}};
    const ReadResult back = read_csv_text(csv.str(), columns);
    ASSERT_TRUE(back.ok()) << back.error;
    ASSERT_EQ(back.table.rows.size(), run.results.size());
    EXPECT_TRUE(back.table.rejected.empty());
    for (std::size_t i = 0; i < run.results.size(); ++i) {
        const auto& row = back.table.rows[i];
        EXPECT_EQ(format_value(row[0]), "q");
        EXPECT_EQ(format_value(row[1]), group_text(run.results[i]));
        EXPECT_EQ(format_value(row[2]), ">= 50%");
        EXPECT_EQ(format_value(row[3]), status_name(run.results[i].status));
    }
    EXPECT_EQ(format_value(back.table.rows[1][1]), "landlord=Habitat, \"Nord\";commune=62001");
}

}  // namespace
}  // namespace cotation
