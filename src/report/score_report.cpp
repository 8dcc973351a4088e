#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/compiled.hpp"
#include "cotation/report.hpp"
#include "io/csv_quote.hpp"

namespace cotation {

std::string status_text(const ScoredDemand& d) { return d.scored() ? "scored" : "unscored:" + d.unscored_reason; }

namespace {

// Every criterion of every grid, as `rubric.criterion`, in file order, once.
std::vector<std::string> criterion_columns(const CompiledPolicy& p) {
    std::vector<std::string> columns;
    for (const auto& g : p.grids)
        for (const auto& r : g.rubrics)
            for (const auto& c : r.criteria) {
                std::string name = r.id + "." + c.id;
                if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(std::move(name));
            }
    return columns;
}

// Whole numbers print as integers (27, not 27.0), as in the CSV output.
nlohmann::ordered_json json_number(double value) {
    if (value == std::floor(value) && std::fabs(value) < 9e15) return static_cast<std::int64_t>(value);
    return value;
}

std::string joined_flags(const ScoredDemand& d) {
    std::string out;
    for (std::size_t i = 0; i < d.flags.size(); ++i) out += (i ? "|" : "") + d.flags[i];
    return out;
}

}  // namespace

void write_scores_csv(std::ostream& out, const Policy& policy, const ScoreRun& run, const ScoreReportOptions& options) {
    const auto columns = options.explain ? criterion_columns(policy.compiled()) : std::vector<std::string>{};
    std::string line = "id,grid,score,rank,group_size,percentile,status,flags";
    for (const auto& c : columns) line += ",c." + c;
    out << line << '\n';
    std::map<std::string, std::size_t> column_index;
    for (std::size_t i = 0; i < columns.size(); ++i) column_index[columns[i]] = i;
    std::vector<std::string> cells(columns.size());
    for (const ScoredDemand& d : run.demands) {
        line.clear();
        line += io::csv_cell(d.id);
        line += ',';
        line += io::csv_cell(d.grid);
        line += ',';
        if (d.scored()) line += format_number(d.score);
        line += ',';
        if (d.scored()) line += fmt::format("{},{},{}", d.rank, d.group_size, d.percentile);
        else line += ",,";
        line += ',';
        line += status_text(d);
        line += ',';
        line += io::csv_cell(joined_flags(d));
        if (!columns.empty()) {
            std::fill(cells.begin(), cells.end(), std::string());
            for (const auto& c : d.criteria)
                if (c.state == CriterionState::applied) cells[column_index[c.rubric + "." + c.criterion]] = format_number(c.points);
            for (const auto& cell : cells) {
                line += ',';
                line += cell;
            }
        }
        line += '\n';
        out << line;
    }
}

void write_scores_jsonl(std::ostream& out, const Policy&, const ScoreRun& run, const ScoreReportOptions& options) {
    for (const ScoredDemand& d : run.demands) {
        nlohmann::ordered_json j;
        j["id"] = d.id;
        j["grid"] = d.scored() ? nlohmann::ordered_json(d.grid) : nlohmann::ordered_json(nullptr);
        if (d.scored()) {
            j["score"] = json_number(d.score);
            j["rank"] = d.rank;
            j["group_size"] = d.group_size;
            j["percentile"] = d.percentile;
        } else {
            j["score"] = nullptr;
            j["rank"] = nullptr;
            j["group_size"] = nullptr;
            j["percentile"] = nullptr;
        }
        j["status"] = status_text(d);
        j["flags"] = d.flags;
        if (options.explain) {
            nlohmann::ordered_json criteria = nlohmann::ordered_json::object();
            for (const auto& c : d.criteria)
                if (c.state == CriterionState::applied) criteria["c." + c.rubric + "." + c.criterion] = json_number(c.points);
            j["criteria"] = std::move(criteria);
        }
        out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
}

void write_score_summary(std::ostream& out, const Policy& policy, const ScoreRun& run) {
    out << fmt::format("{} ({})\n", policy.name(), policy.version().empty() ? "no version" : policy.version());
    out << fmt::format("demands: {} scored, {} unscored\n", run.scored, run.unscored);
    std::map<std::string, std::uint64_t> per_grid;
    std::vector<double> scores;
    for (const auto& d : run.demands)
        if (d.scored()) {
            ++per_grid[d.grid];
            scores.push_back(d.score);
        }
    for (const auto& [grid, n] : per_grid) out << fmt::format("  grid {}: {}\n", grid, n);
    if (scores.empty()) return;
    std::sort(scores.begin(), scores.end());
    const auto at = [&](double q) { return scores[static_cast<std::size_t>(q * static_cast<double>(scores.size() - 1))]; };
    out << fmt::format("score: min {}  p25 {}  median {}  p75 {}  p90 {}  max {}\n", format_number(scores.front()),
                       format_number(at(0.25)), format_number(at(0.5)), format_number(at(0.75)), format_number(at(0.9)),
                       format_number(scores.back()));
    // The largest positioning groups and their first three demands.
    std::map<std::string, std::vector<const ScoredDemand*>> groups;
    for (const auto& d : run.demands) {
        if (!d.scored()) continue;
        std::string key;
        for (std::size_t i = 0; i < d.group.size(); ++i) key += (i ? " / " : "") + (d.group[i].is_null() ? std::string("(none)") : format_value(d.group[i]));
        groups[key].push_back(&d);
    }
    std::vector<std::pair<std::string, std::vector<const ScoredDemand*>>> largest(groups.begin(), groups.end());
    std::stable_sort(largest.begin(), largest.end(), [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    const std::size_t shown = std::min<std::size_t>(3, largest.size());
    out << fmt::format("largest of {} groups:\n", largest.size());
    for (std::size_t g = 0; g < shown; ++g) {
        auto& members = largest[g].second;
        std::sort(members.begin(), members.end(), [](const ScoredDemand* a, const ScoredDemand* b) { return a->rank < b->rank; });
        out << fmt::format("  {} ({} demands):", largest[g].first.empty() ? "all" : largest[g].first, members.size());
        for (std::size_t i = 0; i < std::min<std::size_t>(3, members.size()); ++i)
            out << fmt::format(" {}. {} ({})", members[i]->rank, members[i]->id, format_number(members[i]->score));
        out << '\n';
    }
}

}  // namespace cotation
