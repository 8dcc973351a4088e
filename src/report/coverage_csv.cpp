// coverage: the CSV of the policy format (section 10.3): the criteria in file order, then the flags.
#include <ostream>

#include "cotation/coverage.hpp"

namespace cotation {

void write_coverage_csv(std::ostream& out, const CoverageRun& run) {
    out << "grid,rubric,criterion,applied,unknown,unverified,not_applied,points_total\n";
    for (const CriterionCoverage& c : run.criteria)  // ids are identifiers: never quoted
        out << c.grid << ',' << c.rubric << ',' << c.criterion << ',' << c.applied << ',' << c.unknown << ',' << c.unverified << ','
            << c.not_applied << ',' << format_number(c.points_total) << '\n';
    for (const FlagCoverage& f : run.flags)
        out << "flag,," << f.flag << ',' << f.true_count << ',' << f.null_count << ",," << f.false_count << ",\n";
}

}  // namespace cotation
