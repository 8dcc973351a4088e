#include "check/priorities.hpp"

#include <algorithm>
#include <array>

namespace cotation {

namespace {

// The categories of article L441-1 CCH as in force since the law of 7 February 2022,
// worded as the article words them (long enumerations of the Penal Code's articles shortened
// with "[…]"). docs/lint.md prints the same table; a unit test keeps the two in step.
constexpr std::array table{
    PriorityInfo{"handicap", "Personnes en situation de handicap",
                 "Personnes en situation de handicap, au sens de l'article L. 114 du code de l'action sociale et des familles, "
                 "ou familles ayant à leur charge une personne en situation de handicap.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"sortie_act", "Sortants d'un appartement de coordination thérapeutique",
                 "Personnes sortant d'un appartement de coordination thérapeutique mentionné au 9° de l'article L. 312-1 du code "
                 "de l'action sociale et des familles.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"defavorise", "Personnes mal logées ou défavorisées",
                 "Personnes mal logées ou défavorisées et personnes rencontrant des difficultés particulières de logement pour des "
                 "raisons d'ordre financier ou tenant à leurs conditions d'existence ou confrontées à un cumul de difficultés "
                 "financières et de difficultés d'insertion sociale.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"heberge_temporaire", "Personnes hébergées ou logées temporairement",
                 "Personnes hébergées ou logées temporairement dans un établissement ou un logement de transition, un logement-foyer "
                 "ou une résidence hôtelière à vocation sociale.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"reprise_activite", "Reprise d'activité après un chômage de longue durée",
                 "Personnes reprenant une activité après une période de chômage de longue durée.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"habitat_indigne", "Personnes exposées à l'habitat indigne",
                 "Personnes exposées à des situations d'habitat indigne.", "Art. L441-1 CCH", ""},
    PriorityInfo{"violences_couple", "Violences au sein du couple, mariage forcé",
                 "Personnes justifiant de violences au sein du couple ou entre les partenaires, sans que la circonstance que le "
                 "conjoint ou le partenaire lié par un pacte civil de solidarité bénéficie d'un contrat de location au titre du "
                 "logement occupé par le couple puisse y faire obstacle, et personnes menacées de mariage forcé.",
                 "Art. L441-1 CCH",
                 "Décision du juge prise en application de l'article 257 du code civil ou ordonnance de protection délivrée par le "
                 "juge aux affaires familiales (titre XIV du livre Ier du code civil)."},
    PriorityInfo{"violences_sexuelles", "Victimes de viol ou d'agression sexuelle au domicile",
                 "Personnes victimes de viol ou d'agression sexuelle à leur domicile ou à ses abords, lorsque l'autorité "
                 "judiciaire a imposé à la personne suspectée, poursuivie ou condamnée une interdiction de se rendre dans certains "
                 "lieux ou d'entrer en contact avec la victime […].",
                 "Art. L441-1 CCH",
                 "Décision de l'autorité judiciaire imposant à l'auteur une interdiction de paraître ou de contact."},
    PriorityInfo{"prostitution", "Parcours de sortie de la prostitution",
                 "Personnes engagées dans le parcours de sortie de la prostitution et d'insertion sociale et professionnelle prévu "
                 "à l'article L. 121-9 du code de l'action sociale et des familles.",
                 "Art. L441-1 CCH (loi n° 2016-444 du 13 avril 2016)",
                 "Autorisation d'engagement dans le parcours délivrée par le préfet (art. L121-9 CASF)."},
    PriorityInfo{"traite", "Victimes de la traite des êtres humains ou du proxénétisme",
                 "Personnes victimes de l'une des infractions de traite des êtres humains ou de proxénétisme prévues aux articles "
                 "225-4-1 à 225-4-6 et 225-5 à 225-10 du code pénal.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"suroccupation_enfant", "Enfant mineur en logement suroccupé ou non décent",
                 "Personnes ayant à leur charge un enfant mineur et logées dans des locaux manifestement suroccupés ou ne "
                 "présentant pas le caractère d'un logement décent.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"sans_logement", "Personnes dépourvues de logement",
                 "Personnes dépourvues de logement, y compris celles qui sont hébergées par des tiers.", "Art. L441-1 CCH", ""},
    PriorityInfo{"expulsion", "Menacés d'expulsion sans relogement", "Personnes menacées d'expulsion sans relogement.",
                 "Art. L441-1 CCH", ""},
    PriorityInfo{"sortie_ase", "Jeunes sortant de l'aide sociale à l'enfance",
                 "Mineurs émancipés ou majeurs âgés de moins de vingt et un ans pris en charge avant leur majorité par le service "
                 "de l'aide sociale à l'enfance, jusqu'à trois ans après le dernier jour de cette prise en charge.",
                 "Art. L441-1 CCH (loi n° 2022-140 du 7 février 2022 relative à la protection des enfants)", ""},
};

}  // namespace

std::span<const PriorityInfo> priorities() { return table; }

const PriorityInfo* find_priority(std::string_view code) {
    const auto it = std::find_if(table.begin(), table.end(), [&](const PriorityInfo& p) { return p.code == code; });
    return it == table.end() ? nullptr : &*it;
}

std::vector<std::string> priority_codes() {
    std::vector<std::string> codes;
    for (const PriorityInfo& p : table) codes.emplace_back(p.code);
    return codes;
}

}  // namespace cotation
