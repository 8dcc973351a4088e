// The territorial diagnosis: exact counts and shares of every section, the 1st-quartile threshold
// at the end of the period, the parts skipped with a note, and the outputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "cotation/audit_report.hpp"
#include "cotation/diagnosis.hpp"
#include "cotation/diagnostic.hpp"
#include "cotation/policy.hpp"

namespace cotation {
namespace {

// Parts of the test policy; a test drops or changes one to see the diagnosis skip it.
const std::string demand_record = R"(  demand:
    key: id
    fields:
      id: string
      filed_on: date
      monthly_income: number
      persons_14_plus: int
      children_under_14: int
    derived:
      uc: 1 + 0.5 * (persons_14_plus - 1) + 0.3 * children_under_14
      income_per_uc: monthly_income * 12 / uc
)";

const std::string allocation_fields = R"(  allocation:
    key: id
    fields:
      id: string
      landlord: string
      reservataire: enum[PPRIOR, COLACT, BAILLEUR]
      qpv: bool
      residence_class: enum[fragile, intermediaire, attractive]
      lease_signed_on: date
      monthly_income: number
      persons_14_plus: int
      children_under_14: int
      dalo: bool
      priority: bool
)";

const std::string allocation_derived = R"(    derived:
      uc: 1 + 0.5 * (persons_14_plus - 1) + 0.3 * children_under_14
      income_per_uc: monthly_income * 12 / uc
)";

const std::string threshold = R"(parameters:
  q1_threshold:
    values:
      2024-01-01: 9000
      2025-01-01: 10000
)";

const std::string quota = R"(quotas:
  - id: dalo_25
    meets: dalo
    target: ">= 25%"
)";

std::string policy_text(const std::string& demand = demand_record, const std::string& fields = allocation_fields,
                        const std::string& derived = allocation_derived, const std::string& parameters = threshold) {
    return "cotation: 1\nname: \"Diagnostic d'essai\"\nversion: \"d1\"\nrecords:\n" + demand + fields + derived + parameters + quota;
}

Policy load(const std::string& text) {
    LoadResult loaded = load_policy_from_string(text);
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    if (!loaded.ok()) throw std::runtime_error("policy does not load");
    return *loaded.policy;
}

// Single persons (uc = 1) but D3: income_per_uc = monthly × 12. The threshold is 9000 in 2024:
// 700 → 8400 (1st quartile), 750 → 9000 (exactly on it: not below), 800 → 9600, 600 → 7200.
const std::string allocations_csv =
    "id,landlord,reservataire,qpv,residence_class,lease_signed_on,monthly_income,persons_14_plus,children_under_14,dalo,priority\n"
    "A1,X,PPRIOR,false,fragile,2024-07-01,700,1,0,true,true\n"
    "A2,X,COLACT,false,,2024-08-01,800,1,0,false,true\n"
    "A3,X,BAILLEUR,true,attractive,2024-09-01,750,1,0,false,false\n"
    "A4,Y,PPRIOR,true,fragile,2024-10-01,600,1,0,,true\n"
    "A5,Y,BAILLEUR,,intermediaire,2024-11-01,,1,0,false,\n"
    "A6,Z,COLACT,false,attractive,2023-06-01,700,1,0,true,true\n"   // before the period
    "A7,Y,COLACT,false,fragile,,900,1,0,false,false\n";             // no lease date

// D3: 2 persons of 14 or more and a child, uc = 1.8, 1000 × 12 / 1.8 = 6666.67.
const std::string demands_csv =
    "id,filed_on,monthly_income,persons_14_plus,children_under_14\n"
    "D1,2023-01-01,700,1,0\n"
    "D2,2024-05-01,750,1,0\n"
    "D3,2024-12-31,1000,2,1\n"
    "D4,2025-01-01,100,1,0\n"   // filed after the period: not counted
    "D5,,,1,0\n";               // income unknown: counted apart

DataTable table(const Policy& p, const std::string& record, const std::string& csv) {
    ReadResult read = read_csv_text(csv, p.fields(record));
    EXPECT_TRUE(read.ok()) << read.error;
    EXPECT_TRUE(read.table.rejected.empty());
    return read.table;
}

AuditOptions period(Date from, Date to) {
    AuditOptions o;
    o.from = from;
    o.to = to;
    return o;
}
AuditOptions year(int y) { return period(date_from_civil(y, 1, 1), date_from_civil(y, 12, 31)); }

Diagnosis run(const Policy& p, const DataTable& allocations, const DataTable* demands, const AuditOptions& o = year(2024)) {
    Diagnosis d = diagnose(p, allocations, demands, o);
    EXPECT_TRUE(d.ok()) << d.error;
    return d;
}

const DiagnosisRow* row(const Diagnosis& d, const std::string& section, const std::string& group) {
    const DiagnosisSection* s = d.section(section);
    if (!s) return nullptr;
    for (const DiagnosisRow& r : s->rows)
        if (group_text(r) == group) return &r;
    return nullptr;
}

// k, n, unknown and the 4-decimal share of one row.
void expect_row(const Diagnosis& d, const std::string& section, const std::string& group, std::int64_t k, std::int64_t n,
                std::int64_t unknown, const std::string& share) {
    const DiagnosisRow* r = row(d, section, group);
    ASSERT_NE(r, nullptr) << section << " " << group;
    EXPECT_EQ(r->k, k) << section << " " << group;
    EXPECT_EQ(r->n, n) << section << " " << group;
    EXPECT_EQ(r->unknown, unknown) << section << " " << group;
    EXPECT_EQ(share_text(*r), share) << section << " " << group;
}

std::vector<std::string> groups_of(const Diagnosis& d, const std::string& section) {
    std::vector<std::string> out;
    if (const DiagnosisSection* s = d.section(section))
        for (const DiagnosisRow& r : s->rows) out.push_back(group_text(r));
    return out;
}

bool has_note(const Diagnosis& d, const std::string& section, const std::string& words) {
    return std::any_of(d.notes.begin(), d.notes.end(),
                       [&](const DiagnosisNote& n) { return n.section == section && n.text.find(words) != std::string::npos; });
}

struct Fixture {
    Policy policy = load(policy_text());
    DataTable allocations = table(policy, "allocation", allocations_csv);
    DataTable demands = table(policy, "demand", demands_csv);
};

// --- the 1st quartile ---------------------------------------------------------------------------

TEST(Diagnosis, FirstQuartileOfDemandAgainstAllocations) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, &f.demands);
    ASSERT_TRUE(d.q1_threshold);
    EXPECT_EQ(*d.q1_threshold, 9000);
    EXPECT_EQ(d.as_of, date_from_civil(2024, 12, 31));
    EXPECT_EQ(d.period_field, "lease_signed_on");
    EXPECT_EQ(d.allocations, 5u);
    EXPECT_EQ(d.allocations_without_period, 1u);
    EXPECT_EQ(d.demands, 4u);
    EXPECT_EQ(d.demands_filed_after, 1u);
    EXPECT_TRUE(d.notes.empty());

    // D1 and D3 below 9000, D2 exactly on it, D5 unknown, D4 filed after the period.
    expect_row(d, "q1_demands", "*", 2, 3, 1, "0.6667");
    // A1 and A4 below; A3 on the threshold is not; A5 has no income.
    expect_row(d, "q1_allocations", "*", 2, 4, 1, "0.5000");
    expect_row(d, "q1_allocations", "qpv=false", 1, 2, 0, "0.5000");
    expect_row(d, "q1_allocations", "qpv=true", 1, 2, 0, "0.5000");
    expect_row(d, "q1_allocations", "qpv=", 0, 0, 1, "");
    expect_row(d, "q1_allocations", "residence_class=fragile", 2, 2, 0, "1.0000");
    expect_row(d, "q1_allocations", "residence_class=intermediaire", 0, 0, 1, "");
    expect_row(d, "q1_allocations", "residence_class=attractive", 0, 1, 0, "0.0000");
    expect_row(d, "q1_allocations", "residence_class=", 0, 1, 0, "0.0000");
    expect_row(d, "q1_allocations", "landlord=X;qpv=false", 1, 2, 0, "0.5000");
    expect_row(d, "q1_allocations", "landlord=X;qpv=true", 0, 1, 0, "0.0000");
    expect_row(d, "q1_allocations", "landlord=Y;qpv=false", 0, 0, 0, "");  // listed with no allocation
    expect_row(d, "q1_allocations", "landlord=Y;qpv=true", 1, 1, 0, "1.0000");
    expect_row(d, "q1_allocations", "landlord=Y;qpv=", 0, 0, 1, "");
    EXPECT_EQ(groups_of(d, "q1_allocations"),
              (std::vector<std::string>{"*", "qpv=false", "qpv=true", "qpv=", "residence_class=fragile",
                                        "residence_class=intermediaire", "residence_class=attractive", "residence_class=",
                                        "landlord=X;qpv=false", "landlord=X;qpv=true", "landlord=Y;qpv=false",
                                        "landlord=Y;qpv=true", "landlord=Y;qpv="}));
}

TEST(Diagnosis, ThresholdIsTheValueInForceAtThePeriodEnd) {
    Fixture f;
    // Period ending in 2025: 10000, so A2 (9600) and A3 (9000) are below too.
    const AuditOptions over = period(date_from_civil(2024, 6, 1), date_from_civil(2025, 3, 31));
    Diagnosis d = run(f.policy, f.allocations, &f.demands, over);
    EXPECT_EQ(*d.q1_threshold, 10000);
    expect_row(d, "q1_allocations", "*", 4, 4, 1, "1.0000");
    expect_row(d, "q1_demands", "*", 4, 4, 1, "1.0000");  // D4 (filed 2025-01-01) is in the period now
    EXPECT_EQ(d.demands_filed_after, 0u);

    // --as-of moves the date parameters are resolved at.
    AuditOptions as_of = over;
    as_of.as_of = date_from_civil(2024, 12, 31);
    d = run(f.policy, f.allocations, &f.demands, as_of);
    EXPECT_EQ(*d.q1_threshold, 9000);
    expect_row(d, "q1_allocations", "*", 2, 4, 1, "0.5000");

    // An override replaces it whatever the date: 7500 leaves only A4 (7200).
    AuditOptions overridden = year(2024);
    overridden.parameter_overrides.emplace_back("q1_threshold", Value(7500));
    d = run(f.policy, f.allocations, &f.demands, overridden);
    EXPECT_EQ(*d.q1_threshold, 7500);
    expect_row(d, "q1_allocations", "*", 1, 4, 1, "0.2500");
    expect_row(d, "q1_demands", "*", 1, 3, 1, "0.3333");  // D3 (6666.67)
}

// --- allocations only ---------------------------------------------------------------------------

TEST(Diagnosis, QpvByLandlord) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, &f.demands);
    const DiagnosisSection* s = d.section("qpv");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, DiagnosisKind::distribution);
    // Shares of all the allocations of the group, the null qpv included: they add up to 1.
    expect_row(d, "qpv", "qpv=false", 2, 5, 0, "0.4000");
    expect_row(d, "qpv", "qpv=true", 2, 5, 0, "0.4000");
    expect_row(d, "qpv", "qpv=", 1, 5, 0, "0.2000");
    expect_row(d, "qpv", "landlord=X;qpv=false", 2, 3, 0, "0.6667");
    expect_row(d, "qpv", "landlord=X;qpv=true", 1, 3, 0, "0.3333");
    expect_row(d, "qpv", "landlord=Y;qpv=false", 0, 2, 0, "0.0000");
    expect_row(d, "qpv", "landlord=Y;qpv=true", 1, 2, 0, "0.5000");
    expect_row(d, "qpv", "landlord=Y;qpv=", 1, 2, 0, "0.5000");
    EXPECT_EQ(s->rows.size(), 8u);  // no row for Z (outside the period) nor for the row without a date
}

TEST(Diagnosis, DaloAndPriorityOverallByLandlordAndByReservataire) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, nullptr);
    // dalo: A1 true; A2, A3, A5 false; A4 unknown.
    expect_row(d, "dalo", "*", 1, 4, 1, "0.2500");
    expect_row(d, "dalo", "landlord=X", 1, 3, 0, "0.3333");
    expect_row(d, "dalo", "landlord=Y", 0, 1, 1, "0.0000");
    expect_row(d, "dalo", "reservataire=PPRIOR", 1, 1, 1, "1.0000");
    expect_row(d, "dalo", "reservataire=COLACT", 0, 1, 0, "0.0000");
    expect_row(d, "dalo", "reservataire=BAILLEUR", 0, 2, 0, "0.0000");
    EXPECT_EQ(groups_of(d, "dalo"), (std::vector<std::string>{"*", "landlord=X", "landlord=Y", "reservataire=PPRIOR",
                                                               "reservataire=COLACT", "reservataire=BAILLEUR"}));
    // priority: A1, A2, A4 true; A3 false; A5 unknown.
    expect_row(d, "priority", "*", 3, 4, 1, "0.7500");
    expect_row(d, "priority", "landlord=Y", 1, 1, 1, "1.0000");
    expect_row(d, "priority", "reservataire=BAILLEUR", 0, 1, 1, "0.0000");
    // dalo or priority, Kleene: A4 (null or true) is true, A5 (false or null) unknown.
    expect_row(d, "dalo_or_priority", "*", 3, 4, 1, "0.7500");
    expect_row(d, "dalo_or_priority", "landlord=Y", 1, 1, 1, "1.0000");
    expect_row(d, "dalo_or_priority", "reservataire=PPRIOR", 2, 2, 0, "1.0000");
}

TEST(Diagnosis, ReservataireAndResidenceClass) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, nullptr);
    // Declared order, every value listed.
    EXPECT_EQ(groups_of(d, "reservataire"),
              (std::vector<std::string>{"reservataire=PPRIOR", "reservataire=COLACT", "reservataire=BAILLEUR"}));
    expect_row(d, "reservataire", "reservataire=PPRIOR", 2, 5, 0, "0.4000");
    expect_row(d, "reservataire", "reservataire=COLACT", 1, 5, 0, "0.2000");
    expect_row(d, "reservataire", "reservataire=BAILLEUR", 2, 5, 0, "0.4000");
    EXPECT_EQ(groups_of(d, "residence_class"),
              (std::vector<std::string>{"residence_class=fragile", "residence_class=intermediaire", "residence_class=attractive",
                                        "residence_class="}));
    expect_row(d, "residence_class", "residence_class=fragile", 2, 5, 0, "0.4000");
    expect_row(d, "residence_class", "residence_class=intermediaire", 1, 5, 0, "0.2000");
    expect_row(d, "residence_class", "residence_class=attractive", 1, 5, 0, "0.2000");
    expect_row(d, "residence_class", "residence_class=", 1, 5, 0, "0.2000");
}

TEST(Diagnosis, AnEnumerationValueWithoutAllocationIsListedWithZero) {
    Fixture f;
    const Diagnosis d = run(f.policy, table(f.policy, "allocation",
                                            "id,landlord,reservataire,qpv,residence_class,lease_signed_on,monthly_income,"
                                            "persons_14_plus,children_under_14,dalo,priority\n"
                                            "B1,X,COLACT,true,attractive,2024-03-01,700,1,0,false,false\n"),
                            nullptr);
    expect_row(d, "residence_class", "residence_class=fragile", 0, 1, 0, "0.0000");
    expect_row(d, "reservataire", "reservataire=COLACT", 1, 1, 0, "1.0000");
    expect_row(d, "qpv", "landlord=X;qpv=false", 0, 1, 0, "0.0000");
    EXPECT_EQ(row(d, "residence_class", "residence_class="), nullptr);  // null only when seen
}

TEST(Diagnosis, NoAllocationInThePeriod) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, &f.demands, period(date_from_civil(2024, 1, 1), date_from_civil(2024, 6, 30)));
    EXPECT_EQ(d.allocations, 0u);
    expect_row(d, "q1_allocations", "*", 0, 0, 0, "");
    EXPECT_EQ(groups_of(d, "q1_allocations"),
              (std::vector<std::string>{"*", "qpv=false", "qpv=true", "residence_class=fragile", "residence_class=intermediaire",
                                        "residence_class=attractive"}));
    expect_row(d, "dalo", "*", 0, 0, 0, "");
    expect_row(d, "residence_class", "residence_class=fragile", 0, 0, 0, "");
    expect_row(d, "q1_demands", "*", 1, 2, 1, "0.5000");  // D1, D2 and D5 (no date); D3 and D4 filed after June
    EXPECT_EQ(d.demands_filed_after, 2u);

    // A threshold with no value at the period end stops the diagnosis, as it stops the audit.
    const Diagnosis before = diagnose(f.policy, f.allocations, &f.demands, year(2022));
    EXPECT_FALSE(before.ok());
    EXPECT_NE(before.error.find("q1_threshold"), std::string::npos);
}

TEST(Diagnosis, DoesNotDependOnTheOrderOfTheRows) {
    Fixture f;
    const Diagnosis reference = run(f.policy, f.allocations, &f.demands);
    std::ostringstream expected;
    write_diagnosis_csv(expected, reference);
    std::mt19937 rng(7);
    for (int i = 0; i < 5; ++i) {
        DataTable a = f.allocations, m = f.demands;
        std::shuffle(a.rows.begin(), a.rows.end(), rng);
        std::shuffle(m.rows.begin(), m.rows.end(), rng);
        std::ostringstream got;
        write_diagnosis_csv(got, run(f.policy, a, &m));
        EXPECT_EQ(got.str(), expected.str());
    }
}

// --- parts skipped ------------------------------------------------------------------------------

TEST(Diagnosis, WithoutDemandsTheDemandShareIsUnavailable) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, nullptr);
    EXPECT_FALSE(d.demands_given);
    EXPECT_EQ(d.section("q1_demands"), nullptr);
    EXPECT_TRUE(has_note(d, "q1_demands", "n'est pas disponible"));
    EXPECT_EQ(d.notes.size(), 1u);
    expect_row(d, "q1_allocations", "*", 2, 4, 1, "0.5000");
    EXPECT_NE(d.section("residence_class"), nullptr);
}

TEST(Diagnosis, WithoutQ1ThresholdTheFirstQuartileIsSkipped) {
    Fixture f;
    const Policy p = load(policy_text(demand_record, allocation_fields, allocation_derived, ""));
    const Diagnosis d = run(p, table(p, "allocation", allocations_csv), nullptr);
    EXPECT_FALSE(d.q1_threshold);
    EXPECT_EQ(d.section("q1_allocations"), nullptr);
    EXPECT_EQ(d.section("q1_demands"), nullptr);
    EXPECT_TRUE(has_note(d, "q1_allocations", "`q1_threshold`"));
    expect_row(d, "dalo", "*", 1, 4, 1, "0.2500");
}

TEST(Diagnosis, WithoutIncomePerUcTheAllocationShareIsSkipped) {
    const std::string derived = "    derived:\n      uc: 1 + 0.5 * (persons_14_plus - 1) + 0.3 * children_under_14\n";
    const Policy p = load(policy_text(demand_record, allocation_fields, derived));
    const DataTable demands = table(p, "demand", demands_csv);
    const Diagnosis d = run(p, table(p, "allocation", allocations_csv), &demands);
    EXPECT_EQ(d.section("q1_allocations"), nullptr);
    EXPECT_TRUE(has_note(d, "q1_allocations", "`income_per_uc`"));
    expect_row(d, "q1_demands", "*", 2, 3, 1, "0.6667");  // the demand side does not need it
}

TEST(Diagnosis, WithoutDemandRecord) {
    const Policy p = load(policy_text(""));
    const Diagnosis d = run(p, table(p, "allocation", allocations_csv), nullptr);
    EXPECT_EQ(d.section("q1_demands"), nullptr);
    EXPECT_NE(d.section("q1_allocations"), nullptr);
}

TEST(Diagnosis, MissingFieldsSkipTheirParts) {
    // No landlord, dalo a string, no residence_class.
    const std::string fields = R"(  allocation:
    key: id
    fields:
      id: string
      reservataire: enum[PPRIOR, COLACT, BAILLEUR]
      qpv: bool
      lease_signed_on: date
      monthly_income: number
      persons_14_plus: int
      children_under_14: int
      dalo: string
      priority: bool
)";
    const std::string with_dalo_quota = policy_text(demand_record, fields);
    const std::string text = with_dalo_quota.substr(0, with_dalo_quota.find("quotas:")) +
                             "quotas:\n  - id: prio\n    meets: priority\n    target: \">= 25%\"\n";
    const Policy p = load(text);
    const Diagnosis d = run(p, table(p, "allocation",
                                     "id,reservataire,qpv,lease_signed_on,monthly_income,persons_14_plus,children_under_14,dalo,priority\n"
                                     "C1,PPRIOR,true,2024-02-01,700,1,0,oui,true\n"
                                     "C2,COLACT,false,2024-03-01,900,1,0,non,false\n"),
                            nullptr);
    EXPECT_TRUE(has_note(d, "qpv", "`landlord`"));
    EXPECT_TRUE(has_note(d, "dalo", "`dalo`"));
    EXPECT_TRUE(has_note(d, "dalo_or_priority", "`dalo`"));
    EXPECT_TRUE(has_note(d, "residence_class", "`residence_class`"));
    EXPECT_EQ(d.section("dalo"), nullptr);
    EXPECT_EQ(d.section("dalo_or_priority"), nullptr);
    EXPECT_EQ(d.section("residence_class"), nullptr);
    // Only the groups whose fields exist.
    EXPECT_EQ(groups_of(d, "q1_allocations"), (std::vector<std::string>{"*", "qpv=false", "qpv=true"}));
    EXPECT_EQ(groups_of(d, "qpv"), (std::vector<std::string>{"qpv=false", "qpv=true"}));
    EXPECT_EQ(groups_of(d, "priority"),
              (std::vector<std::string>{"*", "reservataire=PPRIOR", "reservataire=COLACT", "reservataire=BAILLEUR"}));
    expect_row(d, "priority", "*", 1, 2, 0, "0.5000");
}

TEST(Diagnosis, Errors) {
    Fixture f;
    Diagnosis d = diagnose(f.policy, f.allocations, nullptr, period(date_from_civil(2024, 12, 31), date_from_civil(2024, 1, 1)));
    EXPECT_FALSE(d.ok());
    d = diagnose(f.policy, f.demands, nullptr, year(2024));  // demand rows given as allocations
    EXPECT_FALSE(d.ok());
    d = diagnose(f.policy, f.allocations, &f.allocations, year(2024));
    EXPECT_FALSE(d.ok());
}

// --- outputs ------------------------------------------------------------------------------------

TEST(DiagnosisOutput, Csv) {
    Fixture f;
    std::ostringstream out;
    write_diagnosis_csv(out, run(f.policy, f.allocations, &f.demands));
    const std::string csv = out.str();
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "section,group,k,n,share");
    for (const char* line : {"\nq1_demands,*,2,3,0.6667\n", "\nq1_allocations,*,2,4,0.5000\n", "\nq1_allocations,qpv=,0,0,\n",
                             "\nqpv,\"landlord=X;qpv=false\",2,3,0.6667\n", "\ndalo,reservataire=PPRIOR,1,1,1.0000\n",
                             "\nreservataire,reservataire=COLACT,1,5,0.2000\n", "\nresidence_class,residence_class=,1,5,0.2000\n"})
        EXPECT_NE(csv.find(line), std::string::npos) << line;
    // 1 + 13 + 8 + 6 × 3 + 3 + 4 rows and the header.
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 1 + 13 + 8 + 18 + 3 + 4);
    EXPECT_EQ(csv.find("q1_demands"), csv.find('\n') + 1);  // the demand row first
}

TEST(DiagnosisOutput, JsonHasTheDiagnosisObject) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, &f.demands);
    AuditOptions o = year(2024);
    const AuditRun audit = audit_allocations(f.policy, f.allocations, o);
    ASSERT_TRUE(audit.ok()) << audit.error;
    std::ostringstream out;
    write_audit_json(out, f.policy, audit, &d);
    const std::string json = out.str();
    EXPECT_NE(json.find("\"results\""), std::string::npos);
    EXPECT_NE(json.find("\"diagnosis\": {"), std::string::npos);
    EXPECT_NE(json.find("\"q1_threshold\": 9000"), std::string::npos);
    EXPECT_NE(json.find("\"id\": \"q1_demands\""), std::string::npos);
    EXPECT_NE(json.find("\"share\": 0.6667"), std::string::npos);
    std::ostringstream plain;
    write_audit_json(plain, f.policy, audit);
    EXPECT_EQ(plain.str().find("diagnosis"), std::string::npos);  // unchanged without it
}

TEST(DiagnosisOutput, TextInFrench) {
    Fixture f;
    std::ostringstream out;
    write_diagnosis_text(out, run(f.policy, f.allocations, nullptr));
    const std::string text = out.str();
    for (const char* words : {"Diagnostic territorial", "Seuil du 1er quartile : 9\u202f000 €/UC/an", "hors QPV", "en QPV",
                              "résidence non qualifiée", "Attributions — ensemble", "50,00 %", "non calculé : aucun fichier de demandes"})
        EXPECT_NE(text.find(words), std::string::npos) << words << "\n" << text;
}

TEST(DiagnosisOutput, HtmlChartsHaveOneBarPerGroup) {
    Fixture f;
    const Diagnosis d = run(f.policy, f.allocations, &f.demands);
    const AuditRun audit = audit_allocations(f.policy, f.allocations, year(2024));
    std::ostringstream out;
    write_audit_html(out, f.policy, audit, nullptr, &d);
    const std::string html = out.str();
    EXPECT_NE(html.find("id=\"diagnostic\""), std::string::npos);
    std::size_t charts = 0;
    for (std::size_t at = html.find("<svg class=\"chart"); at != std::string::npos; at = html.find("<svg class=\"chart", at + 1)) {
        const std::string chart = html.substr(at, html.find("</svg>", at) - at);
        const auto count = [&](const std::string& what) {
            std::size_t c = 0;
            for (std::size_t i = chart.find(what); i != std::string::npos; i = chart.find(what, i + 1)) ++c;
            return c;
        };
        const std::size_t attr = chart.find("data-groups=\"");
        ASSERT_NE(attr, std::string::npos);
        const std::size_t groups = std::stoul(chart.substr(attr + 13));
        EXPECT_GT(groups, 0u);
        EXPECT_EQ(count("<rect class=\"bar"), groups);
        EXPECT_EQ(count("<g class=\"group"), groups);
        ++charts;
    }
    // The quota's overall row and its group-less panel: 1; the diagnosis: 7.
    EXPECT_EQ(charts, 1u + 7u);
    EXPECT_NE(html.find("data-groups=\"14\""), std::string::npos);  // 1st quartile: the demand row and 13 rows
}

}  // namespace
}  // namespace cotation
