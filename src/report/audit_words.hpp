// What the writers of the reports share (the audit in text, CSV, JSON, HTML: the quotas, the
// what-if, the diagnosis; explain; publish): a share, a gap, a group and a number as numbers and in
// French, the blocks of one quota's results, and the display width of a text. Each format's own
// helpers stay in its file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cotation/audit.hpp"
#include "cotation/value.hpp"

namespace cotation {

struct CheckedQuota;

namespace internal {

// k/n × 10 000, rounded half up, exactly (n > 0).
std::int64_t share_scaled(std::int64_t k, std::int64_t n);
// k/n with exactly 4 decimals ("0.2500"); empty when n = 0. What CSV and share_text print.
std::string share_decimal(std::int64_t k, std::int64_t n);
// "33,33 %": the share as a French percentage with 2 decimals; "—" when n = 0.
std::string percent_fr(std::int64_t k, std::int64_t n);
// The fields and values of a group (empty: the overall row).
using Group = std::vector<std::pair<std::string, Value>>;
// `overall` for the overall row, else words(field, value) of each field joined with `separator`.
std::string join_group(const Group& group, std::string_view overall, std::string_view separator,
                       const std::function<std::string(const std::string& field, const Value& value)>& words);
// "name=value;name=value", or "*" for the overall row. What CSV and group_text print.
std::string group_values_text(const Group& group);

// The French words of a quota result, for the text and HTML reports.
std::string status_fr(QuotaStatus status);
std::string gap_fr(const QuotaGroupResult& result);
std::string group_fr(const QuotaGroupResult& result);  // "Ensemble", or the values joined with " / "
std::string direction_fr(int direction);
// What the overrides of a quota mean: "3 groupes ont un objectif qui leur est propre".
std::string overrides_fr(std::size_t count);
std::string header_line(const Policy& policy);         // the name, and the version when there is one
std::string period_fr(const AuditRun& run);            // "Période : du … au … (paramètres en vigueur au …)"

// The results of one quota: [begin, end) of run.results.
struct QuotaBlock {
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::vector<QuotaBlock> quota_blocks(const AuditRun& run);
// The checked quota of that id; nullptr when the policy has none.
const CheckedQuota* find_quota(const Policy& policy, const std::string& id);
// The labels of the quota's `by` fields (their names when they have none) joined with " / ";
// "Groupe" without them.
std::string by_names(const Policy& policy, const CheckedQuota* quota);

// What every output an applicant or the public reads says of the score (R441-2-17 CCH): the
// statement of the published grid, and how explain and rank put it.
inline constexpr std::string_view decision_aid_statement = "La cotation est une aide à la décision : la commission d'attribution décide.";
inline constexpr std::string_view score_does_not_decide =
    "Le score aide la commission d'attribution à examiner les demandes ; il ne décide pas seul de l'attribution d'un logement.";

// A number in French: thousands grouped by a narrow no-break space, a decimal comma
// (9243 -> "9 243", 8671.5 -> "8 671,5").
std::string number_fr(double value);

// Display width of UTF-8 text: one column per code point.
std::size_t display_width(std::string_view text);

}  // namespace internal
}  // namespace cotation
