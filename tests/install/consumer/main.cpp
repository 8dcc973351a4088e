// A program that uses cotation as a library: load an inline policy, read one demand from CSV,
// score it and check the score. Built twice by the install tests (tests/install.cmake): against
// the installed package (find_package) and with add_subdirectory on the source tree.
#include <cstdio>
#include <string>

#include <cotation/diagnostic.hpp>
#include <cotation/policy.hpp>
#include <cotation/score.hpp>
#include <cotation/table.hpp>

namespace {

const char* const policy_text = R"(cotation: 1
name: "Install check"
version: "1"
records:
  demand:
    key: id
    fields:
      id: string
      household_size: int
      dalo: bool
      monthly_income: number
parameters:
  pts_dalo:
    label: "Points for a DALO household"
    values: 50
grids:
  - id: main
    rubrics:
      - id: situation
        criteria:
          - { id: dalo, when: dalo, points: pts_dalo }
          - { id: large, when: household_size >= 4, points: 2 * household_size }
          - { id: low_income, when: monthly_income < 1000, points: 7.5 }
          - { id: high_income, when: monthly_income > 3000, points: -20 }
)";

// 50 (dalo) + 2 * 5 (large household) + 7.5 (low income) = 67.5
const char* const demands_csv = "id,household_size,dalo,monthly_income\nD-001,5,oui,950.50\n";
constexpr double expected_score = 67.5;

}  // namespace

int main() {
    const cotation::LoadResult loaded = cotation::load_policy_from_string(policy_text, "install-check.yaml");
    if (!loaded.ok()) {
        std::fprintf(stderr, "the policy does not load:\n%s", cotation::format_text(loaded.diagnostics).c_str());
        return 1;
    }
    const cotation::Policy& policy = *loaded.policy;

    const cotation::ReadResult read = cotation::read_csv_text(demands_csv, policy.fields("demand"));
    if (!read.ok() || read.table.rows.size() != 1) {
        std::fprintf(stderr, "the demand was not read: %s (%zu rejected)\n", read.error.c_str(), read.table.rejected.size());
        return 1;
    }

    cotation::ScoreOptions options;
    options.as_of = cotation::date_from_civil(2025, 6, 1);
    const cotation::ScoreRun run = cotation::score_demands(policy, read.table, options);
    if (!run.ok() || run.demands.size() != 1) {
        std::fprintf(stderr, "scoring failed: %s\n", run.error.c_str());
        return 1;
    }
    const cotation::ScoredDemand& demand = run.demands.front();
    std::printf("%s: grid %s, score %s\n", demand.id.c_str(), demand.grid.c_str(),
                cotation::format_number(demand.score).c_str());
    if (!demand.scored() || demand.grid != "main" || demand.score != expected_score) {
        std::fprintf(stderr, "expected grid main and score %s\n", cotation::format_number(expected_score).c_str());
        return 1;
    }
    std::printf("cotation consumer: ok\n");
    return 0;
}
