// compare: the summary in French, for a person at a terminal.
#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "cotation/compare.hpp"
#include "report/audit_words.hpp"
#include "report/authors_words.hpp"
#include "report/text_table.hpp"

namespace cotation {

using namespace internal;

namespace {

std::string count_of(std::uint64_t k, std::uint64_t n) {
    return fmt::format("{} ({})", k, percent_fr(static_cast<std::int64_t>(k), static_cast<std::int64_t>(n)));
}

}  // namespace

void write_compare_text(std::ostream& out, const Policy& base, const Policy& candidate, const CompareRun& run) {
    out << "Comparaison de deux grilles sur le même stock de demandes, au " << format_date(run.as_of) << '\n';
    out << "  base      : " << header_line(base) << '\n';
    out << "  candidate : " << header_line(candidate) << '\n';
    if (!run.candidate_overrides.empty()) out << "              paramètres modifiés : " << overrides_fr(run.candidate_overrides) << '\n';
    out << "Rang : celui de la demande dans son groupe de positionnement, selon chaque grille ;\n"
           "variation = rang base - rang candidate (positive : la demande monte).\n\n";

    out << fmt::format("Demandes : {} (lignes lues : {}, rejetées : {})\n", run.demands, run.rows_read, run.rejected.size());
    write_table(out,
                {{"cotées par les deux grilles :", std::to_string(run.both_scored)},
                 {"  montent :", count_of(run.moved_up, run.both_scored)},
                 {"  descendent :", count_of(run.moved_down, run.both_scored)},
                 {"  inchangées :", count_of(run.unchanged, run.both_scored)},
                 {"cotées par la base seule :", std::to_string(run.only_base)},
                 {"cotées par la candidate seule :", std::to_string(run.only_candidate)}},
                {false, true}, "  ");
    if (run.both_scored == 0) {
        out << "\nAucune demande n'est cotée par les deux grilles.\n";
        return;
    }

    out << "\nVariations de rang (demandes cotées par les deux grilles) :\n";
    std::uint64_t most = 1;
    for (const RankChangeBin& bin : run.histogram) most = std::max(most, bin.demands);
    std::vector<std::vector<std::string>> bars;
    for (const RankChangeBin& bin : run.histogram) {
        const std::size_t width = bin.demands == 0 ? 0 : std::max<std::size_t>(1, static_cast<std::size_t>(40 * bin.demands / most));
        std::string bar;
        for (std::size_t i = 0; i < width; ++i) bar += "█";
        bars.push_back({bin_fr(bin), std::to_string(bin.demands), bar});
    }
    write_table(out, bars, {true, true, false}, "  ");

    if (!run.by_flag.empty()) {
        out << "\nPar indicateur (demandes cotées par les deux grilles où il est vrai) :\n";
        std::vector<std::vector<std::string>> rows{{"indicateur", "grille", "demandes", "montent", "descendent", "variation moyenne"}};
        for (const FlagMoves& f : run.by_flag)
            rows.push_back({f.flag, f.policy, std::to_string(f.n), std::to_string(f.moved_up), std::to_string(f.moved_down),
                            mean_fr(f.mean_rank_change)});
        write_table(out, rows, {false, false, true, true, true, true}, "  ");
    }

    out << "\nLes " << run.largest_moves.size() << " plus grands déplacements :\n";
    std::vector<std::vector<std::string>> rows{{"demande", "rang base", "rang candidate", "variation"}};
    for (const RankMove& m : run.largest_moves)
        rows.push_back({m.id, std::to_string(m.base_rank), std::to_string(m.candidate_rank), signed_text(m.rank_change)});
    write_table(out, rows, {false, true, true, true}, "  ");
}

}  // namespace cotation
