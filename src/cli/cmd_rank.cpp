// cotation rank POLICY DEMANDS --offer OFFER.yaml --as-of DATE [--top N] [--why ID] [--allocations FILE]
//               [--format text|csv|json]
#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/rank.hpp"
#include "cotation/report.hpp"
#include "io/csv_quote.hpp"

namespace cotation::cli {

namespace {

std::string flags_text(const ScoredDemand& d) {
    std::string out;
    for (std::size_t i = 0; i < d.flags.size(); ++i) out += (i ? "|" : "") + d.flags[i];
    return out;
}

std::string held_text(const std::optional<bool>& held) { return !held ? "inconnu" : *held ? "oui" : "non"; }

}  // namespace

int run_rank(const std::vector<std::string>& argv) {
    OptionSpec spec{{"--offer", "--as-of", "--top", "--why", "--allocations", "--format", "-o"}, {}};
    add_data_options(spec);
    std::string error;
    auto args = parse_args(argv, spec, error);
    if (!args) return usage_error("rank", error);
    if (args->positional.size() != 2) return usage_error("rank", "expected POLICY DEMANDS");
    const std::string* offer_path = args->value("--offer");
    if (!offer_path) return usage_error("rank", "--offer OFFER.yaml is required");
    const std::string format = args->value("--format") ? *args->value("--format") : "text";
    if (format != "text" && format != "csv" && format != "json") return usage_error("rank", "--format is text, csv or json");
    std::size_t top = 3;
    if (const std::string* t = args->value("--top")) {
        try {
            std::size_t used = 0;
            const long long n = std::stoll(*t, &used);
            if (used != t->size() || n < 1) throw std::invalid_argument("top");
            top = static_cast<std::size_t>(n);
        } catch (const std::exception&) {
            return usage_error("rank", "--top takes a whole number of at least 1");
        }
    }
    int status = exit_ok;
    const auto as_of = date_option(*args, "--as-of", true, status);
    if (!as_of) return status;
    auto policy = load_or_report(args->positional[0], status);
    if (!policy) return status;
    auto offer = read_offer_file(*policy, *offer_path, error);
    if (!offer) {
        std::cerr << "cotation rank: " << *offer_path << ": " << error << '\n';
        return error.rfind("cannot read", 0) == 0 ? exit_usage : exit_failure;
    }
    auto demands = read_data(*policy, "demand", args->positional[1], *args, status);
    if (!demands) return status;
    std::optional<DataTable> allocations;
    if (const std::string* path = args->value("--allocations")) {
        allocations = read_data(*policy, "allocation", *path, *args, status);
        if (!allocations) return status;
    }
    const auto why_ids = args->values.count("--why") ? args->values.at("--why") : std::vector<std::string>{};
    RankRun run = rank_candidates(*policy, *demands, *offer, RankOptions{*as_of, {}, top, allocations ? &*allocations : nullptr, why_ids});
    if (!run.ok()) {
        std::cerr << "cotation rank: " << run.error << '\n';
        return exit_failure;
    }
    Output output(*args);
    if (!output.ok()) return usage_error("rank", output.error());
    std::ostream& out = output.stream();
    const auto conditions_of = [&](const std::string& id) -> const std::vector<ConditionOutcome>* {
        for (const auto& [demand, conditions] : run.conditions)
            if (demand == id) return &conditions;
        return nullptr;
    };
    if (format == "csv") {
        out << "position,id,grid,score,flags\n";
        for (const Candidate& c : run.candidates)
            out << c.position << ',' << io::csv_cell(c.demand.id) << ',' << c.demand.grid << ',' << format_number(c.demand.score) << ','
                << io::csv_cell(flags_text(c.demand)) << '\n';
    } else if (format == "json") {
        nlohmann::ordered_json j;
        j["policy"] = policy->name();
        j["version"] = policy->version();
        j["offer"] = offer->id;
        j["as_of"] = format_date(*as_of);
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
            if (allocations) x["impact"] = std::move(impact);
            list.push_back(std::move(x));
        }
        j["candidates"] = std::move(list);
        nlohmann::ordered_json why = nlohmann::ordered_json::object();
        for (const std::string& id : why_ids) {
            const auto* conditions = conditions_of(id);
            if (!conditions) continue;
            auto items = nlohmann::ordered_json::array();
            for (const auto& c : *conditions)
                items.push_back({{"id", c.id}, {"label", c.label}, {"held", c.held ? nlohmann::ordered_json(*c.held) : nlohmann::ordered_json(nullptr)},
                                 {"values", c.values}});
            why[id] = std::move(items);
        }
        if (!why_ids.empty()) j["why"] = std::move(why);
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        out << fmt::format("Logement {} — {} candidat{} éligible{} sur {} demandes ({} non éligibles, {} non cotées), au {}\n", offer->id,
                           run.eligible, run.eligible > 1 ? "s" : "", run.eligible > 1 ? "s" : "", demands->rows.size(), run.ineligible,
                           run.unscored, format_date(*as_of));
        if (allocations)
            out << fmt::format("Impact CIA compté sur les {} attributions du fichier {}\n", run.allocations_counted, *args->value("--allocations"));
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
        for (const std::string& id : why_ids) {
            const auto* conditions = conditions_of(id);
            if (!conditions) {
                out << "\nDemande " << id << " : introuvable dans le fichier\n";
                status = exit_failure;
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
    }
    return status;
}

}  // namespace cotation::cli
