// report: the score output (CSV, JSON Lines) of both scorers, one definition, and the summary.
#include <algorithm>
#include <cmath>
#include <concepts>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/compiled.hpp"
#include "cotation/fast.hpp"
#include "cotation/report.hpp"
#include "io/csv_quote.hpp"
#include "report/fast_output.hpp"
#include "score/column_positions.hpp"
#include "score/scorer.hpp"
#include "check/policy_access.hpp"

namespace cotation {

using internal::append;
using internal::append_number;
using internal::write_parts_in_order;

std::string status_text(const ScoredDemand& d) { return d.scored() ? "scored" : "unscored:" + d.unscored_reason; }

namespace {

// The criterion columns of `--explain`: every criterion of every grid once, as `rubric.criterion`,
// in file order; a grid's criteria map to their column.
struct CriterionColumns {
    std::vector<std::string> names;
    std::vector<std::vector<std::size_t>> of_grid;  // per grid, per criterion in file order: its column
};

CriterionColumns criterion_columns(const CompiledPolicy& p) {
    CriterionColumns columns;
    for (const CheckedGrid& g : p.grids) {
        std::vector<std::size_t>& of_grid = columns.of_grid.emplace_back();
        for (const CheckedRubric& r : g.rubrics)
            for (const CheckedCriterion& c : r.criteria) {
                const std::string name = r.id + "." + c.id;
                const auto it = std::find(columns.names.begin(), columns.names.end(), name);
                of_grid.push_back(static_cast<std::size_t>(it - columns.names.begin()));
                if (it == columns.names.end()) columns.names.push_back(name);
            }
    }
    return columns;
}

// A number in JSON: whole numbers as integers (27, not 27.0), as in the CSV output.
void append_json_number(fmt::memory_buffer& buf, double value) {
    if (value == std::floor(value) && std::fabs(value) < 9e15) {
        const fmt::format_int digits(static_cast<std::int64_t>(value));
        buf.append(digits.data(), digits.data() + digits.size());
        return;
    }
    buf.append(std::string_view(nlohmann::json(value).dump()));
}

// What the writers need of one scored row, whichever scorer made it: a reference row or a row of
// the fast path's columns (the two adapters below).
template <typename Row>
concept ScoreRow = requires(const Row& row, std::size_t i) {
    { row.id() } -> std::convertible_to<std::string_view>;
    { row.grid() } -> std::convertible_to<int>;                 // the grid's index; < 0 when unscored
    { row.unscored_reason() } -> std::convertible_to<std::string_view>;
    { row.score() } -> std::convertible_to<double>;
    { row.rank() } -> std::convertible_to<std::int64_t>;
    { row.group_size() } -> std::convertible_to<std::int64_t>;
    { row.flag(i) } -> std::convertible_to<bool>;               // flag i of the policy, in file order
    { row.applied(i) } -> std::convertible_to<bool>;            // criterion i of its grid, in file order
    { row.points(i) } -> std::convertible_to<double>;
};

// The score output's one definition, a row at a time: `id,grid,score,rank,group_size,percentile,
// status,flags[,c.<rubric>.<criterion>...]` in CSV, or the same names as a JSON object a line.
class ScoreLineWriter {
public:
    ScoreLineWriter(const CompiledPolicy& p, bool explain, bool jsonl) : p_(p), explain_(explain), jsonl_(jsonl), columns_(criterion_columns(p)) {
        cells_.resize(columns_.names.size());
    }

    void header(std::ostream& out) const {
        if (jsonl_) return;
        std::string line = "id,grid,score,rank,group_size,percentile,status,flags";
        if (explain_)
            for (const std::string& c : columns_.names) line += ",c." + c;
        out << line << '\n';
    }

    template <ScoreRow Row>
    void append_row(fmt::memory_buffer& buf, const Row& row) {
        if (jsonl_) append_json(buf, row);
        else append_csv(buf, row);
    }

private:
    std::string_view status(int grid, std::string_view reason) const {
        if (grid >= 0) return "scored";
        return reason == "missing_key" ? "unscored:missing_key" : "unscored:no_grid";
    }

    template <ScoreRow Row>
    void append_flags(fmt::memory_buffer& buf, const Row& row, std::string_view separator) const {
        bool first = true;
        for (std::size_t f = 0; f < p_.flags.size(); ++f)
            if (row.flag(f)) {
                if (!first) append(buf, separator);
                append(buf, p_.flags[f].id);
                first = false;
            }
    }

    template <ScoreRow Row>
    void append_csv(fmt::memory_buffer& buf, const Row& row) {
        // Appended by hand: this runs for every row of millions.
        io::append_csv_cell(buf, row.id());
        const int g = row.grid();
        if (g >= 0) {
            buf.push_back(',');
            append(buf, p_.grids[static_cast<std::size_t>(g)].id);
            buf.push_back(',');
            append_number(buf, row.score());
            const std::int64_t rank = row.rank(), size = row.group_size();
            for (const std::int64_t v : {rank, size, percentile_of(rank, size)}) {
                buf.push_back(',');
                append_number(buf, static_cast<double>(v));
            }
            append(buf, ",scored,");
        } else {
            append(buf, ",,,,,,");
            append(buf, status(g, row.unscored_reason()));
            buf.push_back(',');
        }
        append_flags(buf, row, "|");  // flag ids are identifiers: never quoted
        if (explain_) {
            std::fill(cells_.begin(), cells_.end(), std::string());
            if (g >= 0) {
                const std::vector<std::size_t>& of_grid = columns_.of_grid[static_cast<std::size_t>(g)];
                for (std::size_t c = 0; c < of_grid.size(); ++c)
                    if (row.applied(c)) cells_[of_grid[c]] = format_number(row.points(c));
            }
            for (const std::string& cell : cells_) {
                buf.push_back(',');
                append(buf, cell);
            }
        }
        buf.push_back('\n');
    }

    template <ScoreRow Row>
    void append_json(fmt::memory_buffer& buf, const Row& row) {
        append(buf, "{\"id\":");
        append(buf, nlohmann::json(std::string(row.id())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        const int g = row.grid();
        if (g >= 0) {
            append(buf, ",\"grid\":\"");
            append(buf, p_.grids[static_cast<std::size_t>(g)].id);  // an identifier: nothing to escape
            append(buf, "\",\"score\":");
            append_json_number(buf, row.score());
            const std::int64_t rank = row.rank(), size = row.group_size();
            fmt::format_to(std::back_inserter(buf), ",\"rank\":{},\"group_size\":{},\"percentile\":{}", rank, size, percentile_of(rank, size));
        } else {
            append(buf, ",\"grid\":null,\"score\":null,\"rank\":null,\"group_size\":null,\"percentile\":null");
        }
        append(buf, ",\"status\":\"");
        append(buf, status(g, row.unscored_reason()));
        append(buf, "\",\"flags\":[");
        bool any_flag = false;
        for (std::size_t f = 0; f < p_.flags.size() && !any_flag; ++f) any_flag = row.flag(f);
        if (any_flag) {
            buf.push_back('"');
            append_flags(buf, row, "\",\"");
            buf.push_back('"');
        }
        buf.push_back(']');
        if (explain_) {
            append(buf, ",\"criteria\":{");
            bool first = true;
            if (g >= 0) {
                std::size_t c = 0;
                for (const CheckedRubric& r : p_.grids[static_cast<std::size_t>(g)].rubrics)
                    for (const CheckedCriterion& crit : r.criteria) {
                        if (row.applied(c)) {
                            fmt::format_to(std::back_inserter(buf), "{}\"c.{}.{}\":", first ? "" : ",", r.id, crit.id);
                            append_json_number(buf, row.points(c));
                            first = false;
                        }
                        ++c;
                    }
            }
            buf.push_back('}');
        }
        append(buf, "}\n");
    }

    const CompiledPolicy& p_;
    bool explain_;
    bool jsonl_;
    CriterionColumns columns_;
    std::vector<std::string> cells_;
};

// A row of the reference scorer.
class ReferenceRow {
public:
    ReferenceRow(const CompiledPolicy& p, const ScoredDemand& d) : d_(d) {
        if (d.scored())
            grid_ = static_cast<int>(std::find_if(p.grids.begin(), p.grids.end(), [&](const CheckedGrid& g) { return g.id == d.grid; }) - p.grids.begin());
        // The demand's flags are ids in file order: a flag is set when it is the next one listed.
        flags_.assign(p.flags.size(), false);
        std::size_t next = 0;
        for (std::size_t f = 0; f < p.flags.size() && next < d.flags.size(); ++f)
            if (p.flags[f].id == d.flags[next]) flags_[f] = true, ++next;
    }
    std::string_view id() const { return d_.id; }
    int grid() const { return grid_; }
    std::string_view unscored_reason() const { return d_.unscored_reason; }
    double score() const { return d_.score; }
    std::int64_t rank() const { return d_.rank; }
    std::int64_t group_size() const { return d_.group_size; }
    bool flag(std::size_t f) const { return flags_[f]; }
    bool applied(std::size_t c) const { return c < d_.criteria.size() && d_.criteria[c].state == CriterionState::applied; }
    double points(std::size_t c) const { return d_.criteria[c].points; }

private:
    const ScoredDemand& d_;
    int grid_ = -1;
    std::vector<bool> flags_;
};

// A row of the fast path's results.
class ColumnRow {
public:
    ColumnRow(const FastScoreState& state, const PartScores& part, std::size_t row) : state_(state), part_(part), row_(row) {}
    std::string_view id() const { return part_.key(row_); }
    int grid() const { return part_.grid[row_]; }
    std::string_view unscored_reason() const { return part_.grid[row_] == missing_key ? "missing_key" : "no_grid"; }
    double score() const { return part_.score[row_]; }
    std::int64_t rank() const { return part_.rank[row_]; }
    std::int64_t group_size() const { return state_.group_size(part_, row_); }
    bool flag(std::size_t f) const { return part_.flag(row_, f, state_.layout.flag_bytes); }
    bool applied(std::size_t c) const { return part_.states[at(c)] == static_cast<std::uint8_t>(CriterionState::applied); }
    double points(std::size_t c) const { return part_.points[at(c)]; }

private:
    std::size_t at(std::size_t c) const {
        return row_ * state_.layout.criteria + state_.layout.criterion_base[static_cast<std::size_t>(part_.grid[row_])] + c;
    }
    const FastScoreState& state_;
    const PartScores& part_;
    std::size_t row_;
};

void write_reference_scores(std::ostream& out, const Policy& policy, const ScoreRun& run, bool explain, bool jsonl) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    ScoreLineWriter writer(p, explain, jsonl);
    writer.header(out);
    fmt::memory_buffer buf;
    for (const ScoredDemand& d : run.demands) {
        buf.clear();
        writer.append_row(buf, ReferenceRow(p, d));
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    }
}

}  // namespace

void write_scores_csv(std::ostream& out, const Policy& policy, const ScoreRun& run, const ScoreReportOptions& options) {
    write_reference_scores(out, policy, run, options.explain, false);
}

void write_scores_jsonl(std::ostream& out, const Policy& policy, const ScoreRun& run, const ScoreReportOptions& options) {
    write_reference_scores(out, policy, run, options.explain, true);
}

void write_fast_scores(std::ostream& out, const Policy& policy, const FastScoreRun& run, bool explain, bool jsonl) {
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    const FastScoreState& state = *run.state;
    ScoreLineWriter header(p, explain, jsonl);
    header.header(out);
    // As many threads format the parts as scored the rows (--threads).
    write_parts_in_order(out, state.parts.size(), state.threads, [&](std::size_t k, std::string& text) {
        ScoreLineWriter writer(p, explain, jsonl);  // one per task: it keeps scratch cells
        const PartScores& part = state.parts[k];
        fmt::memory_buffer buf;
        for (std::size_t i = 0; i < part.rows; ++i) writer.append_row(buf, ColumnRow(state, part, i));
        text = fmt::to_string(buf);
    });
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
