// The territorial diagnosis as the text and HTML reports show it, in French: its header lines, the
// sentence comparing the two 1st-quartile shares, and one panel (a table, a chart) per section.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cotation/diagnosis.hpp"

namespace cotation::internal {

// One table of the diagnosis: a title, the notes of its sections, its rows. The 1st-quartile
// panel joins the demand row and the allocation rows.
struct DiagnosisPanel {
    std::string id;
    std::string title;
    DiagnosisKind kind = DiagnosisKind::share;
    std::vector<std::pair<std::string, const DiagnosisRow*>> rows;  // label, row
    std::vector<std::string> notes;
    std::optional<std::int64_t> reference_scaled;  // the demand's 1st-quartile share × 10 000
};

// The panels in the order of docs/audit.md: the 1st quartile always, the others when computed or noted.
std::vector<DiagnosisPanel> diagnosis_panels(const Diagnosis& diagnosis);
// The column names of a panel's table.
std::vector<std::string> panel_header(const DiagnosisPanel& panel);
// The cells of one row of a panel's table, the first one `label`.
std::vector<std::string> panel_cells(const DiagnosisPanel& panel, const std::string& label, const DiagnosisRow& row);
// What the columns of a panel mean.
std::string panel_legend_fr(const DiagnosisPanel& panel);

// The period and what was counted, the threshold, the demands.
std::vector<std::string> diagnosis_header_fr(const Diagnosis& diagnosis);
// "Le 1er quartile pèse … des attributions contre … de la demande (…)."; empty when a share is missing.
std::string q1_comparison_fr(const Diagnosis& diagnosis);

}  // namespace cotation::internal
