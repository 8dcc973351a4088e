// The priority publics of article L441-1 CCH, declared once: the checker accepts a criterion's
// `priority: [CODE, ...]` against this table (E0309), lint reports each code a grid leaves without
// a criterion (L0105), and `publish` and the docs (docs/lint.md) print each code's legal text.
//
// Codes name the publics by meaning, not by the article's letters: the lettering has changed
// several times (2017, 2018, 2022) and will change again, the meaning stays.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cotation {

struct PriorityInfo {
    std::string_view code;    // handicap, sortie_act...
    std::string_view label;   // short French label, as a grid's reader sees it
    std::string_view text;    // the category as the law words it (French)
    std::string_view source;  // the article, and the law that added the category when it is recent
    std::string_view proof;   // what the law itself asks as proof; empty when it asks none
};

// Every priority public, in the order of the article.
std::span<const PriorityInfo> priorities();
// The public of that code; nullptr when there is none.
const PriorityInfo* find_priority(std::string_view code);
// Every code, in the table's order (for "did you mean" and messages).
std::vector<std::string> priority_codes();

// The rule that puts DALO households before every priority public (L0101), with its source.
inline constexpr std::string_view dalo_first_text =
    "Les logements sont attribués prioritairement aux personnes bénéficiant d'une décision favorable de la commission de "
    "médiation (DALO), puis aux catégories de personnes énumérées par l'article.";
inline constexpr std::string_view dalo_first_source = "Art. L441-1 CCH ; art. L441-2-3 CCH (commission de médiation DALO)";

}  // namespace cotation
