// compare: the summary as one JSON object (policy format, section 10.2).
#include <ostream>

#include <nlohmann/json.hpp>

#include "cotation/compare.hpp"
#include "report/json_number.hpp"

namespace cotation {

namespace {

using json = nlohmann::ordered_json;

json policy_json(const Policy& policy) { return json{{"name", policy.name()}, {"version", policy.version()}}; }

}  // namespace

void write_compare_json(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run) {
    json j;
    j["base"] = policy_json(base);
    j["candidate"] = policy_json(candidate);
    j["demands"] = run.demands;
    j["both_scored"] = run.both_scored;
    j["moved_up"] = run.moved_up;
    j["moved_down"] = run.moved_down;
    j["unchanged"] = run.unchanged;
    j["only_base"] = run.only_base;
    j["only_candidate"] = run.only_candidate;
    j["rejected"] = run.rejected.size();
    json by_flag = json::array();
    for (const FlagMoves& f : run.by_flag)
        by_flag.push_back({{"flag", f.flag}, {"policy", f.policy}, {"n", f.n}, {"moved_up", f.moved_up}, {"moved_down", f.moved_down},
                           {"mean_rank_change", internal::json_number(f.mean_rank_change)}});
    j["by_flag"] = std::move(by_flag);
    json moves = json::array();
    for (const RankMove& m : run.largest_moves)
        moves.push_back({{"id", m.id}, {"base_rank", m.base_rank}, {"candidate_rank", m.candidate_rank}, {"rank_change", m.rank_change}});
    j["largest_moves"] = std::move(moves);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace cotation
