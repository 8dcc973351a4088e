// What the reports of the authors' tools (compare, coverage) share: the words of a parameter
// override, of a rank change and of a bin of rank changes, in French.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cotation/compare.hpp"
#include "cotation/value.hpp"

namespace cotation::internal {

// "pts_dalo = 80 ; communes = [62510, 62511] ; plafonds = {1: 0, 2: 1}"; the last of a name only.
std::string overrides_fr(const std::vector<std::pair<std::string, Value>>& overrides);
// "+87", "-12", "0".
std::string signed_text(std::int64_t change);
// A mean rank change with its sign and a decimal comma: "+12,35", "-0,50", "0,00".
std::string mean_fr(double mean);
// "0", "+1", "+2 à +4", "-9 à -5", "+1 000 000 et plus".
std::string bin_fr(const RankChangeBin& bin);

}  // namespace cotation::internal
