// Embedding the cotation library: load a policy, read demands, score them, show the first five
// of each ranking group and explain one demand, as a housing service's own tool could.
//
//   embed_score POLICY DEMANDS.csv [--as-of YYYY-MM-DD] [--explain ID] [--allocations FILE]
//   embed_score rules/cahc/cahc.yaml examples/data/demands.csv --as-of 2025-06-01
//
// Every call below is from the public headers (include/cotation); nothing else is needed.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <cotation/diagnostic.hpp>
#include <cotation/policy.hpp>
#include <cotation/score.hpp>
#include <cotation/table.hpp>
#include <cotation/value.hpp>

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: embed_score POLICY DEMANDS [--as-of YYYY-MM-DD] [--explain ID] [--allocations FILE]\n"
                 "  scores DEMANDS (CSV or .jsonl) with POLICY, prints the first 5 demands of each\n"
                 "  ranking group and explains one demand (default: the first of the first group)\n");
    return 2;
}

cotation::Date today() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return cotation::date_from_civil(utc.tm_year + 1900, static_cast<unsigned>(utc.tm_mon + 1),
                                     static_cast<unsigned>(utc.tm_mday));
}

// The values of `ranking.within` that make up a demand's group, e.g. "T3 / 62427".
std::string group_label(const cotation::ScoredDemand& demand) {
    if (demand.group.empty()) return "(all demands)";
    std::string label;
    for (const cotation::Value& value : demand.group) {
        if (!label.empty()) label += " / ";
        const std::string text = cotation::format_value(value);
        label += text.empty() ? "(empty)" : text;
    }
    return label;
}

}  // namespace

int main(int argc, char** argv) {
    // --- command line ---------------------------------------------------------------------------
    std::vector<std::string> positional;
    std::optional<cotation::Date> as_of;
    std::string explain_id;
    std::string allocations_path;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--as-of" && has_value) {
            as_of = cotation::parse_iso_date(argv[++i]);
            if (!as_of) {
                std::fprintf(stderr, "embed_score: --as-of wants a date YYYY-MM-DD, not '%s'\n", argv[i]);
                return 2;
            }
        } else if (arg == "--explain" && has_value) {
            explain_id = argv[++i];
        } else if (arg == "--allocations" && has_value) {
            allocations_path = argv[++i];
        } else if (arg.rfind("--", 0) == 0) {
            return usage();
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 2) return usage();
    const std::string& policy_path = positional[0];
    const std::string& demands_path = positional[1];
    if (!as_of) as_of = today();

    // --- 1. load the policy: either a checked policy, or diagnostics that say what is wrong -------
    const cotation::LoadResult loaded = cotation::load_policy(policy_path);
    if (!loaded.diagnostics.empty()) std::fputs(cotation::format_text(loaded.diagnostics).c_str(), stderr);
    if (!loaded.ok()) return 1;
    const cotation::Policy& policy = *loaded.policy;
    std::printf("Policy: %s (version %s), as of %s\n", policy.name().c_str(), policy.version().c_str(),
                cotation::format_date(*as_of).c_str());

    // --- 2. read the demands with the columns the policy declares ---------------------------------
    const cotation::ReadResult read = cotation::read_table(demands_path, policy.fields("demand"));
    if (!read.ok()) {
        std::fprintf(stderr, "embed_score: %s: %s\n", demands_path.c_str(), read.error.c_str());
        return 1;
    }
    const cotation::DataTable& demands = read.table;
    for (const std::string& warning : demands.warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
    // Rows that cannot be read are set aside, never dropped silently.
    for (const cotation::RejectedRow& reject : demands.rejected) {
        std::fprintf(stderr, "rejected line %llu (%s): %s\n", static_cast<unsigned long long>(reject.line),
                     reject.field.empty() ? "row" : reject.field.c_str(), reject.reason.c_str());
    }
    std::printf("Demands: %llu read, %zu rejected\n", static_cast<unsigned long long>(demands.rows_read),
                demands.rejected.size());

    // --- 3. score them ------------------------------------------------------------------------------
    cotation::ScoreOptions options;
    options.as_of = *as_of;
    const cotation::ScoreRun run = cotation::score_demands(policy, demands, options);
    if (!run.ok()) {
        std::fprintf(stderr, "embed_score: cannot score: %s\n", run.error.c_str());
        return 1;
    }
    std::printf("Scored: %llu, unscored: %llu\n", static_cast<unsigned long long>(run.scored),
                static_cast<unsigned long long>(run.unscored));

    // --- 4. the first five of each ranking group ------------------------------------------------------
    // The run keeps the input order; rank is the position within the demand's group (1 is first).
    std::map<std::string, std::vector<const cotation::ScoredDemand*>> groups;
    for (const cotation::ScoredDemand& demand : run.demands) {
        if (demand.scored()) groups[group_label(demand)].push_back(&demand);
    }
    for (auto& [label, members] : groups) {
        std::sort(members.begin(), members.end(),
                  [](const cotation::ScoredDemand* a, const cotation::ScoredDemand* b) { return a->rank < b->rank; });
        std::printf("\nTop 5 of group %s (%zu demand%s)\n", label.c_str(), members.size(), members.size() > 1 ? "s" : "");
        for (std::size_t i = 0; i < members.size() && i < 5; ++i) {
            const cotation::ScoredDemand& d = *members[i];
            std::string flags;
            for (const std::string& flag : d.flags) flags += (flags.empty() ? "  [" : ", ") + flag;
            if (!flags.empty()) flags += "]";
            std::printf("  %3lld. %-14s %7s  grid %s%s\n", static_cast<long long>(d.rank), d.id.c_str(),
                        cotation::format_number(d.score).c_str(), d.grid.c_str(), flags.c_str());
        }
    }

    // --- 5. explain one demand, as the applicant would be told ----------------------------------------
    if (explain_id.empty()) {
        if (groups.empty()) return 0;
        explain_id = groups.begin()->second.front()->id;
    }
    std::optional<cotation::ReadResult> allocations;
    cotation::ExplainOptions explain_options;
    explain_options.as_of = *as_of;
    if (!allocations_path.empty()) {
        allocations = cotation::read_table(allocations_path, policy.fields("allocation"));
        if (!allocations->ok()) {
            std::fprintf(stderr, "embed_score: %s: %s\n", allocations_path.c_str(), allocations->error.c_str());
            return 1;
        }
        explain_options.allocations = &allocations->table;
    }
    std::string error;
    const std::string explanation = cotation::explain_demand(policy, demands, explain_id, explain_options, error);
    if (!error.empty()) {
        std::fprintf(stderr, "embed_score: cannot explain %s: %s\n", explain_id.c_str(), error.c_str());
        return 1;
    }
    std::printf("\nExplanation of demand %s\n%s", explain_id.c_str(), explanation.c_str());
    return 0;
}
