// coverage: the counts as one JSON object, with the labels of the criteria and flags.
#include <ostream>

#include <nlohmann/json.hpp>

#include "check/compiled.hpp"
#include "cotation/coverage.hpp"
#include "report/json_number.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

using json = nlohmann::ordered_json;

}  // namespace

void write_coverage_json(std::ostream& out, const Policy& policy, const CoverageRun& run) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    json j;
    j["policy"] = policy.name();
    j["version"] = policy.version();
    j["as_of"] = format_date(run.as_of);
    j["rows_read"] = run.rows_read;
    j["scored"] = run.scored;
    j["unscored"] = run.unscored;
    j["rejected"] = run.rejected.size();
    json grids = json::array();
    for (const auto& [grid, scored] : run.grids) grids.push_back({{"grid", grid}, {"scored", scored}});
    j["grids"] = std::move(grids);
    json criteria = json::array();
    std::size_t k = 0;
    for (const CheckedGrid& g : p.grids)
        for (const CheckedRubric& r : g.rubrics)
            for (const CheckedCriterion& c : r.criteria) {
                const CriterionCoverage& n = run.criteria[k++];
                criteria.push_back({{"grid", n.grid}, {"rubric", n.rubric}, {"criterion", n.criterion}, {"label", c.label},
                                    {"applied", n.applied}, {"unknown", n.unknown}, {"unverified", n.unverified},
                                    {"not_applied", n.not_applied}, {"points_total", internal::json_number(n.points_total)}});
            }
    j["criteria"] = std::move(criteria);
    json flags = json::array();
    for (std::size_t f = 0; f < run.flags.size(); ++f) {
        const FlagCoverage& n = run.flags[f];
        flags.push_back({{"flag", n.flag}, {"label", p.flags[f].label}, {"true_count", n.true_count}, {"null_count", n.null_count},
                         {"false_count", n.false_count}});
    }
    j["flags"] = std::move(flags);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace cotation
