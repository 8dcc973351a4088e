// The columnar audit (audit_allocations_csv, audit_allocations_file) against the row audit on
// generated allocations with holes, for the bundled quota policies: from a text, from a file read
// in blocks of any size, as CSV and as JSON Lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include "cotation/audit.hpp"
#include "cotation/gen.hpp"
#include "cotation/policy.hpp"
#include "temp_path.hpp"

namespace cotation {
namespace {

// Empties about one cell in twenty (the header kept), so that scopes, targets and periods meet nulls.
std::string with_holes(const std::string& csv, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string out;
    bool header = true;
    std::size_t cell_start = 0;
    for (std::size_t i = 0; i <= csv.size(); ++i) {
        if (i < csv.size() && csv[i] != ',' && csv[i] != '\n') continue;
        const std::string cell = csv.substr(cell_start, i - cell_start);
        out += header || rng() % 20 != 0 ? cell : std::string();
        if (i < csv.size()) out += csv[i];
        if (i < csv.size() && csv[i] == '\n') header = false;
        cell_start = i + 1;
    }
    return out;
}

TEST(FastAudit, EqualsTheRowAuditOnTheBundledQuotas) {
    for (const char* policy_file : {"/rules/national/quotas.yaml", "/rules/cahc/quotas.yaml"}) {
        LoadResult loaded = load_policy(std::string(COTATION_SOURCE_DIR) + policy_file);
        ASSERT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
        const Policy& policy = *loaded.policy;
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            GenOptions gen;
            gen.kind = GenKind::allocations;
            gen.count = 4000;
            gen.seed = seed;
            gen.territory = seed == 1 ? 0 : -1;
            const std::string csv = with_holes(generate_csv(gen), seed);
            const AuditOptions options{date_from_civil(2024, 3, 1), date_from_civil(2024, 10, 31), std::nullopt, {}};
            ReadResult read = read_csv_text(csv, policy.fields("allocation"));
            ASSERT_TRUE(read.ok()) << read.error;
            const AuditRun rows = audit_allocations(policy, read.table, options);
            ASSERT_TRUE(rows.ok()) << rows.error;
            for (unsigned threads : {1u, 2u, 3u}) {
                const FastAuditRun columns = audit_allocations_csv(policy, csv, options, {}, threads);
                ASSERT_TRUE(columns.audit.ok()) << columns.audit.error;
                EXPECT_EQ(columns.rows_read, read.table.rows_read);
                EXPECT_EQ(columns.rejected.size(), read.table.rejected.size());
                ASSERT_EQ(columns.audit.period_rejects.size(), rows.null_period_rows.size());
                ASSERT_EQ(rows.period_rejects.size(), rows.null_period_rows.size());
                for (std::size_t r = 0; r < rows.null_period_rows.size(); ++r) {
                    EXPECT_EQ(rows.period_rejects[r].line, read.table.row_lines[rows.null_period_rows[r]]);
                    EXPECT_EQ(columns.audit.period_rejects[r].line, rows.period_rejects[r].line);
                    EXPECT_EQ(columns.audit.period_rejects[r].field, rows.period_rejects[r].field);
                    EXPECT_EQ(columns.audit.period_rejects[r].field, "lease_signed_on");
                }
                EXPECT_EQ(columns.audit.rows_in_period, rows.rows_in_period);
                EXPECT_EQ(columns.audit.rows_outside_period, rows.rows_outside_period);
                EXPECT_EQ(columns.audit.warnings, rows.warnings);
                ASSERT_EQ(columns.audit.results.size(), rows.results.size()) << policy_file;
                for (std::size_t i = 0; i < rows.results.size(); ++i) {
                    const QuotaGroupResult& a = rows.results[i];
                    const QuotaGroupResult& b = columns.audit.results[i];
                    EXPECT_EQ(a.quota, b.quota);
                    EXPECT_EQ(a.group, b.group);
                    EXPECT_EQ(a.k, b.k) << a.quota;
                    EXPECT_EQ(a.n, b.n) << a.quota;
                    EXPECT_EQ(a.unknown, b.unknown) << a.quota;
                    EXPECT_EQ(a.target, b.target);
                    EXPECT_EQ(a.status, b.status);
                    EXPECT_EQ(a.gap, b.gap);
                    EXPECT_EQ(a.exceeded_by, b.exceeded_by);
                }
                // The data exercise the counts: some rows meet, some are unknown, some lack a period.
                std::int64_t k = 0, unknown = 0;
                for (const auto& r : rows.results) {
                    k += r.k;
                    unknown += r.unknown;
                }
                EXPECT_GT(k, 0);
                EXPECT_GT(unknown, 0);
                EXPECT_GT(rows.null_period_rows.size(), 0u);
            }
        }
    }
}

}  // namespace
}  // namespace cotation

namespace cotation {
namespace {

using testing_support::TempFile;

// The allocations of a CSV text as JSON Lines: each cell a string, number, bool or null as its field's type reads it.
std::string as_jsonl(const Policy& policy, const std::string& csv) {
    ReadResult read = read_csv_text(csv, policy.fields("allocation"));
    std::string out;
    for (const auto& row : read.table.rows) {
        out += '{';
        for (std::size_t f = 0; f < row.size(); ++f) {
            const Value& v = row[f];
            out += (f ? "," : "") + std::string("\"") + read.table.fields[f].name + "\":";
            if (v.is_null()) out += "null";
            else if (const bool* b = v.as_bool()) out += *b ? "true" : "false";
            else if (const double* n = v.as_number()) out += format_number(*n);
            else out += "\"" + format_value(v) + "\"";
        }
        out += "}\n";
    }
    return out;
}

TEST(FastAudit, AFileReadInBlocksOfAnySizeAsCsvOrJsonLinesCountsTheSame) {
    LoadResult loaded = load_policy(std::string(COTATION_SOURCE_DIR) + "/rules/national/quotas.yaml");
    ASSERT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    const Policy& policy = *loaded.policy;
    GenOptions gen;
    gen.kind = GenKind::allocations;
    gen.count = 20000;  // about 2.4 MB
    gen.seed = 5;
    const std::string csv = with_holes(generate_csv(gen), 5);
    const TempFile csv_file("a.csv", csv), jsonl_file("a.jsonl", as_jsonl(policy, csv));
    const AuditOptions options{date_from_civil(2024, 1, 1), date_from_civil(2024, 12, 31), std::nullopt, {}, {}};
    const FastAuditRun whole = audit_allocations_csv(policy, csv, options, {}, 2);
    ASSERT_TRUE(whole.audit.ok()) << whole.audit.error;
    ASSERT_GT(whole.audit.period_rejects.size(), 0u);
    // JSON Lines have no header line: their rows start a line earlier.
    const auto same = [&](const FastAuditRun& run, std::uint64_t header_lines) {
        ASSERT_TRUE(run.audit.ok()) << run.audit.error;
        EXPECT_EQ(run.rows_read, whole.rows_read);
        EXPECT_EQ(run.audit.rows_in_period, whole.audit.rows_in_period);
        EXPECT_EQ(run.audit.rows_outside_period, whole.audit.rows_outside_period);
        ASSERT_EQ(run.audit.period_rejects.size(), whole.audit.period_rejects.size());
        for (std::size_t r = 0; r < run.audit.period_rejects.size(); ++r)
            EXPECT_EQ(run.audit.period_rejects[r].line + 1 - header_lines, whole.audit.period_rejects[r].line);
        ASSERT_EQ(run.audit.results.size(), whole.audit.results.size());
        for (std::size_t i = 0; i < run.audit.results.size(); ++i) {
            EXPECT_EQ(run.audit.results[i].group, whole.audit.results[i].group);
            EXPECT_EQ(run.audit.results[i].k, whole.audit.results[i].k);
            EXPECT_EQ(run.audit.results[i].n, whole.audit.results[i].n);
            EXPECT_EQ(run.audit.results[i].unknown, whole.audit.results[i].unknown);
        }
    };
    for (const std::size_t block : {std::size_t{4096}, std::size_t{100003}, std::size_t{32} << 20})
        for (unsigned threads : {1u, 3u}) {
            SCOPED_TRACE("block " + std::to_string(block) + ", threads " + std::to_string(threads));
            same(audit_allocations_file(policy, csv_file.path(), options, {}, threads, block), 1);
            same(audit_allocations_file(policy, jsonl_file.path(), options, {}, threads, block), 0);
        }
}

TEST(FastAudit, ReportsProgressUpToTheWholeFile) {
    LoadResult loaded = load_policy(std::string(COTATION_SOURCE_DIR) + "/rules/national/quotas.yaml");
    ASSERT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    GenOptions gen;
    gen.kind = GenKind::allocations;
    gen.count = 20000;
    gen.seed = 6;
    const std::string csv = generate_csv(gen);
    const TempFile file("progress.csv", csv);
    for (unsigned threads : {1u, 2u}) {
        std::vector<std::uint64_t> seen;
        AuditOptions options{date_from_civil(2024, 1, 1), date_from_civil(2024, 12, 31), std::nullopt, {}, {}};
        options.progress = [&](std::uint64_t bytes) { seen.push_back(bytes); };
        const FastAuditRun run = audit_allocations_file(*loaded.policy, file.path(), options, {}, threads, 1u << 18);
        ASSERT_TRUE(run.audit.ok()) << run.audit.error;
        ASSERT_GE(seen.size(), 2u);
        EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
        EXPECT_EQ(seen.back(), csv.size());
    }
}

}  // namespace
}  // namespace cotation
