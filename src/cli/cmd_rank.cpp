// cotation rank POLICY DEMANDS --offer OFFER.yaml --as-of DATE [--top N] [--why ID]... [--allocations FILE]
//               [--set NAME=VALUE]... [--format text|csv|json] [-o OUT]
#include <cmath>
#include <iostream>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/rank.hpp"
#include "cotation/report.hpp"
#include "io/csv_quote.hpp"
#include "report/audit_words.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string policy, demands, offer, allocations, format, output;
    std::optional<Date> as_of;
    std::uint64_t top = 3;
    std::vector<std::string> why, settings;
    DataOptions data;
};

std::string flags_text(const ScoredDemand& d) {
    std::string out;
    for (std::size_t i = 0; i < d.flags.size(); ++i) out += (i ? "|" : "") + d.flags[i];
    return out;
}

std::string held_text(const std::optional<bool>& held) { return !held ? "inconnu" : *held ? "oui" : "non"; }

// The conditions of demand `id` (asked with --why); nullptr when the file has no such demand.
const std::vector<ConditionOutcome>* conditions_of(const RankRun& run, const std::string& id) {
    for (const auto& [demand, conditions] : run.conditions)
        if (demand == id) return &conditions;
    return nullptr;
}

void write_rank_csv(std::ostream& out, const RankRun& run) {
    out << "position,id,grid,score,flags\n";
    for (const Candidate& c : run.candidates)
        out << c.position << ',' << io::csv_cell(c.demand.id) << ',' << c.demand.grid << ',' << format_number(c.demand.score) << ','
            << io::csv_cell(flags_text(c.demand)) << '\n';
}

void write_rank_json(std::ostream& out, const Policy& policy, const Offer& offer, const RankRun& run, const Arguments& args) {
    nlohmann::ordered_json j;
    j["policy"] = policy.name();
    j["version"] = policy.version();
    j["offer"] = offer.id;
    j["as_of"] = format_date(*args.as_of);
    j["eligible"] = run.eligible;
    j["ineligible"] = run.ineligible;
    j["unscored"] = run.unscored;
    auto list = nlohmann::ordered_json::array();
    for (const Candidate& c : run.candidates) {
        nlohmann::ordered_json x;
        x["position"] = c.position;
        x["id"] = c.demand.id;
        x["grid"] = c.demand.grid;
        x["score"] = c.demand.score == std::floor(c.demand.score) ? nlohmann::ordered_json(static_cast<std::int64_t>(c.demand.score))
                                                                   : nlohmann::ordered_json(c.demand.score);
        x["rank"] = c.demand.rank;
        x["group_size"] = c.demand.group_size;
        x["flags"] = c.demand.flags;
        auto impact = nlohmann::ordered_json::array();
        for (const WhatIfEffect& e : c.impact)
            impact.push_back({{"quota", e.after.quota}, {"group", group_text(e.after)}, {"k", e.after.k}, {"n", e.after.n},
                              {"status", std::string(status_name(e.after.status))}, {"direction", std::string(direction_name(e.direction))}});
        if (!args.allocations.empty()) x["impact"] = std::move(impact);
        list.push_back(std::move(x));
    }
    j["candidates"] = std::move(list);
    nlohmann::ordered_json why = nlohmann::ordered_json::object();
    for (const std::string& id : args.why) {
        const auto* conditions = conditions_of(run, id);
        if (!conditions) continue;
        auto items = nlohmann::ordered_json::array();
        for (const auto& c : *conditions)
            items.push_back({{"id", c.id}, {"label", c.label}, {"held", c.held ? nlohmann::ordered_json(*c.held) : nlohmann::ordered_json(nullptr)},
                             {"values", c.values}});
        why[id] = std::move(items);
    }
    if (!args.why.empty()) j["why"] = std::move(why);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

// The text for the commission, in French; false when a demand of --why is not in the file.
bool write_rank_text(std::ostream& out, const Offer& offer, const RankRun& run, std::size_t demand_count, const Arguments& args) {
    out << fmt::format("Logement {} — {} candidat{} éligible{} sur {} demandes ({} non éligibles, {} non cotées), au {}\n", offer.id,
                       run.eligible, run.eligible > 1 ? "s" : "", run.eligible > 1 ? "s" : "", demand_count, run.ineligible, run.unscored,
                       format_date(*args.as_of));
    if (!args.allocations.empty())
        out << fmt::format("Impact CIA compté sur les {} attributions du fichier {}\n", run.allocations_counted, args.allocations);
    if (run.candidates.empty()) out << "Aucun candidat éligible.\n";
    else out << fmt::format("{:>4}  {:<16} {:<12} {:>7}  {:<10} {}\n", "pos", "demande", "grille", "score", "rang", "indicateurs");
    for (const Candidate& c : run.candidates) {
        out << fmt::format("{:>4}  {:<16} {:<12} {:>7}  {:<10} {}\n", c.position, c.demand.id, c.demand.grid, format_number(c.demand.score),
                           fmt::format("{}/{}", c.demand.rank, c.demand.group_size), flags_text(c.demand));
        for (const WhatIfEffect& e : c.impact) {
            if (e.direction == 0) continue;
            out << fmt::format("        CIA {} [{}] : {}/{} -> {}/{} ({})\n", e.after.quota, group_text(e.after), e.before.k, e.before.n,
                               e.after.k, e.after.n, e.direction > 0 ? "vers l'objectif" : "s'en éloigne");
        }
    }
    // R441-2-17 CCH: the commission examines the candidates; their order is an aid, not a decision.
    out << internal::score_does_not_decide << ' ' << internal::decision_aid_statement << '\n';
    bool all_found = true;
    for (const std::string& id : args.why) {
        const auto* conditions = conditions_of(run, id);
        if (!conditions) {
            out << "\nDemande " << id << " : introuvable dans le fichier\n";
            all_found = false;
            continue;
        }
        out << "\nDemande " << id << " :\n";
        bool first_failure = true;
        for (const auto& c : *conditions) {
            const bool failing = c.held != true;
            out << fmt::format("  {} {} ({}) : {}{}\n", failing ? "✗" : "✓", c.label.empty() ? c.id : c.label, c.id, held_text(c.held),
                               failing && first_failure ? "  ← première condition non remplie" : "");
            if (!c.values.empty()) out << "      " << c.values << '\n';
            if (failing) first_failure = false;
        }
    }
    return all_found;
}

int rank(const Arguments& args) {
    int status = exit_ok;
    auto policy = load_or_report(args.policy, status);
    if (!policy) return status;
    auto overrides = overrides_or_report("rank", *policy, args.settings, status);
    if (!overrides) return status;
    std::string error;
    auto offer = read_offer_file(*policy, args.offer, error);
    if (!offer) {
        std::cerr << "cotation rank: " << args.offer << ": " << error << '\n';
        return error.rfind("cannot read", 0) == 0 ? exit_usage : exit_failure;
    }
    auto demands = read_data(*policy, "demand", args.demands, args.data, status);
    if (!demands) return status;
    std::optional<DataTable> allocations;
    if (!args.allocations.empty()) {
        allocations = read_data(*policy, "allocation", args.allocations, args.data, status);
        if (!allocations) return status;
    }

    const RankOptions options{*args.as_of, std::move(*overrides), static_cast<std::size_t>(args.top), allocations ? &*allocations : nullptr, args.why};
    const RankRun run = rank_candidates(*policy, *demands, *offer, options);
    if (!run.ok()) {
        std::cerr << "cotation rank: " << run.error << '\n';
        return exit_failure;
    }

    auto output = open_output(args.output, status);
    if (!output) return status;
    if (args.format == "csv") write_rank_csv(output->stream(), run);
    else if (args.format == "json") write_rank_json(output->stream(), *policy, *offer, run, args);
    else if (!write_rank_text(output->stream(), *offer, run, demands->rows.size(), args)) return exit_failure;
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_policy(app, args->policy, "the policy (YAML), with its matching rules");
    add_data_file(app, "DEMANDS", args->demands, "the demands");
    required(add_file(app, "--offer", args->offer, "the vacant dwelling (YAML: its fields)"));
    required(add_as_of(app, args->as_of));
    add_whole_number(app, "--top", args->top, 1, std::numeric_limits<std::uint64_t>::max(), "N", "how many candidates to list (default 3)");
    add_texts(app, "--why", args->why, "ID", "each condition for demand ID: why it is or is not a candidate");
    add_file(app, "--allocations", args->allocations, "allocations: the effect of each candidate on the CIA quotas");
    add_format(app, args->format, {"text", "csv", "json"});
    add_output(app, args->output);
    add_parameter_settings(app, args->settings);
    add_data_options(app, args->data);
    return [args] { return rank(*args); };
}

}  // namespace

const Command rank_command{"rank", "the candidates for a vacant dwelling, in order",
                           "cotation rank rules/cahc/matching.yaml examples/data/demands.csv --offer "
                           "examples/data/offers/henin-beaumont-t3-plus.yaml --as-of 2025-06-01 --why 062111900011",
                           define};

}  // namespace cotation::cli
