// The fast path's outputs do not depend on how the work is cut: files read in blocks of any size,
// by 1, 2 or 3 threads, give byte-identical score files (CSV and JSON Lines, with and without
// --explain), equal to the reference writers'. French CSV (`;`, decimal comma, DD/MM/YYYY dates,
// a byte order mark, CRLF line ends, quoted cells) gives on the fast paths (fast_score_csv,
// fast_score_file, audit_allocations_csv) what the reference reader and interpreter give.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "cotation/audit.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/fast.hpp"
#include "cotation/gen.hpp"
#include "cotation/policy.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"
#include "testing/fast_check.hpp"
#include "temp_path.hpp"

namespace cotation {
namespace {

Policy bundled(const std::string& path) {
    LoadResult loaded = load_policy(std::string(COTATION_SOURCE_DIR) + path);
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    return *loaded.policy;
}

std::string generated(GenKind kind, std::uint64_t count, std::uint64_t seed, int territory) {
    GenOptions options;
    options.kind = kind;
    options.count = count;
    options.seed = seed;
    options.territory = territory;
    return generate_csv(options);
}

std::string write_to(const std::string& name, const std::string& text) {
    const std::string path = testing_support::unique_temp_path(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string written(const Policy& policy, const FastScoreRun& run, bool explain, bool jsonl) {
    std::ostringstream out;
    write_fast_scores(out, policy, run, explain, jsonl);
    return out.str();
}

std::string reference_written(const Policy& policy, const ScoreRun& run, bool explain, bool jsonl) {
    std::ostringstream out;
    if (jsonl) write_scores_jsonl(out, policy, run, ScoreReportOptions{explain});
    else write_scores_csv(out, policy, run, ScoreReportOptions{explain});
    return out.str();
}

TEST(FastOutputs, ByteIdenticalAcrossThreadCountsAndBlockSizes) {
    const Policy policy = bundled("/rules/cahc/cahc.yaml");
    const Date as_of = date_from_civil(2025, 6, 1);
    const std::string csv = generated(GenKind::demands, 3000, 7, 0);  // CAHC communes: ranking groups of many rows
    const ReadResult read = read_csv_text(csv, policy.fields("demand"));
    ASSERT_TRUE(read.ok()) << read.error;
    ASSERT_TRUE(read.table.rejected.empty());
    const ScoreRun reference = score_demands(policy, read.table, ScoreOptions{as_of, {}});
    ASSERT_TRUE(reference.ok()) << reference.error;
    ASSERT_GT(reference.scored, 2000u);
    const std::string csv_path = write_to("outputs.csv", csv);
    const std::string jsonl_path = write_to("outputs.jsonl", jsonl_of(read.table));

    for (const bool jsonl : {false, true}) {
        for (const bool explain : {false, true}) {
            const std::string expected = reference_written(policy, reference, explain, jsonl);
            ASSERT_GT(expected.size(), csv.size() / 4);
            for (const std::string& input : {csv_path, jsonl_path}) {
                for (const unsigned threads : {1u, 2u, 3u}) {
                    for (const std::size_t block : {std::size_t{4096}, std::size_t{4099}, std::size_t{65537}, std::size_t{32} << 20}) {
                        FastScoreOptions options;
                        options.as_of = as_of;
                        options.threads = threads;
                        options.keep_criteria = explain;
                        const FastScoreRun run = fast_score_file(policy, input, options, block);
                        ASSERT_TRUE(run.ok()) << run.error;
                        ASSERT_EQ(run.rows_read, 3000u);
                        // EXPECT_TRUE, not EXPECT_EQ: a mismatch would print two files of 3 000 lines.
                        EXPECT_TRUE(written(policy, run, explain, jsonl) == expected)
                            << input << ", " << threads << " threads, blocks of " << block << " bytes, "
                            << (jsonl ? "JSON Lines" : "CSV") << (explain ? " with --explain" : "");
                    }
                }
            }
        }
    }
}

// The same CSV as a French spreadsheet saves it: `;` between cells, numbers with a decimal comma
// (a fraction added to every third number), dates DD/MM/YYYY, a byte order mark, CRLF line ends,
// and every fifth string quoted with a `;` and a doubled quote inside.
std::string french(const std::string& csv, const std::vector<FieldSpec>& fields) {
    static const std::regex iso_date(R"((\d{4})-(\d{2})-(\d{2}))");
    std::istringstream in(csv);
    std::string line, out = "\xEF\xBB\xBF";
    std::vector<TypeKind> kinds;
    std::size_t row = 0;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream cells_in(line);
        for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();
        if (kinds.empty()) {  // the header: each column's type
            for (const std::string& name : cells) {
                const auto f = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& s) { return s.name == name; });
                kinds.push_back(f == fields.end() ? TypeKind::string : f->type.kind);
            }
        } else {
            for (std::size_t i = 0; i < cells.size() && i < kinds.size(); ++i) {
                std::string& cell = cells[i];
                if (cell.empty()) continue;
                if (kinds[i] == TypeKind::date) cell = std::regex_replace(cell, iso_date, "$3/$2/$1");
                else if (kinds[i] == TypeKind::number && (row + i) % 3 == 0) cell += ",25";
                else if (kinds[i] == TypeKind::string && i > 0 && (row + i) % 5 == 0) cell = "\"" + cell + ";\"\"x\"\"\"";
            }
            ++row;
        }
        for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? ";" : "") + cells[i];
        out += "\r\n";
    }
    return out;
}

TEST(FastOutputs, FrenchCsvScoresOnTheFastPathsAsOnTheReference) {
    const Policy policy = bundled("/rules/cahc/cahc.yaml");
    const Date as_of = date_from_civil(2025, 6, 1);
    const std::string text = french(generated(GenKind::demands, 1500, 11, 0), policy.fields("demand"));
    ASSERT_NE(text.find(";\"\"x\"\"\";"), std::string::npos);  // quoted cells are there
    ASSERT_NE(text.find(",25;"), std::string::npos);   // decimal commas
    const ReadOptions read_options{';', true};
    const ReadResult read = read_csv_text(text, policy.fields("demand"), read_options);
    ASSERT_TRUE(read.ok()) << read.error;
    ASSERT_EQ(read.table.rows_read, 1500u);
    ASSERT_TRUE(read.table.rejected.empty()) << read.table.rejected[0].field << ": " << read.table.rejected[0].reason;
    const ScoreRun reference = score_demands(policy, read.table, ScoreOptions{as_of, {}});
    ASSERT_TRUE(reference.ok()) << reference.error;

    FastScoreOptions options;
    options.as_of = as_of;
    options.keep_criteria = true;
    options.read = read_options;
    options.threads = 2;
    const std::string path = write_to("french.csv", text);
    for (const int way : {0, 1, 2}) {
        FastScoreOptions o = options;
        if (way == 2) o.read.delimiter = 0;  // `;` detected from the header line
        const FastScoreRun run = way == 0 ? fast_score_csv(policy, text, o) : fast_score_file(policy, path, o, 4096);
        ASSERT_TRUE(run.ok()) << run.error;
        EXPECT_EQ(run.rows_read, read.table.rows_read);
        EXPECT_TRUE(run.rejected.empty());
        const ScoreRun fast = to_score_run(policy, run);
        ASSERT_EQ(fast.demands.size(), reference.demands.size());
        for (std::size_t i = 0; i < fast.demands.size(); ++i) {
            ASSERT_EQ(score_differences(reference.demands[i], fast.demands[i]), "") << "way " << way << ", demand " << reference.demands[i].id;
        }
    }
    // Read as plain CSV, the same bytes are not these values: the comparison above is not vacuous.
    const ReadResult plain = read_csv_text(text, policy.fields("demand"), ReadOptions{';', false});
    ASSERT_TRUE(plain.ok());
    EXPECT_GT(plain.table.rejected.size(), 100u);
}

TEST(FastOutputs, FrenchCsvAuditsOnTheFastPathAsOnTheReference) {
    const Policy policy = bundled("/rules/national/quotas.yaml");
    const std::string text = french(generated(GenKind::allocations, 3000, 5, -1), policy.fields("allocation"));
    const ReadOptions read_options{';', true};
    const ReadResult read = read_csv_text(text, policy.fields("allocation"), read_options);
    ASSERT_TRUE(read.ok()) << read.error;
    ASSERT_TRUE(read.table.rejected.empty()) << read.table.rejected[0].field << ": " << read.table.rejected[0].reason;
    const AuditOptions options{date_from_civil(2024, 1, 1), date_from_civil(2024, 12, 31), std::nullopt, {}, {}};
    const AuditRun reference = audit_allocations(policy, read.table, options);
    ASSERT_TRUE(reference.ok()) << reference.error;
    ASSERT_GT(reference.rows_in_period, 1000u);
    std::ostringstream expected;
    write_audit_csv(expected, reference);
    for (const unsigned threads : {1u, 2u, 3u}) {
        const FastAuditRun run = audit_allocations_csv(policy, text, options, read_options, threads);
        ASSERT_TRUE(run.audit.ok()) << run.audit.error;
        EXPECT_EQ(run.rows_read, read.table.rows_read);
        EXPECT_TRUE(run.rejected.empty());
        EXPECT_EQ(run.audit.rows_in_period, reference.rows_in_period);
        EXPECT_EQ(run.audit.rows_outside_period, reference.rows_outside_period);
        std::ostringstream actual;
        write_audit_csv(actual, run.audit);
        EXPECT_EQ(actual.str(), expected.str()) << threads << " threads";
    }
}

}  // namespace
}  // namespace cotation
