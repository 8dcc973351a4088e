// The synthetic data generator: determinism, the CSV read back with the project's reader, and the
// realistic distributions documented in docs/data.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cotation/gen.hpp"
#include "cotation/policy.hpp"
#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace {

using namespace cotation;

GenOptions options(GenKind kind, std::uint64_t count, std::uint64_t seed, unsigned threads = 0,
                   std::uint64_t chunk_rows = 0) {
    GenOptions o;
    o.kind = kind;
    o.count = count;
    o.seed = seed;
    o.threads = threads;
    o.chunk_rows = chunk_rows;
    return o;
}

const Policy& schema() {
    static const Policy policy = [] {
        LoadResult loaded = load_policy(std::string(COTATION_SOURCE_DIR) + "/rules/schema/sne.yaml");
        if (!loaded.ok()) throw std::runtime_error("cannot load rules/schema/sne.yaml");
        return *loaded.policy;
    }();
    return policy;
}

const char* record_of(GenKind kind) { return kind == GenKind::demands ? "demand" : "allocation"; }

// Reads generated CSV back with the fields the schema declares; every row must be read.
DataTable read_back(GenKind kind, const std::string& csv) {
    ReadResult read = read_csv_text(csv, schema().fields(record_of(kind)));
    EXPECT_TRUE(read.ok()) << read.error;
    EXPECT_TRUE(read.table.rejected.empty())
        << read.table.rejected.size() << " rejected; first at line " << read.table.rejected.front().line << ", field "
        << read.table.rejected.front().field << ": " << read.table.rejected.front().reason;
    EXPECT_TRUE(read.table.warnings.empty()) << read.table.warnings.front();
    return std::move(read.table);
}

std::size_t column(const DataTable& table, const std::string& name) {
    for (std::size_t i = 0; i < table.fields.size(); ++i) {
        if (table.fields[i].name == name) return i;
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
}

double share(const DataTable& t, const std::string& field, auto predicate) {
    const std::size_t c = column(t, field);
    std::size_t n = 0;
    for (const auto& row : t.rows) n += predicate(row[c]) ? 1 : 0;
    return static_cast<double>(n) / static_cast<double>(t.rows.size());
}

bool is_true(const Value& v) { return v.as_bool() && *v.as_bool(); }
bool equals(const Value& v, const char* text) { return v.as_string() && *v.as_string() == text; }
double number(const Value& v) { return v.as_number() ? *v.as_number() : -1; }
Date date(int y, unsigned m, unsigned d) { return date_from_civil(y, m, d); }

// The data sets the distribution tests share (generated once).
const std::string& demands_100k() {
    static const std::string csv = generate_csv(options(GenKind::demands, 100000, 20250101));
    return csv;
}
const DataTable& demands_table() {
    static const DataTable table = read_back(GenKind::demands, demands_100k());
    return table;
}
const DataTable& allocations_table() {
    static const DataTable table =
        read_back(GenKind::allocations, generate_csv(options(GenKind::allocations, 50000, 20250101)));
    return table;
}

// ---- the format ----------------------------------------------------------------------------

TEST(Gen, HeaderIsTheSchemaFieldsInOrder) {
    for (GenKind kind : {GenKind::demands, GenKind::allocations}) {
        std::string expected;
        for (const FieldSpec& f : schema().fields(record_of(kind))) expected += (expected.empty() ? "" : ",") + f.name;
        const std::string csv = generate_csv(options(kind, 3, 1));
        EXPECT_EQ(csv.substr(0, csv.find('\n')), expected);
        std::vector<std::string> names;
        for (const FieldSpec& f : schema().fields(record_of(kind))) names.push_back(f.name);
        EXPECT_EQ(gen_fields(kind), names);
    }
}

TEST(Gen, ZeroRowsGiveTheHeaderOnly) {
    const std::string csv = generate_csv(options(GenKind::demands, 0, 1));
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1);
    EXPECT_EQ(csv.substr(0, 3), "id,");
}

TEST(Gen, ParsesKinds) {
    EXPECT_EQ(parse_gen_kind("demands"), GenKind::demands);
    EXPECT_EQ(parse_gen_kind("allocations"), GenKind::allocations);
    EXPECT_FALSE(parse_gen_kind("demand").has_value());
    EXPECT_FALSE(parse_gen_kind("").has_value());
}

TEST(Gen, RefusesAnUnknownTerritory) {
    GenOptions o = options(GenKind::demands, 10, 1);
    o.territory = gen_territory_count;
    const GenResult result = generate(o, [](std::string_view) { return true; });
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.rows, 0u);
}

TEST(Gen, StopsWhenTheSinkFails) {
    int calls = 0;
    const GenResult result = generate(options(GenKind::demands, 100000, 1, 2, 1000), [&](std::string_view) {
        return ++calls < 3;  // the header and one chunk, then a write error
    });
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(result.rows, 1000u);
}

TEST(Gen, ReportsProgressInOrderUpToTheCount) {
    std::vector<std::uint64_t> seen;
    const GenResult result = generate(
        options(GenKind::allocations, 10500, 3, 2, 1000), [](std::string_view) { return true; },
        [&](std::uint64_t rows) { seen.push_back(rows); });
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.rows, 10500u);
    ASSERT_EQ(seen.size(), 11u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), 10500u);
}

// ---- determinism ---------------------------------------------------------------------------

TEST(Gen, SameArgumentsGiveByteIdenticalOutput) {
    for (GenKind kind : {GenKind::demands, GenKind::allocations}) {
        const std::string a = generate_csv(options(kind, 20000, 42));
        const std::string b = generate_csv(options(kind, 20000, 42));
        EXPECT_GT(a.size(), 20000u * 50);
        EXPECT_TRUE(a == b);
    }
}

TEST(Gen, ThreadCountAndChunkSizeDoNotChangeTheOutput) {
    for (GenKind kind : {GenKind::demands, GenKind::allocations}) {
        const std::string reference = generate_csv(options(kind, 30001, 7, 1));
        for (unsigned threads : {2u, 3u, 8u}) {
            for (std::uint64_t chunk : {0ull, 1ull, 333ull, 4096ull, 100000ull}) {
                if (chunk == 1 && threads != 3) continue;  // one-row chunks: once is enough
                const std::string out = generate_csv(options(kind, 30001, 7, threads, chunk));
                EXPECT_TRUE(out == reference) << "threads " << threads << ", chunk " << chunk;
            }
        }
    }
}

// FNV-1a, 64 bits: a digest of the whole output that any changed byte changes.
std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

// Line `n` (0: the header) without its line end.
std::string line_of(const std::string& text, std::size_t n) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < n; ++i) start = text.find('\n', start) + 1;
    return text.substr(start, text.find('\n', start) - start);
}

// The output is pinned: a change of any row, of any distribution, shows here first. When a change
// of the generator is meant, update the digests and rows below (and docs/data.md if it says more).
TEST(Gen, OutputIsPinnedWhateverTheThreadsAndChunks) {
    struct Pin {
        GenKind kind;
        int territory;
        std::uint64_t digest;
        std::string row_1, row_1000;
    };
    const std::vector<Pin> pins{
        {GenKind::demands, -1, 10926396642200707752ull,
         "052112400001,2024-02-14,52593,52187,T3,2,2,0,0,false,true,1933-12-27,1200,12081,LP,562,2,42,09|23,false,false,RET,,false,false,,false,,false,UE,M",
         "034112301000,2023-09-06,34016,34016,T2,1,1,0,0,false,false,1964-11-20,713,5011,SLHT,406,1,22,01|13|23,false,false,AUT,,false,true,2024-06-29,false,,false,FR,F"},
        {GenKind::demands, 0, 1368608779289949505ull,
         "062112200001,2022-04-12,59178,62427,T3,2,2,0,0,false,true,1975-03-26,4599,31747,HLM,431,3,62,17|13,false,false,CDI,62497,false,false,,false,,false,FR,F",
         "062112401000,2024-12-12,62427,62427|62587|62637,T2,2,2,0,0,false,true,1964-11-20,1270,8926,SLHT,406,1,22,01|13|23,false,false,AUT,,false,true,,false,,false,FR,M"},
        {GenKind::allocations, -1, 12614448891108865309ull,
         "ATT2400001,0691120900001,ESH 027,BAILLEUR,69879,false,attractive,T1,PLUS,2024-06-25,false,false,2020-12-06,1037,1,0,false,false,false,false",
         "ATT2401000,0181122901000,ESH 128,BAILLEUR,18405,true,,T3,PLUS,2024-01-31,true,true,2022-12-17,1199,3,0,false,false,true,false"},
    };
    for (const Pin& pin : pins) {
        for (const unsigned threads : {1u, 2u, 3u}) {
            for (const std::uint64_t chunk : {0ull, 1ull, 97ull}) {
                GenOptions o = options(pin.kind, 1000, 20250101, threads, chunk);
                o.territory = pin.territory;
                const std::string csv = generate_csv(o);
                const std::string where = std::string(record_of(pin.kind)) + ", territory " + std::to_string(pin.territory) + ", " +
                                          std::to_string(threads) + " threads, chunks of " + std::to_string(chunk);
                EXPECT_EQ(fnv1a(csv), pin.digest) << where;
                EXPECT_EQ(line_of(csv, 1), pin.row_1) << where;
                EXPECT_EQ(line_of(csv, 1000), pin.row_1000) << where;
            }
        }
    }
}

TEST(Gen, RowsDoNotDependOnTheCount) {
    // Row i is drawn from (seed, i) alone: a longer file starts with the shorter one's rows, except
    // for the width of the counter in ids (5 digits up to 99 999 rows).
    const std::string small = generate_csv(options(GenKind::demands, 1000, 9));
    const std::string large = generate_csv(options(GenKind::demands, 5000, 9, 2));
    EXPECT_EQ(large.substr(0, small.size()), small);
}

TEST(Gen, DifferentSeedsGiveDifferentData) {
    for (GenKind kind : {GenKind::demands, GenKind::allocations}) {
        const std::string a = generate_csv(options(kind, 2000, 1));
        const std::string b = generate_csv(options(kind, 2000, 2));
        EXPECT_NE(a, b);
        // Not merely a few rows: most lines differ.
        std::set<std::string> lines_a;
        for (std::size_t p = 0, q; (q = a.find('\n', p)) != std::string::npos; p = q + 1) lines_a.insert(a.substr(p, q - p));
        std::size_t common = 0, total = 0;
        for (std::size_t p = 0, q; (q = b.find('\n', p)) != std::string::npos; p = q + 1, ++total)
            common += lines_a.count(b.substr(p, q - p));
        EXPECT_LT(common, total / 10);
    }
}

// ---- read back -----------------------------------------------------------------------------

TEST(Gen, DemandsReadBackWithTheSchemaWithoutRejects) {
    const DataTable& t = demands_table();
    EXPECT_EQ(t.rows_read, 100000u);
    EXPECT_EQ(t.rows.size(), 100000u);
}

TEST(Gen, AllocationsReadBackWithTheSchemaWithoutRejects) {
    const DataTable& t = allocations_table();
    EXPECT_EQ(t.rows_read, 50000u);
    EXPECT_EQ(t.rows.size(), 50000u);
}

TEST(Gen, CahcTerritoryUsesTheCahcCommunes) {
    // The communes of the CAHC, as in rules/cahc/cahc.yaml.
    const std::set<std::string> communes = {"62145", "62215", "62249", "62250", "62274", "62276", "62321",
                                            "62427", "62497", "62907", "62587", "62624", "62637", "62724"};
    GenOptions o = options(GenKind::demands, 5000, 11);
    o.territory = 0;
    const DataTable t = read_back(GenKind::demands, generate_csv(o));
    const std::size_t wished = column(t, "wished_communes"), id = column(t, "id");
    for (const auto& row : t.rows) {
        for (const Value& c : *row[wished].as_list()) EXPECT_TRUE(communes.count(*c.as_string())) << *c.as_string();
        EXPECT_EQ(row[id].as_string()->substr(0, 5), "06211");
    }
    o.kind = GenKind::allocations;
    const DataTable a = read_back(GenKind::allocations, generate_csv(o));
    const std::size_t landlord = column(a, "landlord");
    std::map<std::string, int> per_landlord;
    for (const auto& row : a.rows) ++per_landlord[*row[landlord].as_string()];
    EXPECT_EQ(per_landlord.size(), 14u);
    EXPECT_GT(per_landlord["Maisons & Cités"], 1500);
}

// ---- demand distributions (100 000 rows) ---------------------------------------------------

TEST(GenDemands, CurrentSocialTenantsAreAboutAThird) {
    const double hlm = share(demands_table(), "current_housing", [](const Value& v) { return equals(v, "HLM"); });
    EXPECT_GE(hlm, 0.28);
    EXPECT_LE(hlm, 0.36);
    // Private tenants are the largest other group; shelters and the street small shares.
    const double lp = share(demands_table(), "current_housing", [](const Value& v) { return equals(v, "LP"); });
    const double sd = share(demands_table(), "current_housing", [](const Value& v) { return equals(v, "SD"); });
    EXPECT_GT(lp, 0.20);
    EXPECT_LT(lp, hlm);
    EXPECT_LT(sd, 0.03);
}

TEST(GenDemands, DaloIsAboutThreePercent) {
    const double dalo = share(demands_table(), "dalo", is_true);
    EXPECT_GE(dalo, 0.02);
    EXPECT_LE(dalo, 0.04);
}

TEST(GenDemands, HouseholdSizeOneIsAboutFortyPercent) {
    const double one = share(demands_table(), "household_size", [](const Value& v) { return number(v) == 1; });
    EXPECT_GE(one, 0.35);
    EXPECT_LE(one, 0.45);
}

TEST(GenDemands, HouseholdCountsAreConsistent) {
    const DataTable& t = demands_table();
    const std::size_t size = column(t, "household_size"), p14 = column(t, "persons_14_plus"),
                      u14 = column(t, "children_under_14"), dep = column(t, "dependants"),
                      couple = column(t, "couple"), single = column(t, "single_parent");
    for (const auto& row : t.rows) {
        ASSERT_EQ(number(row[p14]) + number(row[u14]), number(row[size]));
        ASSERT_GE(number(row[p14]), 1);
        ASSERT_GE(number(row[size]), 1);
        ASSERT_LE(number(row[dep]), number(row[size]) - 1);
        ASSERT_FALSE(is_true(row[couple]) && is_true(row[single]));
    }
}

TEST(GenDemands, MedianIncomeIsNearThirteenHundred) {
    const DataTable& t = demands_table();
    const std::size_t c = column(t, "monthly_income");
    std::vector<double> incomes;
    std::size_t nulls = 0;
    for (const auto& row : t.rows) {
        if (row[c].is_null()) ++nulls;
        else incomes.push_back(number(row[c]));
    }
    std::nth_element(incomes.begin(), incomes.begin() + static_cast<std::ptrdiff_t>(incomes.size() / 2), incomes.end());
    const double median = incomes[incomes.size() / 2];
    EXPECT_GE(median, 1150);
    EXPECT_LE(median, 1450);
    EXPECT_GT(nulls, 0u);
    EXPECT_LT(nulls, t.rows.size() / 20);
    // Skewed low: the mean is above the median.
    double sum = 0;
    for (double x : incomes) sum += x;
    EXPECT_GT(sum / static_cast<double>(incomes.size()), median);
}

TEST(GenDemands, TaxIncomeIsConsistentWithMonthlyIncome) {
    const DataTable& t = demands_table();
    const std::size_t monthly = column(t, "monthly_income"), tax = column(t, "tax_income");
    for (const auto& row : t.rows) {
        if (row[tax].is_null()) continue;
        ASSERT_FALSE(row[monthly].is_null());
        ASSERT_LE(number(row[tax]), 12 * number(row[monthly]));
        ASSERT_GE(number(row[tax]), 12 * number(row[monthly]) * 0.5);
    }
}

TEST(GenDemands, DatesAreWithinTheDocumentedRanges) {
    const DataTable& t = demands_table();
    const std::size_t filed = column(t, "filed_on"), birth = column(t, "applicant_birth_date"),
                      refusal = column(t, "last_refusal_on");
    const Date first = date(2019, 1, 1), last = date(2024, 12, 31);
    std::size_t recent = 0, refused = 0;
    for (const auto& row : t.rows) {
        const Date f = *row[filed].as_date();
        ASSERT_GE(f, first);
        ASSERT_LE(f, last);
        recent += f >= date(2024, 1, 1);
        const Date b = *row[birth].as_date();
        ASSERT_LE(b.days, f.days - 18 * 365) << "applicant under 18 on filing";
        ASSERT_GE(b, date(1929, 1, 1));
        if (const Date* r = row[refusal].as_date()) {
            ++refused;
            ASSERT_GT(r->days, f.days);
            ASSERT_GE(*r, date(2023, 1, 1));
            ASSERT_LE(*r, last);
        }
    }
    // More recent filings: the last of the six years holds far more than a sixth.
    EXPECT_GT(recent, t.rows.size() / 3);
    EXPECT_GT(refused, t.rows.size() * 5 / 100);
    EXPECT_LT(refused, t.rows.size() * 11 / 100);
}

TEST(GenDemands, IdsAreUniqueAndShaped) {
    const DataTable& t = demands_table();
    const std::size_t id = column(t, "id");
    std::set<std::string> ids;
    for (const auto& row : t.rows) {
        const std::string& s = *row[id].as_string();
        ASSERT_EQ(s.size(), 13u);  // département (3), "11", year (2), counter (6 digits for 100 000 rows)
        ASSERT_TRUE(std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
        ASSERT_EQ(s.substr(3, 2), "11");
        ids.insert(s);
    }
    EXPECT_EQ(ids.size(), t.rows.size());
}

TEST(GenDemands, MotifsAndWishedCommunes) {
    const DataTable& t = demands_table();
    const std::size_t motifs = column(t, "motifs"), wished = column(t, "wished_communes"),
                      commune = column(t, "commune");
    std::map<std::string, int> counts;
    std::size_t current_first = 0;
    for (const auto& row : t.rows) {
        const List& m = *row[motifs].as_list();
        ASSERT_GE(m.size(), 1u);
        ASSERT_LE(m.size(), 3u);
        std::set<std::string> distinct;
        for (const Value& v : m) {
            const std::string& code = *v.as_string();
            ASSERT_EQ(code.size(), 2u);
            ASSERT_GE(code, "01");
            ASSERT_LE(code, "23");
            distinct.insert(code);
            ++counts[code];
        }
        ASSERT_EQ(distinct.size(), m.size());
        const List& w = *row[wished].as_list();
        ASSERT_GE(w.size(), 1u);
        ASSERT_LE(w.size(), 3u);
        std::set<std::string> wished_distinct;
        for (const Value& v : w) wished_distinct.insert(*v.as_string());
        ASSERT_EQ(wished_distinct.size(), w.size());
        current_first += w[0] == row[commune];
    }
    // The frequent motifs: too small, without housing, too expensive, décohabitation; violence rarer.
    EXPECT_GT(counts["13"], counts["06"] * 3);
    EXPECT_GT(counts["01"], counts["06"] * 3);
    EXPECT_GT(counts["09"], counts["06"] * 3);
    EXPECT_GT(counts["12"], counts["06"] * 2);
    EXPECT_GT(current_first, t.rows.size() / 3);
}

TEST(GenDemands, ShareOfFlagsAsDocumented) {
    const DataTable& t = demands_table();
    const double disability = share(t, "disability", is_true);
    EXPECT_GT(disability, 0.07);
    EXPECT_LT(disability, 0.13);
    const double anru = share(t, "anru_rehousing", is_true);
    EXPECT_GT(anru, 0.005);
    EXPECT_LT(anru, 0.02);
    // violence_proof only with motif 06.
    const std::size_t proof = column(t, "violence_proof"), motifs = column(t, "motifs");
    for (const auto& row : t.rows) {
        if (!is_true(row[proof])) continue;
        const List& m = *row[motifs].as_list();
        ASSERT_TRUE(std::find(m.begin(), m.end(), Value("06")) != m.end());
    }
    // The fields added for the law of 2022 and the protected ones (docs/data.md).
    auto near = [](double value, double expected, double tolerance) { return value >= expected - tolerance && value <= expected + tolerance; };
    EXPECT_TRUE(near(share(t, "nationality", [](const Value& v) { return equals(v, "FR"); }), 0.84, 0.01));
    EXPECT_TRUE(near(share(t, "nationality", [](const Value& v) { return equals(v, "HORS_UE"); }), 0.12, 0.01));
    EXPECT_TRUE(near(share(t, "sex", [](const Value& v) { return equals(v, "F"); }), 0.58, 0.01));
    EXPECT_TRUE(near(share(t, "essential_worker", is_true), 0.09, 0.03));
    const double declared = share(t, "priority_situations", [](const Value& v) { return !v.is_null(); });
    EXPECT_GT(declared, 0.02);
    EXPECT_LT(declared, 0.04);
    const std::size_t situations = column(t, "priority_situations"), employment = column(t, "employment");
    for (const auto& row : t.rows) {
        if (row[situations].is_null()) continue;
        for (const Value& code : *row[situations].as_list()) {
            ASSERT_TRUE(equals(code, "sortie_act") || equals(code, "reprise_activite") || equals(code, "violences_sexuelles") ||
                        equals(code, "prostitution") || equals(code, "traite"));
            // Back to work: people in work only.
            if (equals(code, "reprise_activite"))
                ASSERT_TRUE(equals(row[employment], "CDI") || equals(row[employment], "CDD") || equals(row[employment], "ART") ||
                            equals(row[employment], "APP"));
        }
    }
}

// ---- allocation distributions (50 000 rows) ------------------------------------------------

TEST(GenAllocations, SharesAsDocumented) {
    const DataTable& t = allocations_table();
    auto near = [](double value, double expected, double tolerance) {
        return value >= expected - tolerance && value <= expected + tolerance;
    };
    EXPECT_TRUE(near(share(t, "qpv", is_true), 0.30, 0.03));
    EXPECT_TRUE(near(share(t, "is_mutation", is_true), 0.30, 0.02));
    EXPECT_TRUE(near(share(t, "dalo", is_true), 0.05, 0.015));
    EXPECT_TRUE(near(share(t, "anru_rehousing", is_true), 0.01, 0.005));
    EXPECT_TRUE(near(share(t, "priority", is_true), 0.25, 0.04));
    EXPECT_TRUE(near(share(t, "financing", [](const Value& v) { return equals(v, "PLAI"); }), 0.25, 0.02));
    EXPECT_TRUE(near(share(t, "financing", [](const Value& v) { return equals(v, "PLUS"); }), 0.65, 0.02));
    EXPECT_TRUE(near(share(t, "reservataire", [](const Value& v) { return equals(v, "PPRIOR"); }), 0.25, 0.02));
    EXPECT_TRUE(near(share(t, "reservataire", [](const Value& v) { return equals(v, "PFONCT"); }), 0.05, 0.01));
    EXPECT_TRUE(near(share(t, "internal_transfer", is_true), 0.165, 0.02));
    EXPECT_TRUE(near(share(t, "essential_worker", is_true), 0.07, 0.01));
    // An internal transfer is a mutation.
    const std::size_t transfer = column(t, "internal_transfer"), mutation = column(t, "is_mutation");
    for (const auto& row : t.rows)
        if (is_true(row[transfer])) ASSERT_TRUE(is_true(row[mutation]));
    const double classified = share(t, "residence_class", [](const Value& v) { return !v.is_null(); });
    EXPECT_GT(classified, 0.5);
    EXPECT_LT(classified, 0.8);
}

TEST(GenAllocations, DatesAndWaitingTimes) {
    const DataTable& t = allocations_table();
    const std::size_t lease = column(t, "lease_signed_on"), filed = column(t, "filed_on");
    double total_wait = 0;
    for (const auto& row : t.rows) {
        const Date l = *row[lease].as_date(), f = *row[filed].as_date();
        ASSERT_GE(l, date(2024, 1, 1));
        ASSERT_LE(l, date(2024, 12, 31));
        const int wait = l.days - f.days;
        ASSERT_GE(wait, 182);   // half a year
        ASSERT_LE(wait, 1462);  // four years
        total_wait += wait;
    }
    const double mean_years = total_wait / static_cast<double>(t.rows.size()) / 365.25;
    EXPECT_GT(mean_years, 1.3);
    EXPECT_LT(mean_years, 1.7);
}

TEST(GenAllocations, FiveLandlordsHoldMostAllocationsOfATerritory) {
    GenOptions o = options(GenKind::allocations, 20000, 5);
    o.territory = 17;
    const DataTable t = read_back(GenKind::allocations, generate_csv(o));
    const std::size_t landlord = column(t, "landlord");
    std::map<std::string, int> per_landlord;
    for (const auto& row : t.rows) ++per_landlord[*row[landlord].as_string()];
    EXPECT_EQ(per_landlord.size(), 14u);
    std::vector<int> counts;
    for (const auto& [name, n] : per_landlord) counts.push_back(n);
    std::sort(counts.rbegin(), counts.rend());
    int top5 = 0;
    for (int i = 0; i < 5; ++i) top5 += counts[static_cast<std::size_t>(i)];
    EXPECT_GT(top5, 20000 * 94 / 100);
}

TEST(GenAllocations, IdsAreUnique) {
    const DataTable& t = allocations_table();
    const std::size_t id = column(t, "id"), demand = column(t, "demand_id");
    std::set<std::string> ids, demands;
    for (const auto& row : t.rows) {
        ids.insert(*row[id].as_string());
        demands.insert(*row[demand].as_string());
    }
    EXPECT_EQ(ids.size(), t.rows.size());
    EXPECT_EQ(demands.size(), t.rows.size());
}

}  // namespace
