// The demand desk: what a demand-management system does with cotation when an applicant files or
// changes a demand, and before the commission meets.
//
//   demand_desk POLICY DEMANDS ALLOCATIONS --as-of DATE --demand JSON [--landlord NAME] [--qpv true|false]
//
//   1. scores the demand on filing (one JSON object, as a form would send it) and explains it;
//   2. places it among the stock of demands (its rank in its group, as the applicant is told);
//   3. counts the year's allocations against the CIA and checks the candidate allocation of this
//      household to a dwelling of LANDLORD (inside a QPV or not): which targets it helps or hurts.
//
// POLICY holds the grid and the quotas (rules/cahc/quotas.yaml includes the CAHC grid). It links
// only cotation::cotation and includes only <cotation/cotation.hpp>.
#include <cotation/cotation.hpp>

#include <cstring>
#include <iostream>
#include <string>

using namespace cotation;

namespace {

int usage() {
    std::cerr << "usage: demand_desk POLICY DEMANDS ALLOCATIONS --as-of DATE --demand JSON [--landlord NAME] [--qpv true|false]\n";
    return 2;
}

const char* state_text(CriterionState state) {
    switch (state) {
        case CriterionState::applied: return "applied";
        case CriterionState::unknown: return "unknown (missing data)";
        case CriterionState::unverified: return "unverified (proof missing)";
        case CriterionState::not_applied: return "not applied";
    }
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return usage();
    const std::string policy_path = argv[1], demands_path = argv[2], allocations_path = argv[3];
    std::string as_of_text, demand_json, landlord = "SIA Habitat";
    bool qpv = false;
    for (int i = 4; i + 1 < argc; i += 2) {
        const std::string option = argv[i], value = argv[i + 1];
        if (option == "--as-of") as_of_text = value;
        else if (option == "--demand") demand_json = value;
        else if (option == "--landlord") landlord = value;
        else if (option == "--qpv") qpv = value == "true";
        else return usage();
    }
    const std::optional<Date> as_of = parse_iso_date(as_of_text);
    if (!as_of || demand_json.empty()) return usage();

    LoadResult loaded = load_policy(policy_path);
    if (!loaded.ok()) {
        std::cerr << format_text(loaded.diagnostics);
        return 1;
    }
    const Policy& policy = *loaded.policy;
    Result<Scorer> made = Scorer::create(policy, ScorerOptions{.as_of = *as_of});
    if (!made) {
        std::cerr << "demand_desk: " << made.error().code << ": " << made.error().message << '\n';
        return 1;
    }
    const Scorer& scorer = made.value();

    // 1. The demand, as the form sends it, scored on filing.
    Result<Record> demand = scorer.parse_json(demand_json);
    if (!demand) {
        std::cerr << "demand_desk: the demand is refused: " << demand.error().code << ": " << demand.error().message << '\n';
        return 1;
    }
    const Outcome outcome = scorer.score(demand.value());
    const std::string id = format_value(*demand.value().get("id"));
    if (outcome.status != Status::scored) {
        std::cout << "Demand " << id << ": not scored (" << outcome.unscored_reason << ")\n";
        return 0;
    }
    std::cout << "Demand " << id << ": grid " << outcome.grid << ", score " << format_number(outcome.score) << '\n';
    for (const CriterionOutcome& c : outcome.criteria)
        if (c.state != CriterionState::not_applied)
            std::cout << "  " << c.rubric << '.' << c.criterion << ": " << state_text(c.state)
                      << (c.state == CriterionState::applied ? ", " + format_number(c.points) + " points" : std::string()) << '\n';
    for (const std::string& flag : outcome.flags) std::cout << "  flag: " << flag << '\n';

    // 2. Where it stands among the stock.
    Result<Population> stock = Population::score_file(scorer, demands_path);
    if (!stock) {
        std::cerr << "demand_desk: " << stock.error().message << '\n';
        return 1;
    }
    const Position position = stock.value().position(demand.value());
    std::cout << "Position: rank " << position.rank << " of " << position.group_size << " in its group (percentile " << position.percentile
              << "), among " << stock.value().size() << " scored demands\n";

    // 3. The CIA: the allocations of the year counted, then the candidate allocation checked.
    const int year = civil_from_date(*as_of).year;
    Result<QuotaTracker> made_tracker =
        QuotaTracker::create(policy, AuditOptions{.from = date_from_civil(year, 1, 1), .to = date_from_civil(year, 12, 31)});
    if (!made_tracker) {
        std::cerr << "demand_desk: " << made_tracker.error().message << '\n';
        return 1;
    }
    QuotaTracker& tracker = made_tracker.value();
    const std::vector<FieldSpec> allocation_fields = policy.fields("allocation");
    ReadResult allocations = read_table(allocations_path, allocation_fields);
    if (!allocations.ok()) {
        std::cerr << "demand_desk: " << allocations.error << '\n';
        return 1;
    }
    std::size_t refused = 0;
    for (const std::vector<Value>& row : allocations.table.rows) {
        RecordBuilder builder = tracker.builder();
        for (std::size_t f = 0; f < allocation_fields.size(); ++f) builder.set(allocation_fields[f].name, row[f]);
        Result<Record> allocation = builder.build();
        if (!allocation || !tracker.add(allocation.value())) ++refused;
    }
    std::cout << "CIA " << year << ": " << tracker.counted() << " allocations counted (" << refused << " refused)\n";
    // The allocation this household would make: the demand's values for the fields of the same
    // names, the dwelling's landlord and place, signed today.
    RecordBuilder candidate = tracker.builder();
    for (const FieldSpec& f : allocation_fields)
        if (const Value* v = demand.value().get(f.name)) candidate.set(f.name, *v);
    candidate.set("id", "candidate-" + id).set("demand_id", id).set("landlord", landlord).set("qpv", qpv).set("lease_signed_on", *as_of);
    Result<Record> allocation = candidate.build();
    if (!allocation) {
        std::cerr << "demand_desk: " << allocation.error().message << '\n';
        return 1;
    }
    for (const WhatIfEffect& e : tracker.what_if(allocation.value())) {
        if (e.direction == 0) continue;
        std::string group;
        for (const auto& [name, value] : e.after.group) group += (group.empty() ? "" : ", ") + name + "=" + format_value(value);
        std::cout << "  " << e.after.quota << " [" << (group.empty() ? "all" : group) << "]: " << e.before.k << "/" << e.before.n << " -> "
                  << e.after.k << "/" << e.after.n << " (" << (e.direction > 0 ? "towards" : "away from") << " " << e.after.target << ")\n";
    }
    return 0;
}
