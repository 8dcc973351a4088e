// Counting allocations against CIA quotas: counts, exact targets, gaps, groups, overrides,
// the outputs and the what-if.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "audit/target_math.hpp"
#include "cotation/audit.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/diagnostic.hpp"
#include "cotation/policy.hpp"

namespace cotation {
namespace {

// The records and parameters every test policy shares; quotas are appended.
const std::string schema = R"(cotation: 1
name: "CIA d'essai"
version: "t1"
records:
  allocation:
    key: id
    fields:
      id: string
      landlord: string
      commune: int
      qpv: bool
      q1: bool
      anru: bool
      income: number
      lease_signed_on: date
    derived:
      poor: income < threshold
parameters:
  threshold:
    values:
      2024-01-01: 8000
      2025-01-01: 9000
)";

const std::string header = "id,landlord,commune,qpv,q1,anru,income,lease_signed_on\n";

Policy policy_with(const std::string& quotas) {
    LoadResult loaded = load_policy_from_string(schema + quotas);
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    if (!loaded.ok()) throw std::runtime_error("policy does not load");
    return *loaded.policy;
}

DataTable data(const Policy& policy, const std::string& rows) {
    ReadResult read = read_csv_text(header + rows, policy.fields("allocation"));
    EXPECT_TRUE(read.ok()) << read.error;
    return read.table;
}

AuditOptions year(int y) {
    AuditOptions o;
    o.from = date_from_civil(y, 1, 1);
    o.to = date_from_civil(y, 12, 31);
    return o;
}

// A quota `q` over every row, meeting when q1 is true, with the given target.
std::string simple_quota(const std::string& target, const std::string& by = "") {
    return "quotas:\n  - id: q\n    label: \"Essai\"\n    meets: q1\n    target: \"" + target + "\"\n" +
           (by.empty() ? "" : "    by: [" + by + "]\n");
}

// Rows for landlord L: k meeting (q1 true) and n - k not meeting, all in 2024.
std::string rows_kn(const std::string& landlord, int k, int n, int first_id = 0) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += "R" + std::to_string(first_id + i) + "," + landlord + ",62000,false," + (i < k ? "true" : "false") +
               ",false,1000,2024-03-01\n";
    return out;
}

const QuotaGroupResult* find(const AuditRun& run, const std::string& quota, const std::string& group) {
    for (const auto& r : run.results)
        if (r.quota == quota && group_text(r) == group) return &r;
    return nullptr;
}

AuditRun audit(const Policy& p, const DataTable& t, const AuditOptions& o = year(2024)) {
    AuditRun run = audit_allocations(p, t, o);
    EXPECT_TRUE(run.ok()) << run.error;
    EXPECT_EQ(t.rows.size(), run.rows_in_period + run.rows_outside_period + run.null_period_rows.size());
    return run;
}

std::string csv_of(const AuditRun& run) {
    std::ostringstream out;
    write_audit_csv(out, run);
    return out.str();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
    return count;
}

// --- exact targets -----------------------------------------------------------------------------

TEST(AuditTargets, ExactlyOnTwentyFivePercentIsMet) {
    const Policy p = policy_with(simple_quota(">= 25%"));
    const AuditRun run = audit(p, data(p, rows_kn("A", 1, 4)));
    ASSERT_EQ(run.results.size(), 1u);
    const auto& r = run.results[0];
    EXPECT_EQ(r.k, 1);
    EXPECT_EQ(r.n, 4);
    EXPECT_EQ(r.status, QuotaStatus::met);
    EXPECT_EQ(r.gap, 0);
    EXPECT_EQ(share_text(r), "0.2500");

    const AuditRun below = audit(p, data(p, rows_kn("A", 1, 5)));
    EXPECT_EQ(below.results[0].status, QuotaStatus::not_met);
    EXPECT_EQ(below.results[0].gap, 1);  // 100·2 >= 25·6
    EXPECT_EQ(share_text(below.results[0]), "0.2000");
}

TEST(AuditTargets, AtMostTwentyFivePercentExactly) {
    const Policy p = policy_with(simple_quota("<= 25%"));
    EXPECT_EQ(audit(p, data(p, rows_kn("A", 1, 4))).results[0].status, QuotaStatus::met);
    const auto r = audit(p, data(p, rows_kn("A", 2, 4))).results[0];
    EXPECT_EQ(r.status, QuotaStatus::not_met);
    EXPECT_EQ(r.gap, 4);  // 200 <= 25·(4+4)
}

TEST(AuditTargets, NoRowsInScopeIsNoData) {
    const Policy p = policy_with(
        "quotas:\n"
        "  - { id: pct, label: P, scope: qpv, meets: q1, target: \">= 25%\" }\n"
        "  - { id: low, label: L, scope: qpv, meets: q1, target: \"<= 10%\" }\n"
        "  - { id: cnt, label: C, scope: qpv, meets: q1, target: \">= 3\" }\n"
        "  - { id: cap, label: M, scope: qpv, meets: q1, target: \"<= 3\" }\n");
    const AuditRun run = audit(p, data(p, rows_kn("A", 1, 2)));  // qpv false: nothing in scope
    ASSERT_EQ(run.results.size(), 4u);
    for (const auto& r : run.results) {
        EXPECT_EQ(r.n, 0) << r.quota;
        EXPECT_EQ(r.status, QuotaStatus::no_data) << r.quota;
        EXPECT_EQ(share_text(r), "") << r.quota;
    }
    EXPECT_EQ(run.results[0].gap, 0);
    EXPECT_EQ(run.results[1].gap, 0);
    EXPECT_EQ(run.results[2].gap, 3);  // `>= N`: N − k, whatever n
    EXPECT_EQ(run.results[3].gap, 0);
    // And with no row at all.
    const AuditRun empty = audit(p, data(p, ""));
    EXPECT_EQ(empty.results.size(), 4u);
    EXPECT_EQ(empty.results[0].status, QuotaStatus::no_data);
}

TEST(AuditTargets, HundredPercentCannotCloseOnceARowFails) {
    const Policy p = policy_with(simple_quota(">= 100%"));
    const auto r = audit(p, data(p, rows_kn("A", 2, 3))).results[0];
    EXPECT_EQ(r.status, QuotaStatus::not_met);
    EXPECT_FALSE(r.gap.has_value());
    EXPECT_EQ(r.exceeded_by, 0);
    EXPECT_EQ(gap_text(r), "");
    const auto all = audit(p, data(p, rows_kn("A", 3, 3))).results[0];
    EXPECT_EQ(all.status, QuotaStatus::met);
    EXPECT_EQ(all.gap, 0);

    const Policy zero = policy_with(simple_quota("<= 0%"));
    const auto z = audit(zero, data(zero, rows_kn("A", 1, 3))).results[0];
    EXPECT_EQ(z.status, QuotaStatus::not_met);
    EXPECT_FALSE(z.gap.has_value());
    EXPECT_EQ(audit(zero, data(zero, rows_kn("A", 0, 3))).results[0].status, QuotaStatus::met);
}

TEST(AuditTargets, DecimalPercentIsExact) {
    const Policy p = policy_with(simple_quota(">= 33.3%"));
    // 1/3 = 33.33…% >= 33.3 %: 100·1·10 = 1000 >= 333·3 = 999.
    EXPECT_EQ(audit(p, data(p, rows_kn("A", 1, 3))).results[0].status, QuotaStatus::met);
    // 333/1000 exactly on the target; 332/1000 just below, one more meeting row closes it.
    EXPECT_EQ(audit(p, data(p, rows_kn("A", 333, 1000))).results[0].status, QuotaStatus::met);
    const auto r = audit(p, data(p, rows_kn("A", 332, 1000))).results[0];
    EXPECT_EQ(r.status, QuotaStatus::not_met);
    EXPECT_EQ(r.gap, 2);  // 100·10·(332+x) >= 333·(1000+x): 667x >= 1000

    const Policy at_most = policy_with(simple_quota("<= 33.3%"));
    const auto m = audit(at_most, data(at_most, rows_kn("A", 1, 3))).results[0];
    EXPECT_EQ(m.status, QuotaStatus::not_met);  // 1000 <= 999 fails
    EXPECT_EQ(m.gap, 1);                        // 1/4 = 25 %
}

TEST(AuditTargets, AtMostCountExceeded) {
    const Policy p = policy_with(simple_quota("<= 3"));
    const auto r = audit(p, data(p, rows_kn("A", 5, 6))).results[0];
    EXPECT_EQ(r.status, QuotaStatus::not_met);
    EXPECT_FALSE(r.gap.has_value());
    EXPECT_EQ(r.exceeded_by, 2);
    EXPECT_EQ(gap_text(r), "exceeded by 2");
    const auto ok = audit(p, data(p, rows_kn("A", 3, 6))).results[0];
    EXPECT_EQ(ok.status, QuotaStatus::met);
    EXPECT_EQ(gap_text(ok), "0");

    const Policy at_least = policy_with(simple_quota(">= 4"));
    const auto l = audit(at_least, data(at_least, rows_kn("A", 1, 6))).results[0];
    EXPECT_EQ(l.status, QuotaStatus::not_met);
    EXPECT_EQ(l.gap, 3);
}

// The gap formulas against a brute-force search, over many (k, n, P).
TEST(AuditTargets, GapMatchesBruteForce) {
    const std::vector<std::string> percents = {"0%", "0.5%", "1%", "10%", "12.5%", "20%", "25%", "30%", "33.3%", "33.33%",
                                               "50%", "60%", "66.7%", "75%", "99%", "99.9%", "100%"};
    for (const bool at_least : {true, false}) {
        for (const std::string& pct : percents) {
            std::string problem;
            const auto t = parse_target((at_least ? ">= " : "<= ") + pct, problem);
            ASSERT_TRUE(t) << problem;
            // k/n against numerator/(100·scale), cross-multiplied (values are small: 64 bits suffice).
            const auto holds = [&](std::int64_t k, std::int64_t n) {
                const std::int64_t share = k * t->scale * 100, want = t->numerator * n;
                return at_least ? share >= want : share <= want;
            };
            for (std::int64_t n = 0; n <= 24; ++n)
                for (std::int64_t k = 0; k <= n; ++k) {
                    EXPECT_EQ(audit::target_holds(*t, k, n), holds(k, n)) << pct << " k=" << k << " n=" << n;
                    std::optional<std::int64_t> brute;
                    for (std::int64_t x = 0; x <= 25000 && !brute; ++x)  // the largest gap here: 99.9 %, 23 976
                        if (at_least ? holds(k + x, n + x) : holds(k, n + x)) brute = x;
                    const audit::Gap g = audit::target_gap(*t, k, n);
                    EXPECT_EQ(g.gap, brute) << (at_least ? ">= " : "<= ") << pct << " k=" << k << " n=" << n;
                    EXPECT_EQ(g.exceeded_by, 0);
                }
        }
    }
    for (std::int64_t N = 0; N <= 6; ++N)
        for (std::int64_t k = 0; k <= 10; ++k) {
            std::string problem;
            const auto ge = parse_target(">= " + std::to_string(N), problem);
            const auto le = parse_target("<= " + std::to_string(N), problem);
            std::optional<std::int64_t> brute;
            for (std::int64_t x = 0; x <= 100 && !brute; ++x)
                if (k + x >= N) brute = x;
            EXPECT_EQ(audit::target_gap(*ge, k, k).gap, brute);
            const audit::Gap g = audit::target_gap(*le, k, k);
            if (k <= N) EXPECT_EQ(g.gap, 0);
            else {
                EXPECT_FALSE(g.gap.has_value());
                EXPECT_EQ(g.exceeded_by, k - N);
            }
        }
}

// Counts and targets that fit 64 bits are computed in 64 bits: the same results as in 128, up to
// the largest counts and factors that take that path, and past them (128 bits again).
TEST(AuditTargets, SixtyFourBitPathEqualsTheWideOne) {
    std::mt19937_64 rng(20261208);
    const std::int64_t largest_count = (std::int64_t(1) << 31) - 1;
    for (const std::string written : {">= 25%", ">= 33.333%", "<= 62.5%", "<= 0%", ">= 100%", ">= 0.0001%", "<= 99.9999%"}) {
        std::string problem;
        const auto t = parse_target(written, problem);
        ASSERT_TRUE(t) << problem;
        for (int i = 0; i < 20000; ++i) {
            const std::int64_t n = i < 10 ? largest_count - i : static_cast<std::int64_t>(rng() % (i % 2 ? 50 : largest_count + 1));
            const std::int64_t k = n == 0 ? 0 : static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n + 1));
            ASSERT_TRUE(audit::fits_64_bits(*t, k, n)) << written << " k=" << k << " n=" << n;
            ASSERT_EQ(audit::target_holds_in<std::int64_t>(*t, k, n), audit::target_holds_in<audit::wide>(*t, k, n)) << written << " k=" << k << " n=" << n;
            const audit::Gap narrow = audit::target_gap_in<std::int64_t>(*t, k, n), wide = audit::target_gap_in<audit::wide>(*t, k, n);
            ASSERT_EQ(narrow.gap, wide.gap) << written << " k=" << k << " n=" << n;
            ASSERT_EQ(narrow.exceeded_by, wide.exceeded_by) << written << " k=" << k << " n=" << n;
        }
        EXPECT_FALSE(audit::fits_64_bits(*t, 0, largest_count + 1));
    }
    // Past the 64-bit path: counts beyond 2^31 still give exact gaps.
    std::string problem;
    const auto quarter = parse_target(">= 25%", problem);
    const std::int64_t n = std::int64_t(1) << 40;
    EXPECT_EQ(audit::target_gap(*quarter, 0, n).gap, n / 3 + 1);  // 100·x >= 25·(n + x)  <=>  x >= n/3
    EXPECT_TRUE(audit::target_holds(*quarter, n / 4, n));
    EXPECT_FALSE(audit::target_holds(*quarter, n / 4 - 1, n));
}

// The same through the whole audit, for a sample of (k, n) and targets.
TEST(AuditTargets, AuditGapsMatchBruteForce) {
    for (const std::string target : {">= 25%", ">= 33.3%", "<= 25%", "<= 62.5%", ">= 60%"}) {
        const Policy p = policy_with(simple_quota(target));
        std::string problem;
        const auto t = parse_target(target, problem);
        for (int n = 1; n <= 12; n += 3)
            for (int k = 0; k <= n; ++k) {
                const auto r = audit(p, data(p, rows_kn("A", k, n))).results[0];
                std::optional<std::int64_t> brute;
                for (std::int64_t x = 0; x <= 1000 && !brute; ++x)
                    if (t->kind == TargetKind::at_least_percent ? audit::target_holds(*t, k + x, n + x) : audit::target_holds(*t, k, n + x))
                        brute = x;
                EXPECT_EQ(r.gap, brute) << target << " k=" << k << " n=" << n;
                EXPECT_EQ(r.status, audit::target_holds(*t, k, n) ? QuotaStatus::met : QuotaStatus::not_met);
            }
    }
}

// --- what is counted -----------------------------------------------------------------------------

TEST(AuditCounts, NullScopeOrMeetsIsUnknown) {
    const Policy p = policy_with(
        "quotas:\n  - { id: q, label: Q, scope: not qpv, meets: q1 or anru, target: \">= 25%\" }\n");
    const DataTable t = data(p,
                             "A1,X,1,false,true,false,1,2024-01-01\n"   // in scope, meets
                             "A2,X,1,false,false,false,1,2024-01-01\n"  // in scope, does not meet
                             "A3,X,1,,true,false,1,2024-01-01\n"        // scope null: unknown
                             "A4,X,1,false,,false,1,2024-01-01\n"       // meets null (null or false): unknown
                             "A5,X,1,false,,true,1,2024-01-01\n"        // null or true = true: meets
                             "A6,X,1,true,,,1,2024-01-01\n");           // out of scope: meets does not matter
    const auto r = audit(p, t).results[0];
    EXPECT_EQ(r.k, 2);
    EXPECT_EQ(r.n, 3);
    EXPECT_EQ(r.unknown, 2);
}

TEST(AuditCounts, NullPeriodRejectedAndOutsideIgnored) {
    const Policy p = policy_with(simple_quota(">= 25%"));
    const DataTable t = data(p,
                             "A1,X,1,false,true,false,1,2024-01-01\n"
                             "A2,X,1,false,true,false,1,\n"             // null period: rejected
                             "A3,X,1,false,true,false,1,2023-12-31\n"   // outside
                             "A4,X,1,false,false,false,1,2024-12-31\n"  // last day: inside
                             "A5,X,1,false,true,false,1,2025-01-01\n"); // outside
    const AuditRun run = audit(p, t);
    EXPECT_EQ(run.rows_in_period, 2u);
    EXPECT_EQ(run.rows_outside_period, 2u);
    ASSERT_EQ(run.null_period_rows.size(), 1u);
    EXPECT_EQ(run.null_period_rows[0], 1u);
    EXPECT_EQ(run.results[0].k, 1);
    EXPECT_EQ(run.results[0].n, 2);
}

TEST(AuditCounts, ParametersResolvedAtEndOfPeriodOrAsOf) {
    const Policy p = policy_with("quotas:\n  - { id: q, label: Q, meets: poor, target: \">= 50%\" }\n");
    const DataTable t = data(p, "A1,X,1,false,true,false,8500,2024-06-01\n");
    AuditOptions o = year(2024);
    EXPECT_EQ(audit(p, t, o).results[0].k, 0);  // threshold 8000 at 2024-12-31
    o.as_of = date_from_civil(2025, 6, 1);
    EXPECT_EQ(audit(p, t, o).results[0].k, 1);  // 9000
    EXPECT_EQ(audit(p, t, o).as_of, date_from_civil(2025, 6, 1));
    o.parameter_overrides = {{"threshold", Value(100.0)}};
    EXPECT_EQ(audit(p, t, o).results[0].k, 0);

    AuditOptions early = year(2023);
    const AuditRun failed = audit_allocations(p, t, early);
    EXPECT_FALSE(failed.ok());
    EXPECT_NE(failed.error.find("threshold"), std::string::npos);
    EXPECT_NE(failed.error.find("2023-12-31"), std::string::npos);
    EXPECT_TRUE(failed.results.empty());
}

// --- groups and overrides -----------------------------------------------------------------------

const std::string grouped_quota = R"(quotas:
  - id: q1_hors_qpv
    label: "25 % hors QPV au 1er quartile"
    scope: not qpv
    meets: q1 or anru
    target: ">= 25%"
    by: [landlord]
    overrides:
      - where: { landlord: "SIA" }
        target: ">= 30%"
      - where: { landlord: "Absent" }
        target: ">= 40%"
)";

TEST(AuditGroups, GroupsSortedOverallFirstWithOverrides) {
    const Policy p = policy_with(grouped_quota);
    const DataTable t = data(p, rows_kn("SIA", 1, 4, 0) + rows_kn("Clesence", 1, 5, 10) + rows_kn("Maisons", 2, 4, 20) +
                                    "N1,,1,false,true,false,1,2024-05-01\n"    // null landlord: its own group, last
                                    "Q1,Qpv Only,1,true,true,false,1,2024-05-01\n");  // no row in scope: n = 0
    const AuditRun run = audit(p, t);
    std::vector<std::string> groups;
    for (const auto& r : run.results) groups.push_back(group_text(r));
    EXPECT_EQ(groups, (std::vector<std::string>{"*", "landlord=Absent", "landlord=Clesence", "landlord=Maisons", "landlord=Qpv Only",
                                                "landlord=SIA", "landlord="}));
    const auto* overall = find(run, "q1_hors_qpv", "*");
    EXPECT_EQ(overall->target, ">= 25%");  // the overall row keeps the quota's target
    EXPECT_EQ(overall->k, 5);
    EXPECT_EQ(overall->n, 14);
    const auto* sia = find(run, "q1_hors_qpv", "landlord=SIA");
    EXPECT_EQ(sia->target, ">= 30%");
    EXPECT_EQ(sia->status, QuotaStatus::not_met);  // 25 % < 30 %
    EXPECT_EQ(sia->gap, 1);
    const auto* absent = find(run, "q1_hors_qpv", "landlord=Absent");  // only the override names it
    ASSERT_NE(absent, nullptr);
    EXPECT_EQ(absent->n, 0);
    EXPECT_EQ(absent->status, QuotaStatus::no_data);
    EXPECT_EQ(absent->target, ">= 40%");
    const auto* qpv_only = find(run, "q1_hors_qpv", "landlord=Qpv Only");
    EXPECT_EQ(qpv_only->status, QuotaStatus::no_data);
    EXPECT_EQ(find(run, "q1_hors_qpv", "landlord=")->k, 1);
    ASSERT_EQ(run.warnings.size(), 1u);
    EXPECT_NE(run.warnings[0].find("Absent"), std::string::npos);
    EXPECT_NE(run.warnings[0].find("q1_hors_qpv"), std::string::npos);
}

TEST(AuditGroups, SeveralByFieldsAndNumericOverride) {
    const Policy p = policy_with(R"(quotas:
  - id: q
    label: Q
    meets: q1
    target: ">= 50%"
    by: [landlord, commune]
    overrides:
      - where: { commune: "62001" }
        target: ">= 10%"
      - where: { landlord: "B", commune: "62001" }
        target: ">= 90%"
)");
    const DataTable t = data(p,
                             "A1,B,62002,false,true,false,1,2024-01-01\n"
                             "A2,B,62001,false,false,false,1,2024-01-01\n"
                             "A3,A,62001,false,true,false,1,2024-01-01\n"
                             "A4,A,62001,false,false,false,1,2024-01-01\n"
                             "A5,A,62001,false,false,false,1,2024-01-01\n"
                             "A6,A,,false,false,false,1,2024-01-01\n");
    const AuditRun run = audit(p, t);
    std::vector<std::string> groups;
    for (const auto& r : run.results) groups.push_back(group_text(r) + " " + r.target);
    // The first matching override, in file order, wins; nulls sort last within their field.
    EXPECT_EQ(groups, (std::vector<std::string>{"* >= 50%", "landlord=A;commune=62001 >= 10%", "landlord=A;commune= >= 50%",
                                                "landlord=B;commune=62001 >= 10%", "landlord=B;commune=62002 >= 50%"}));
    EXPECT_TRUE(run.warnings.empty());
    EXPECT_EQ(find(run, "q", "landlord=A;commune=62001")->status, QuotaStatus::met);  // 1/3 >= 10 %
}

TEST(AuditGroups, ResultsDoNotDependOnRowOrder) {
    const Policy p = policy_with(grouped_quota + R"(  - id: cnt
    label: "Relogements"
    meets: anru
    target: ">= 2"
    by: [landlord, qpv]
)");
    std::string rows;
    std::mt19937 rng(42);
    const char* landlords[] = {"SIA", "Maisons", "Clesence", "Pas-de-Calais", ""};
    for (int i = 0; i < 300; ++i) {
        const auto pick = [&](int m) { return static_cast<int>(rng() % static_cast<unsigned>(m)); };
        const char* tri[] = {"true", "false", ""};
        rows += "R" + std::to_string(i) + "," + landlords[pick(5)] + ",1," + tri[pick(3)] + "," + tri[pick(3)] + "," + tri[pick(3)] +
                ",1," + (pick(10) == 0 ? std::string() : "2024-0" + std::to_string(1 + pick(9)) + "-1" + std::to_string(pick(10))) + "\n";
    }
    const DataTable t = data(p, rows);
    const AuditRun reference = audit(p, t);
    const std::string expected = csv_of(reference);
    for (int round = 0; round < 5; ++round) {
        DataTable shuffled = t;
        std::vector<std::size_t> order(t.rows.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t i = 0; i < order.size(); ++i) {
            shuffled.rows[i] = t.rows[order[i]];
            shuffled.row_lines[i] = t.row_lines[order[i]];
        }
        const AuditRun run = audit(p, shuffled);
        EXPECT_EQ(csv_of(run), expected);
        EXPECT_EQ(run.rows_in_period, reference.rows_in_period);
        EXPECT_EQ(run.null_period_rows.size(), reference.null_period_rows.size());
        EXPECT_EQ(run.warnings, reference.warnings);
    }
}

// --- outputs ------------------------------------------------------------------------------------

TEST(AuditOutput, CsvExact) {
    const Policy p = policy_with(grouped_quota + R"(  - id: plafond
    label: "Plafond"
    meets: q1
    target: "<= 1"
    by: [landlord]
)");
    const DataTable t = data(p, rows_kn("SIA", 1, 4, 0) + rows_kn("Maisons", 2, 3, 10) + "U1,Maisons,1,,true,false,1,2024-05-01\n");
    EXPECT_EQ(csv_of(audit(p, t)),
              "quota,group,k,n,unknown,share,target,status,gap\n"
              "q1_hors_qpv,*,3,7,1,0.4286,>= 25%,met,0\n"
              "q1_hors_qpv,landlord=Absent,0,0,0,,>= 40%,no_data,0\n"
              "q1_hors_qpv,landlord=Maisons,2,3,1,0.6667,>= 25%,met,0\n"
              "q1_hors_qpv,landlord=SIA,1,4,0,0.2500,>= 30%,not_met,1\n"
              "plafond,*,4,8,0,0.5000,<= 1,not_met,exceeded by 3\n"
              "plafond,landlord=Maisons,3,4,0,0.7500,<= 1,not_met,exceeded by 2\n"
              "plafond,landlord=SIA,1,4,0,0.2500,<= 1,met,0\n");
}

TEST(AuditOutput, JsonExact) {
    const Policy p = policy_with(simple_quota(">= 100%", "landlord"));
    const DataTable t = data(p, rows_kn("A", 1, 3));
    AuditOptions o;
    o.from = date_from_civil(2024, 3, 1);
    o.to = date_from_civil(2024, 3, 31);
    std::ostringstream out;
    write_audit_json(out, p, audit(p, t, o));
    EXPECT_EQ(out.str(), R"({
  "name": "CIA d'essai",
  "version": "t1",
  "period": {
    "from": "2024-03-01",
    "to": "2024-03-31"
  },
  "results": [
    {
      "quota": "q",
      "label": "Essai",
      "group": {},
      "k": 1,
      "n": 3,
      "unknown": 0,
      "share": 0.3333,
      "target": ">= 100%",
      "status": "not_met",
      "gap": null
    },
    {
      "quota": "q",
      "label": "Essai",
      "group": {
        "landlord": "A"
      },
      "k": 1,
      "n": 3,
      "unknown": 0,
      "share": 0.3333,
      "target": ">= 100%",
      "status": "not_met",
      "gap": null
    }
  ]
}
)");
}

TEST(AuditOutput, JsonGroupValuesTypedAndExceeded) {
    const Policy p = policy_with(simple_quota("<= 0", "commune, qpv"));
    const DataTable t = data(p, "A1,X,62001,true,true,false,1,2024-01-01\nA2,X,,,false,false,1,2024-01-01\n");
    std::ostringstream out;
    write_audit_json(out, p, audit(p, t));
    const std::string j = out.str();
    EXPECT_NE(j.find("\"commune\": 62001,"), std::string::npos) << j;
    EXPECT_NE(j.find("\"qpv\": true"), std::string::npos) << j;
    EXPECT_NE(j.find("\"commune\": null,"), std::string::npos) << j;
    EXPECT_NE(j.find("\"gap\": \"exceeded by 1\""), std::string::npos) << j;
}

TEST(AuditOutput, HtmlSelfContainedOnePanelAndBarPerGroup) {
    const Policy p = policy_with(grouped_quota + R"(  - id: total
    label: "Relogements ANRU"
    meets: anru
    target: ">= 3"
)");
    const DataTable t = data(p, rows_kn("SIA", 1, 4, 0) + rows_kn("Maisons", 2, 3, 10) + "Q1,Qpv,1,true,true,false,1,2024-05-01\n");
    const AuditRun run = audit(p, t);
    ASSERT_EQ(run.results.size(), 6u);  // q1_hors_qpv: *, Absent, Maisons, Qpv, SIA; total: *
    std::ostringstream out;
    write_audit_html(out, p, run);
    const std::string html = out.str();
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(occurrences(html, "<svg"), run.results.size());
    EXPECT_EQ(occurrences(html, "<rect class=\"bar "), run.results.size());
    EXPECT_EQ(occurrences(html, "class=\"bar met\""), 2u);      // overall q1 (3/7), Maisons
    EXPECT_EQ(occurrences(html, "class=\"bar not_met\""), 2u);  // SIA (25 % < 30 %), total (0 < 3)
    EXPECT_EQ(occurrences(html, "class=\"bar no_data\""), 2u);  // Absent, Qpv
    EXPECT_EQ(occurrences(html, "<line class=\"target\""), run.results.size());
    EXPECT_EQ(occurrences(html, "<section class=\"quota\""), 2u);
    EXPECT_EQ(html.find("http"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_NE(html.find("@media print"), std::string::npos);
    EXPECT_NE(html.find("25 % hors QPV au 1er quartile"), std::string::npos);
    EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(AuditOutput, TextHasLabelsAndAlignedColumns) {
    const Policy p = policy_with(grouped_quota);
    const DataTable t = data(p, rows_kn("SIA", 1, 4, 0) + rows_kn("Maisons & Cités", 2, 3, 10));
    std::ostringstream out;
    write_audit_text(out, p, audit(p, t));
    const std::string text = out.str();
    EXPECT_NE(text.find("CIA d'essai — version t1"), std::string::npos) << text;
    EXPECT_NE(text.find("q1_hors_qpv — 25 % hors QPV au 1er quartile"), std::string::npos) << text;
    // Every row of the table has its `k` column ending at the same display column.
    std::istringstream lines(text);
    std::string line;
    std::vector<std::size_t> ends;
    while (std::getline(lines, line)) {
        if (line.rfind("  ", 0) != 0 || line.find("objectif :") != std::string::npos) continue;
        std::size_t width = 0, i = 0;
        // display width up to the end of the second column (first run of digits or "k" after the group)
        const std::size_t cut = line.find_first_not_of(' ', line.find("  ", 2));
        const std::size_t end = line.find(' ', cut);
        for (; i < end; ++i) width += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
        ends.push_back(width);
    }
    ASSERT_GE(ends.size(), 4u) << text;
    for (std::size_t e : ends) EXPECT_EQ(e, ends[0]) << text;
}

// --- what-if ------------------------------------------------------------------------------------

const std::string what_if_quotas = R"(quotas:
  - id: pct
    label: "Au moins 25 %"
    scope: not qpv
    meets: q1
    target: ">= 25%"
    by: [landlord]
  - id: cap
    label: "Au plus 2"
    meets: q1
    target: "<= 2"
  - id: low
    label: "Au plus 50 %"
    meets: q1
    target: "<= 50%"
)";

const WhatIfEffect* effect(const std::vector<WhatIfEffect>& effects, const std::string& candidate, const std::string& quota,
                           const std::string& group) {
    for (const auto& e : effects)
        if (e.candidate == candidate && e.after.quota == quota && group_text(e.after) == group) return &e;
    return nullptr;
}

TEST(AuditWhatIf, Directions) {
    const Policy p = policy_with(what_if_quotas);
    // A: 1 of 5 meets (20 %, not met); B: 1 of 2 (50 %, met).
    const DataTable t = data(p, rows_kn("A", 1, 5, 0) + rows_kn("B", 1, 2, 10));
    const DataTable candidates = data(p,
                                      "C1,A,1,false,true,false,1,2030-01-01\n"    // A meets: towards (and its date is ignored)
                                      "C2,A,1,false,false,false,1,\n"             // A does not meet: away (20 % -> 16.7 %)
                                      "C3,B,1,false,true,false,1,2024-01-01\n"    // B met, margin grows
                                      "C4,B,1,false,false,false,1,2024-01-01\n"   // B met at 50 % -> 33 %: still met, margin shrinks
                                      "C5,New,1,false,false,false,1,2024-01-01\n" // a new group: no_data -> not_met
                                      "C6,A,1,true,false,false,1,2024-01-01\n"    // out of `pct`'s scope
                                      "C7,A,1,,true,false,1,2024-01-01\n");       // scope null: unknown only
    std::string error;
    const auto effects = what_if(p, t, candidates, year(2024), error);
    ASSERT_TRUE(error.empty()) << error;

    const auto* c1 = effect(effects, "C1", "pct", "landlord=A");
    ASSERT_NE(c1, nullptr);
    EXPECT_EQ(c1->before.k, 1);
    EXPECT_EQ(c1->before.n, 5);
    EXPECT_EQ(c1->after.k, 2);
    EXPECT_EQ(c1->after.n, 6);
    EXPECT_EQ(c1->after.status, QuotaStatus::met);
    EXPECT_EQ(c1->direction, 1);
    EXPECT_EQ(effect(effects, "C1", "pct", "*")->direction, 1);
    EXPECT_EQ(effect(effects, "C1", "cap", "*")->direction, -1);  // a meeting row uses the room under `<= 2`
    EXPECT_EQ(effect(effects, "C1", "low", "*")->direction, -1);

    EXPECT_EQ(effect(effects, "C2", "pct", "landlord=A")->direction, -1);  // gap 1 -> 1, share down
    EXPECT_EQ(effect(effects, "C2", "cap", "*")->direction, 0);            // a count target ignores non-meeting rows
    EXPECT_EQ(effect(effects, "C2", "low", "*")->direction, 1);

    EXPECT_EQ(effect(effects, "C3", "pct", "landlord=B")->direction, 1);
    const auto* c4 = effect(effects, "C4", "pct", "landlord=B");
    EXPECT_EQ(c4->after.status, QuotaStatus::met);
    EXPECT_EQ(c4->direction, -1);

    const auto* c5 = effect(effects, "C5", "pct", "landlord=New");
    ASSERT_NE(c5, nullptr);
    EXPECT_EQ(c5->before.status, QuotaStatus::no_data);
    EXPECT_EQ(c5->after.status, QuotaStatus::not_met);
    EXPECT_EQ(c5->direction, -1);

    EXPECT_EQ(effect(effects, "C6", "pct", "landlord=A"), nullptr);
    EXPECT_EQ(effect(effects, "C6", "pct", "*"), nullptr);
    ASSERT_NE(effect(effects, "C6", "cap", "*"), nullptr);

    const auto* c7 = effect(effects, "C7", "pct", "landlord=A");
    ASSERT_NE(c7, nullptr);
    EXPECT_EQ(c7->after.unknown, c7->before.unknown + 1);
    EXPECT_EQ(c7->after.n, c7->before.n);
    EXPECT_EQ(c7->direction, 0);

    // Candidates are considered one at a time: the `before` of every candidate is the audit.
    EXPECT_EQ(effect(effects, "C3", "cap", "*")->before.k, 2);
    EXPECT_EQ(effect(effects, "C3", "cap", "*")->after.k, 3);
    EXPECT_EQ(effect(effects, "C3", "cap", "*")->after.exceeded_by, 1);
}

TEST(AuditWhatIf, GapDecidesWhenBothNotMet) {
    const Policy p = policy_with(simple_quota(">= 50%") + R"(  - id: all
    label: "Toutes"
    meets: q1
    target: ">= 100%"
  - id: ten
    label: "Dix pour cent"
    meets: q1
    target: ">= 10%"
)");
    const DataTable t = data(p, rows_kn("A", 0, 4));
    const DataTable candidates = data(p, "C1,A,1,false,true,false,1,2024-01-01\nC2,A,1,false,false,false,1,2024-01-01\n");
    std::string error;
    const auto effects = what_if(p, t, candidates, year(2024), error);
    ASSERT_TRUE(error.empty()) << error;
    const auto* c1 = effect(effects, "C1", "q", "*");
    EXPECT_EQ(c1->before.gap, 4);
    EXPECT_EQ(c1->after.gap, 3);
    EXPECT_EQ(c1->direction, 1);
    const auto* c2 = effect(effects, "C2", "q", "*");
    EXPECT_EQ(c2->after.gap, 5);
    EXPECT_EQ(c2->direction, -1);
    // 100 %: the gap cannot close either way; 0/4 -> 0/5 keeps the share, 0/4 -> 1/5 raises it.
    EXPECT_EQ(effect(effects, "C1", "all", "*")->direction, 1);
    EXPECT_EQ(effect(effects, "C2", "all", "*")->direction, 0);
    // >= 10 %: 0/4 -> 0/5 keeps the gap at 1 (0.44 -> 0.56 before rounding up): away all the same.
    const auto* ten = effect(effects, "C2", "ten", "*");
    EXPECT_EQ(ten->before.gap, 1);
    EXPECT_EQ(ten->after.gap, 1);
    EXPECT_EQ(ten->direction, -1);
    EXPECT_EQ(effect(effects, "C1", "ten", "*")->direction, 1);
}

TEST(AuditWhatIf, ReportsListEveryEffect) {
    const Policy p = policy_with(what_if_quotas);
    const DataTable t = data(p, rows_kn("A", 1, 5, 0));
    const DataTable candidates = data(p, "C1,A,1,false,true,false,1,2024-01-01\n");
    const AuditOptions o = year(2024);
    const AuditRun run = audit(p, t, o);
    std::string error;
    const auto effects = what_if(p, run, candidates, o, error);
    ASSERT_EQ(effects.size(), 4u);  // pct: * and landlord=A; cap: *; low: *
    std::ostringstream csv;
    write_what_if_csv(csv, effects);
    EXPECT_EQ(csv.str(),
              "candidate,quota,group,k_before,n_before,unknown_before,share_before,status_before,k,n,unknown,share,target,status,gap,direction\n"
              "C1,pct,*,1,5,0,0.2000,not_met,2,6,0,0.3333,>= 25%,met,0,towards\n"
              "C1,pct,landlord=A,1,5,0,0.2000,not_met,2,6,0,0.3333,>= 25%,met,0,towards\n"
              "C1,cap,*,1,5,0,0.2000,met,2,6,0,0.3333,<= 2,met,0,away\n"
              "C1,low,*,1,5,0,0.2000,met,2,6,0,0.3333,<= 50%,met,0,away\n");
    std::ostringstream json;
    write_what_if_json(json, p, run, effects);
    EXPECT_NE(json.str().find("\"direction\": \"towards\""), std::string::npos);
    std::ostringstream text;
    write_what_if_text(text, p, run, effects);
    EXPECT_NE(text.str().find("Candidat C1"), std::string::npos);
    EXPECT_NE(text.str().find("vers l'objectif"), std::string::npos);
    std::ostringstream html;
    write_audit_html(html, p, run, &effects);
    EXPECT_NE(html.str().find("Simulation"), std::string::npos);
    EXPECT_EQ(html.str().find("http"), std::string::npos);
}

TEST(AuditErrors, MismatchedTableAndNoQuotas) {
    const Policy p = policy_with(simple_quota(">= 25%"));
    ReadResult other = read_csv_text("id\nA\n", {FieldSpec{"id", Type::of(TypeKind::string)}});
    const AuditRun run = audit_allocations(p, other.table, year(2024));
    EXPECT_FALSE(run.ok());
    const Policy none = policy_with("");
    EXPECT_FALSE(audit_allocations(none, data(none, ""), year(2024)).ok());
}

}  // namespace
}  // namespace cotation
