// coverage: the counts in French, grid by grid with the criteria's labels, then the flags and the
// criteria that no demand saw applied.
#include <ostream>

#include <fmt/format.h>

#include "check/compiled.hpp"
#include "cotation/coverage.hpp"
#include "report/audit_words.hpp"
#include "report/authors_words.hpp"
#include "report/text_table.hpp"
#include "check/policy_access.hpp"

namespace cotation {

using namespace internal;

void write_coverage_text(std::ostream& out, const Policy& policy, const CoverageRun& run) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    out << "Couverture de la grille : " << header_line(policy) << ", au " << format_date(run.as_of) << '\n';
    if (!run.parameter_overrides.empty()) out << "paramètres modifiés : " << overrides_fr(run.parameter_overrides) << '\n';
    out << fmt::format("Demandes : {} lues, {} cotées, {} non cotées, {} rejetées\n", run.rows_read, run.scored, run.unscored,
                       run.rejected.size());
    const auto share = [](std::uint64_t k, std::uint64_t n) { return percent_fr(static_cast<std::int64_t>(k), static_cast<std::int64_t>(n)); };
    std::vector<std::string> never;
    std::size_t k = 0;
    for (std::size_t g = 0; g < p.grids.size(); ++g) {
        const CheckedGrid& grid = p.grids[g];
        const std::uint64_t scored = run.grids[g].second;
        out << '\n' << "Grille " << grid.id << (grid.label.empty() ? "" : " — " + grid.label) << " (" << scored << " demande"
            << (scored > 1 ? "s" : "") << " cotée" << (scored > 1 ? "s" : "") << ")\n";
        std::vector<std::vector<std::string>> rows{{"critère", "appliqué", "%", "inconnu", "non vérifié", "non appliqué", "points"}};
        for (const CheckedRubric& rubric : grid.rubrics)
            for (const CheckedCriterion& criterion : rubric.criteria) {
                const CriterionCoverage& c = run.criteria[k++];
                rows.push_back({rubric.id + "." + criterion.id, std::to_string(c.applied), share(c.applied, scored), std::to_string(c.unknown),
                                std::to_string(c.unverified), std::to_string(c.not_applied), format_number(c.points_total)});
                if (c.applied == 0)
                    never.push_back(grid.id + "/" + rubric.id + "/" + criterion.id + (criterion.label.empty() ? "" : " — " + criterion.label));
            }
        write_table(out, rows, {false, true, true, true, true, true, true}, "  ");
    }
    if (!run.flags.empty()) {
        out << "\nIndicateurs (" << run.scored << " demandes cotées)\n";
        std::vector<std::vector<std::string>> rows{{"indicateur", "vrai", "%", "inconnu", "faux"}};
        for (const FlagCoverage& f : run.flags)
            rows.push_back({f.flag, std::to_string(f.true_count), share(f.true_count, run.scored), std::to_string(f.null_count),
                            std::to_string(f.false_count)});
        write_table(out, rows, {false, true, true, true, true}, "  ");
    }
    out << "\nCritères jamais appliqués : " << (never.empty() ? "aucun" : std::to_string(never.size())) << '\n';
    for (const std::string& c : never) out << "  " << c << '\n';
}

}  // namespace cotation
