#include "load/format.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <range/v3/range/conversion.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/transform.hpp>

namespace cotation {

namespace {

using S = ValueShape;
using M = Mapping;

constexpr KeyInfo policy_keys[] = {
    {"cotation", S::format_version, true, M::policy, "Format version of the policy file; only 1 exists.",
     "Version du format du fichier de politique ; seule la version 1 existe."},
    {"name", S::text, false, M::policy, "Name of the policy, printed in every output.", "Nom de la politique, repris dans chaque sortie."},
    {"version", S::text, false, M::policy, "Version of the policy (free text), printed in every output header.",
     "Version de la politique (texte libre), reprise en tête de chaque sortie."},
    {"reference", S::text, false, M::policy, "Where the policy is adopted or published (free text).",
     "Acte ou document où la politique est adoptée ou publiée (texte libre)."},
    {"include", S::paths, false, M::policy, "Files whose records and parameters (and grids, flags, quotas) are merged; paths relative to this file.",
     "Fichiers dont les enregistrements et paramètres (et grilles, indicateurs, objectifs) sont fusionnés ; chemins relatifs à ce fichier."},
    {"records", S::mapping_of, false, M::record, "The typed inputs: one record per kind of row (demand, allocation, offer).",
     "Les données d'entrée typées : un enregistrement par sorte de ligne (demande, attribution, offre).", S::one, S::id},
    {"parameters", S::mapping_of, false, M::parameter, "Named figures of the policy, dated: the value in force at the evaluation date is used.",
     "Valeurs nommées de la politique, datées : la valeur en vigueur à la date d'évaluation s'applique.", S::parameter, S::name},
    {"grids", S::list_of, false, M::grid, "The cotation grids; the first whose applies_when holds scores a demand.",
     "Les grilles de cotation ; la première dont applies_when est vraie cote la demande."},
    {"flags", S::list_of, false, M::flag, "Labels attached to each demand, without points.", "Indicateurs attachés à chaque demande, sans points."},
    {"ranking", S::one, false, M::ranking, "How demands are positioned: groups and order.", "Comment les demandes sont positionnées : groupes et ordre."},
    {"quotas", S::list_of, false, M::quota, "The allocation targets of the CIA, counted per period and group.",
     "Les objectifs d'attribution de la CIA, comptés par période et par groupe."},
    {"matching", S::one, false, M::matching, "Eligibility and order of the candidates for a vacant dwelling.",
     "Éligibilité et ordre des candidats pour un logement vacant."},
};

constexpr KeyInfo record_keys[] = {
    {"key", S::name, false, M::record, "The field that identifies a row (required, in this file or an included one).", "Le champ qui identifie une ligne (obligatoire, dans ce fichier ou un fichier inclus)."},
    {"fields", S::mapping_of, false, M::field, "The input columns: name: type, or name: {type: ..., label: ..., tags}.",
     "Les colonnes d'entrée : nom: type, ou nom: {type: ..., label: ..., étiquettes}.", S::field, S::name},
    {"derived", S::mapping_of, false, M::record, "Fields computed per row from an expression, in dependency order.",
     "Champs calculés pour chaque ligne par une expression, dans l'ordre de leurs dépendances.", S::expression, S::name},
};

constexpr KeyInfo field_keys[] = {
    {"type", S::field_type, true, M::field, "bool, int, number, string, date, enum[A, B, ...], list<string> or list<int>.",
     "bool, int, number, string, date, enum[A, B, ...], list<string> ou list<int>."},
    {"label", S::text, false, M::field, "What the field holds, as a person reads it.", "Ce que contient le champ, en clair."},
    {"reference", S::text, false, M::field, "Where the field is defined (form, legal text).", "Où le champ est défini (formulaire, texte)."},
    {"dalo", S::flag, false, M::field, "Tag: this bool field says that the household is recognised DALO (lint L0101).",
     "Étiquette : ce champ booléen dit que le ménage est reconnu prioritaire DALO (lint L0101)."},
    {"protected", S::flag, false, M::field, "Tag: the law forbids this field as a criterion (lint L0102).",
     "Étiquette : la loi interdit ce champ comme critère (lint L0102)."},
    {"residence", S::flag, false, M::field, "Tag: this field says where the household lives or works (lint L0103).",
     "Étiquette : ce champ dit où le ménage réside ou travaille (lint L0103)."},
};

constexpr KeyInfo parameter_keys[] = {
    {"label", S::text, false, M::parameter, "What the figure is, as a person reads it.", "Ce qu'est la valeur, en clair."},
    {"reference", S::text, false, M::parameter, "The text that sets the figure.", "Le texte qui fixe la valeur."},
    {"values", S::parameter_values, true, M::parameter, "A value (number, string, bool, list or table), or a mapping of ISO dates to values.",
     "Une valeur (nombre, texte, booléen, liste ou table), ou une table de dates ISO vers des valeurs."},
    {"yearly", S::flag, false, M::parameter, "Tag: a figure to be renewed every year (lint L0106).",
     "Étiquette : une valeur à renouveler chaque année (lint L0106)."},
};

constexpr KeyInfo grid_keys[] = {
    {"id", S::id, true, M::grid, "Identifier of the grid.", "Identifiant de la grille."},
    {"label", S::text, false, M::grid, "Name of the grid, as the public reads it.", "Nom de la grille, pour le public."},
    {"reference", S::text, false, M::grid, "The text that sets the grid.", "Le texte qui fixe la grille."},
    {"record", S::name, false, M::grid, "The record the grid scores (default: demand).", "L'enregistrement que la grille cote (par défaut : demand)."},
    {"applies_when", S::expression, false, M::grid, "Which rows the grid takes; the first grid in file order whose condition holds.",
     "Les lignes que la grille prend ; la première grille, dans l'ordre du fichier, dont la condition est vraie."},
    {"cap", S::number, false, M::grid, "Upper bound of the grid's total.", "Plafond du total de la grille."},
    {"floor", S::number, false, M::grid, "Lower bound of the grid's total.", "Plancher du total de la grille."},
    {"rubrics", S::list_of, true, M::rubric, "The rubrics of the grid; their totals add up.", "Les rubriques de la grille ; leurs totaux s'additionnent."},
};

constexpr KeyInfo rubric_keys[] = {
    {"id", S::id, true, M::rubric, "Identifier of the rubric.", "Identifiant de la rubrique."},
    {"label", S::text, false, M::rubric, "Name of the rubric.", "Nom de la rubrique."},
    {"reference", S::text, false, M::rubric, "The text that sets the rubric.", "Le texte qui fixe la rubrique."},
    {"combine", S::combine, false, M::rubric, "sum (default): the applied criteria's points add up; max: only the largest counts.",
     "sum (par défaut) : les points des critères retenus s'additionnent ; max : seul le plus élevé compte."},
    {"cap", S::number, false, M::rubric, "Upper bound of the rubric's total.", "Plafond du total de la rubrique."},
    {"floor", S::number, false, M::rubric, "Lower bound of the rubric's total.", "Plancher du total de la rubrique."},
    {"criteria", S::list_of, true, M::criterion, "The criteria of the rubric.", "Les critères de la rubrique."},
};

constexpr KeyInfo criterion_keys[] = {
    {"id", S::id, true, M::criterion, "Identifier of the criterion.", "Identifiant du critère."},
    {"label", S::text, false, M::criterion, "What the criterion rewards, as the applicant reads it.", "Ce que le critère valorise, pour le demandeur."},
    {"reference", S::text, false, M::criterion, "The text behind the criterion.", "Le texte sur lequel le critère repose."},
    {"when", S::expression, false, M::criterion, "When the criterion applies (absent: always).", "Quand le critère s'applique (absent : toujours)."},
    {"requires", S::names, false, M::criterion, "Bool fields (proofs) that must be true for the points to count.",
     "Champs booléens (justificatifs) qui doivent être vrais pour que les points comptent."},
    {"points", S::expression, true, M::criterion, "The points: a number or an expression.", "Les points : un nombre ou une expression."},
    {"priority", S::priority_codes, false, M::criterion, "The L441-1 priority publics the criterion serves (lint L0105).",
     "Les publics prioritaires de l'article L441-1 que le critère sert (lint L0105)."},
};

constexpr KeyInfo flag_keys[] = {
    {"id", S::id, true, M::flag, "Identifier of the flag.", "Identifiant de l'indicateur."},
    {"label", S::text, false, M::flag, "What the flag says, in plain words.", "Ce que dit l'indicateur, en clair."},
    {"reference", S::text, false, M::flag, "The text behind the flag.", "Le texte sur lequel l'indicateur repose."},
    {"when", S::expression, true, M::flag, "When the flag is raised (null counts as false).", "Quand l'indicateur est levé (inconnu vaut faux)."},
};

constexpr KeyInfo ranking_keys[] = {
    {"within", S::expressions, false, M::ranking, "Positioning groups: demands are ranked among those with the same values.",
     "Groupes de positionnement : les demandes sont classées parmi celles de mêmes valeurs."},
    {"order", S::order, false, M::ranking, "Order keys: score, id or a field, then asc or desc (default: score desc, id asc).",
     "Clés d'ordre : score, id ou un champ, puis asc ou desc (par défaut : score desc, id asc)."},
};

constexpr KeyInfo quota_keys[] = {
    {"id", S::id, true, M::quota, "Identifier of the quota.", "Identifiant de l'objectif."},
    {"label", S::text, false, M::quota, "The target in plain words.", "L'objectif, en clair."},
    {"reference", S::text, false, M::quota, "The text that sets the target.", "Le texte qui fixe l'objectif."},
    {"record", S::name, false, M::quota, "The record counted (default: allocation).", "L'enregistrement compté (par défaut : allocation)."},
    {"period_field", S::name, false, M::quota, "The date field the period is read on (default: lease_signed_on).",
     "Le champ date sur lequel la période est lue (par défaut : lease_signed_on)."},
    {"scope", S::expression, false, M::quota, "Which allocations count: the denominator (absent: all).",
     "Les attributions comptées : le dénominateur (absent : toutes)."},
    {"meets", S::expression, true, M::quota, "Which of them meet the target: the numerator.", "Celles qui remplissent l'objectif : le numérateur."},
    {"target", S::target, true, M::quota, "\">= P%\", \"<= P%\", \">= N\" or \"<= N\".", "« >= P% », « <= P% », « >= N » ou « <= N »."},
    {"by", S::names, false, M::quota, "Fields whose values make the groups counted apart, beside the overall row.",
     "Champs dont les valeurs font les groupes comptés à part, en plus de la ligne d'ensemble."},
    {"overrides", S::list_of, false, M::quota_override, "Targets of their own for some groups.", "Objectifs propres à certains groupes."},
};

constexpr KeyInfo override_keys[] = {
    {"where", S::mapping_of, true, M::quota_override, "The group: values of `by` fields.", "Le groupe : valeurs de champs de `by`.",
     S::scalar, S::name},
    {"target", S::target, true, M::quota_override, "The group's own target.", "L'objectif propre au groupe."},
};

constexpr KeyInfo matching_keys[] = {
    {"eligible_when", S::list_of, true, M::condition, "Conditions a demand must all meet for the offer.",
     "Conditions que la demande doit toutes remplir pour l'offre."},
    {"order", S::order, false, M::matching, "Order of the eligible demands (default: ranking.order).",
     "Ordre des demandes éligibles (par défaut : ranking.order)."},
};

constexpr KeyInfo condition_keys[] = {
    {"id", S::id, true, M::condition, "Identifier of the condition, for --why.", "Identifiant de la condition, pour --why."},
    {"label", S::text, false, M::condition, "The condition in plain words.", "La condition, en clair."},
    {"when", S::expression, true, M::condition, "The condition: offer.x names field x of the offer.",
     "La condition : offer.x désigne le champ x de l'offre."},
};

constexpr std::array table{
    MappingInfo{M::policy, "policy", "the policy", "A cotation policy: records, parameters, grids, flags, ranking, quotas, matching.",
                "Une politique de cotation : données, paramètres, grilles, indicateurs, positionnement, objectifs, rapprochement.",
                policy_keys},
    MappingInfo{M::record, "record", "a record", "A kind of row: its key, its input fields, its derived fields.",
                "Une sorte de ligne : sa clé, ses champs d'entrée, ses champs calculés.", record_keys},
    MappingInfo{M::field, "field", "a field", "A field in long form: its type, label and tags.", "Un champ en forme longue : type, libellé, étiquettes.",
                field_keys},
    MappingInfo{M::parameter, "parameter", "a parameter", "A parameter in long form: its label, reference and dated values.",
                "Un paramètre en forme longue : libellé, référence, valeurs datées.", parameter_keys},
    MappingInfo{M::grid, "grid", "a grid", "A cotation grid.", "Une grille de cotation.", grid_keys},
    MappingInfo{M::rubric, "rubric", "a rubric", "A rubric: criteria whose points combine.", "Une rubrique : des critères dont les points se combinent.",
                rubric_keys},
    MappingInfo{M::criterion, "criterion", "a criterion", "A criterion: a condition and points.", "Un critère : une condition et des points.", criterion_keys},
    MappingInfo{M::flag, "flag", "a flag", "A label attached to a demand.", "Un indicateur attaché à la demande.", flag_keys},
    MappingInfo{M::ranking, "ranking", "ranking", "How demands are positioned.", "Comment les demandes sont positionnées.", ranking_keys},
    MappingInfo{M::quota, "quota", "a quota", "An allocation target of the CIA.", "Un objectif d'attribution de la CIA.", quota_keys},
    MappingInfo{M::quota_override, "quota_override", "an override", "A group's own target.", "L'objectif propre à un groupe.", override_keys},
    MappingInfo{M::matching, "matching", "matching", "Candidates for a vacant dwelling.", "Candidats pour un logement vacant.", matching_keys},
    MappingInfo{M::condition, "condition", "a condition", "An eligibility condition.", "Une condition d'éligibilité.", condition_keys},
};

constexpr FieldTypeInfo field_type_table[] = {
    {"bool", "true or false.", "Vrai ou faux."},
    {"int", "A whole number (a number that must be whole in the input).", "Un nombre entier (qui doit être entier dans les données)."},
    {"number", "A number.", "Un nombre."},
    {"string", "Text.", "Du texte."},
    {"date", "A date (YYYY-MM-DD or DD/MM/YYYY in the input).", "Une date (AAAA-MM-JJ ou JJ/MM/AAAA dans les données)."},
    {"list<string>", "A list of texts (a|b|c in a CSV cell).", "Une liste de textes (a|b|c dans une cellule CSV)."},
    {"list<int>", "A list of whole numbers (1|2|3 in a CSV cell).", "Une liste d'entiers (1|2|3 dans une cellule CSV)."},
    {"enum[A, B, ...]", "One of the values listed (letters, digits, _, - and .).",
     "Une des valeurs énumérées (lettres, chiffres, _, - et .)."},
};

}  // namespace

std::span<const FieldTypeInfo> field_types() { return field_type_table; }

std::vector<std::string> plain_field_type_names() {
    std::vector<std::string> out;
    for (const FieldTypeInfo& t : field_type_table)
        if (t.name.find('[') == std::string_view::npos) out.emplace_back(t.name);
    return out;
}

const KeyInfo* MappingInfo::key(std::string_view name) const {
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const KeyInfo& k) { return k.name == name; });
    return it == keys.end() ? nullptr : &*it;
}

std::vector<std::string> MappingInfo::names() const {
    return keys | ranges::views::transform([](const KeyInfo& k) { return std::string(k.name); }) | ranges::to<std::vector<std::string>>();
}

std::vector<std::string> MappingInfo::required() const {
    return keys | ranges::views::filter(&KeyInfo::required) | ranges::views::transform([](const KeyInfo& k) { return std::string(k.name); }) |
           ranges::to<std::vector<std::string>>();
}

const MappingInfo& mapping_info(Mapping mapping) { return table[static_cast<std::size_t>(mapping)]; }

std::span<const MappingInfo> mappings() { return table; }

}  // namespace cotation
