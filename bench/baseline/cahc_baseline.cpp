// cahc_baseline: a hand-written C++ scorer of ONE grid, the CAHC grid of rules/cahc/cahc.yaml, for
// the benchmarks (docs/performance.md). It is what a programmer would write without the engine: the
// grid's criteria, parameters and null rules hard-coded, a plain CSV splitter, no policy file.
//
//   cahc_baseline DEMANDS.csv --as-of YYYY-MM-DD [-o OUT] [--threads N]
//
// It writes the same CSV as `cotation score rules/cahc/cahc.yaml DEMANDS.csv --as-of DATE`
// (id,grid,score,rank,group_size,percentile,status,flags), byte for byte on files written by
// `cotation gen demands`, so that bench/e2e.sh can compare the two files; the phase times go to
// stderr.
//
// Limits, on purpose (it is a baseline, not a product): the file must be what `cotation gen` writes
// — `,` delimiter, no quoted cell, ISO dates, booleans true/false, no row to reject. A row it cannot
// read stops it with an error rather than being guessed. Rows are read and scored by N threads
// (default 1); the positioning is sorted on one thread.
//
// Semantics copied from the grid and docs/policy-format.md:
//  - null is SQL's unknown: comparisons and arithmetic on null give null, `and`/`or` are Kleene's,
//    `x ?? y` is y when x is null, a division by zero is null;
//  - a criterion applies when its `when` is true and every `requires` field is true; a null `when`
//    or null points give 0 points;
//  - `combine: max` is the largest applied criterion's points (0 when none), `sum` the sum; rubric
//    `cap`, then the grid's `floor: 0`;
//  - a demand whose current_housing is empty is taken by neither grid (unscored:no_grid); an empty
//    id is unscored:missing_key (once a grid took the row);
//  - positioning within (wished_typology, first wished commune), by dalo desc (DALO households
//    first, nulls last), score desc, filed_on asc (nulls last), id asc, then file order;
//    percentile = ceil(100 rank / group size).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

// ---- the grid's parameters (rules/cahc/cahc.yaml) -----------------------------------------------

constexpr double pts_dalo = 50, pts_handicap = 15, pts_violences = 30, pts_expulsion = 20, pts_sortie_ase = 15;
constexpr double pts_sortie_act = 15, pts_reprise_activite = 10, pts_prostitution_traite = 20;
constexpr double pts_sans_abri = 25, pts_hotel = 20, pts_heberge_structure = 15, pts_heberge_tiers = 12, pts_chez_parents = 6;
constexpr double pts_insalubre = 20, pts_suroccupation_mineurs = 15, pts_suroccupation = 8;
constexpr double suroccupation_personnes_par_piece = 2, pts_sous_occupation = 10, sous_occupation_ecart = 2, pts_sante = 10;
constexpr double taux_effort_seuil_haut = 0.40, pts_taux_effort_tres_eleve = 10, taux_effort_seuil = 0.30, pts_taux_effort_eleve = 5;
constexpr double reste_a_vivre_seuil_bas = 300, pts_reste_a_vivre_tres_faible = 10, reste_a_vivre_seuil = 500, pts_reste_a_vivre_faible = 5;
constexpr double pts_rapprochement_travail = 5, pts_emploi_territoire = 3;
constexpr double anciennete_points_par_mois = 1, anciennete_plafond = 36, refus_malus = 20, refus_duree_mois = 12;
constexpr double priorites_cap = 40, grid_floor = 0;
constexpr double abnormal_delay_months = 24, accueil_delai_jours = 31;
// q1_threshold is dated: 7400 from 2024-01-01, 7650 from 2025-01-01 (chosen at --as-of).
constexpr const char* communes_cahc[] = {"62145", "62215", "62249", "62250", "62274", "62276", "62321",
                                         "62427", "62497", "62907", "62587", "62624", "62637", "62724"};

// ---- dates --------------------------------------------------------------------------------------

struct Ymd {
    int y = 0;
    int m = 0;
    int d = 0;
};

// Days since 1970-01-01 (H. Hinnant's days_from_civil).
int days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// months_between(d1, d2): (y2-y1)*12 + (m2-m1), minus one when d2's day is before d1's.
int months_between(const Ymd& a, const Ymd& b) { return (b.y - a.y) * 12 + (b.m - a.m) - (b.d < a.d ? 1 : 0); }

inline int digit(char c) { return c - '0'; }

bool parse_iso(std::string_view t, Ymd& out) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (t[static_cast<std::size_t>(i)] < '0' || t[static_cast<std::size_t>(i)] > '9') return false;
    out.y = digit(t[0]) * 1000 + digit(t[1]) * 100 + digit(t[2]) * 10 + digit(t[3]);
    out.m = digit(t[5]) * 10 + digit(t[6]);
    out.d = digit(t[8]) * 10 + digit(t[9]);
    return out.m >= 1 && out.m <= 12 && out.d >= 1 && out.d <= 31;
}

// ---- three-valued logic -------------------------------------------------------------------------

enum Tri : std::int8_t { F = 0, T = 1, N = 2 };
inline Tri k_and(Tri a, Tri b) { return a == F || b == F ? F : a == T && b == T ? T : N; }
inline Tri k_or(Tri a, Tri b) { return a == T || b == T ? T : a == F && b == F ? F : N; }
inline Tri tri(bool b) { return b ? T : F; }

// A rubric's total: `sum` or `max` of the applied criteria's points.
struct Rubric {
    bool max = false;
    bool any = false;
    double total = 0;
    void apply(Tri when, bool proven, double points) {
        if (when != T || !proven) return;
        total = !any ? points : max ? std::max(total, points) : total + points;
        any = true;
    }
};

// ---- one demand -------------------------------------------------------------------------------

enum Housing : std::uint8_t { h_null, h_hlm, h_cdefcm, h_sans_abri, h_hotel, h_structure, h_tiers, h_parents, h_other };

struct Demand {
    std::string_view id, first_commune;
    bool filed_valid = false, refusal_valid = false, first_commune_valid = false;
    Ymd filed_on, last_refusal_on;
    int typology = 7;  // 0..6 (C..T6P), 7 null
    bool hs_valid = false, p14_valid = false, c14_valid = false, rooms_valid = false, income_valid = false, rent_valid = false;
    double household_size = 0, persons_14_plus = 0, children_under_14 = 0, current_rooms = 0, monthly_income = 0, current_rent = 0;
    Housing housing = h_null;
    bool motifs_valid = false;
    bool m03 = false, m05 = false, m06 = false, m08 = false, m18 = false, m19 = false;
    // priority_situations: declared L441-1 situations (null when the cell is empty).
    bool situations_valid = false;
    bool s_act = false, s_reprise = false, s_viol_sex = false, s_prostitution = false, s_traite = false;
    Tri disability = N, dalo = N, violence_proof = N, social_worker_validated = N;
    Tri employer_in_cahc = N;
};

// What is written for a row, before positioning.
struct Scored {
    std::int8_t grid = -1;  // 0 mutation, 1 primo, -1 no_grid, -2 missing_key
    std::uint8_t flags = 0;
    std::uint8_t dalo_key = 2;  // the first order key, dalo desc: 0 true, 1 false, 2 null (last)
    double score = 0;
};

struct Context {
    Ymd as_of;
    int as_of_days = 0;
    double q1_threshold = 0;
};

Scored score(const Demand& d, const Context& ctx) {
    Scored out;
    // Derived fields (rules/schema/sne.yaml): uc and income_per_uc, each null when an operand is.
    const bool uc_valid = d.p14_valid && d.c14_valid;
    const double uc = 1 + 0.5 * (d.persons_14_plus - 1) + 0.3 * d.children_under_14;
    const Tri c03 = d.motifs_valid ? tri(d.m03) : N, c05 = d.motifs_valid ? tri(d.m05) : N;
    const Tri c06 = d.motifs_valid ? tri(d.m06) : N, c08 = d.motifs_valid ? tri(d.m08) : N;
    const Tri c1819 = d.motifs_valid ? tri(d.m18 || d.m19) : N;
    // children_under_14 >= 1 and current_rooms >= 1 and household_size >= 2 * current_rooms
    const Tri rooms_ge_1 = d.rooms_valid ? tri(d.current_rooms >= 1) : N;
    const Tri crowded = d.hs_valid && d.rooms_valid ? tri(d.household_size >= suroccupation_personnes_par_piece * d.current_rooms) : N;
    const Tri suroccupation = k_and(rooms_ge_1, crowded);
    const Tri suroccupation_mineurs = k_and(k_and(d.c14_valid ? tri(d.children_under_14 >= 1) : N, rooms_ge_1), crowded);
    const Tri sous_occupation = d.hs_valid && d.rooms_valid ? tri(d.current_rooms >= d.household_size + sous_occupation_ecart) : N;
    // (current_rent ?? 0) / monthly_income and (monthly_income - (current_rent ?? 0)) / uc
    const double rent = d.rent_valid ? d.current_rent : 0;
    const bool effort_valid = d.income_valid && d.monthly_income != 0;
    const double effort = effort_valid ? rent / d.monthly_income : 0;
    const bool rav_valid = d.income_valid && uc_valid && uc != 0;
    const double rav = rav_valid ? (d.monthly_income - rent) / uc : 0;
    const Tri effort_tres_eleve = effort_valid ? tri(effort > taux_effort_seuil_haut) : N;
    const Tri effort_eleve = effort_valid ? tri(effort > taux_effort_seuil) : N;
    const Tri rav_tres_faible = rav_valid ? tri(rav < reste_a_vivre_seuil_bas) : N;
    const Tri rav_faible = rav_valid ? tri(rav < reste_a_vivre_seuil) : N;
    const int months_filed = d.filed_valid ? months_between(d.filed_on, ctx.as_of) : 0;
    const Tri refus = d.refusal_valid ? tri(months_between(d.last_refusal_on, ctx.as_of) < refus_duree_mois) : F;
    const bool proof = d.violence_proof == T, checked = d.social_worker_validated == T;
    // contains(priority_situations, "x") ?? false in the criteria; null where the list is in the flag.
    const Tri c_viol_sex = d.situations_valid ? tri(d.s_viol_sex) : N;
    const Tri c_checked_situation = d.situations_valid ? tri(d.s_act || d.s_reprise || d.s_prostitution || d.s_traite) : N;
    const auto declared = [&](bool has) { return tri(d.situations_valid && has); };

    // Flags, for every row.
    const Tri housing_priority = d.housing == h_null ? N
                                 : tri(d.housing == h_sans_abri || d.housing == h_hotel || d.housing == h_structure ||
                                       d.housing == h_tiers || d.housing == h_cdefcm);
    Tri priority = k_or(d.dalo, d.disability);
    priority = k_or(priority, housing_priority);
    priority = k_or(priority, k_and(c06, d.violence_proof));
    priority = k_or(priority, k_and(c_viol_sex, d.violence_proof));
    priority = k_or(priority, k_and(c_checked_situation, d.social_worker_validated));
    priority = k_or(priority, c05);
    priority = k_or(priority, k_and(c03, d.social_worker_validated));
    priority = k_or(priority, suroccupation_mineurs);
    const int days_filed = d.filed_valid ? ctx.as_of_days - days_from_civil(d.filed_on.y, d.filed_on.m, d.filed_on.d) : 0;
    const bool q1_valid = d.income_valid && uc_valid && uc != 0;
    if (d.dalo == T) out.flags |= 1;
    if (priority == T) out.flags |= 2;
    if (d.filed_valid && months_filed >= abnormal_delay_months) out.flags |= 4;
    if (d.filed_valid && days_filed >= 0 && days_filed <= accueil_delai_jours) out.flags |= 8;
    if (q1_valid && d.monthly_income * 12 / uc < ctx.q1_threshold) out.flags |= 16;

    out.dalo_key = d.dalo == T ? 0 : d.dalo == F ? 1 : 2;

    // Grid choice: mutation when current_housing == "HLM", primo when != "HLM", neither when null.
    if (d.housing == h_null) return out;
    if (d.id.empty()) {
        out.grid = -2;
        return out;
    }
    const bool mutation = d.housing == h_hlm;
    out.grid = mutation ? 0 : 1;
    double total = 0;

    Rubric dalo;
    dalo.apply(d.dalo, true, pts_dalo);
    total += dalo.total;

    Rubric priorites;
    priorites.apply(d.disability, true, pts_handicap);
    priorites.apply(c06, proof, pts_violences);
    priorites.apply(declared(d.s_viol_sex), proof, pts_violences);
    priorites.apply(c05, true, pts_expulsion);
    priorites.apply(declared(d.s_reprise), checked, pts_reprise_activite);
    priorites.apply(declared(d.s_prostitution), checked, pts_prostitution_traite);
    priorites.apply(declared(d.s_traite), checked, pts_prostitution_traite);
    if (!mutation) {
        priorites.apply(tri(d.housing == h_cdefcm), checked, pts_sortie_ase);
        priorites.apply(declared(d.s_act), checked, pts_sortie_act);
    }
    total += std::min(priorites.total, priorites_cap);

    if (mutation) {
        Rubric adaptation{true};
        adaptation.apply(c03, checked, pts_insalubre);
        adaptation.apply(suroccupation_mineurs, true, pts_suroccupation_mineurs);
        adaptation.apply(suroccupation, true, pts_suroccupation);
        adaptation.apply(sous_occupation, true, pts_sous_occupation);
        adaptation.apply(c08, checked, pts_sante);
        total += adaptation.total;
    } else {
        Rubric situation{true};
        situation.apply(tri(d.housing == h_sans_abri), true, pts_sans_abri);
        situation.apply(tri(d.housing == h_hotel), true, pts_hotel);
        situation.apply(tri(d.housing == h_structure), true, pts_heberge_structure);
        situation.apply(tri(d.housing == h_tiers), true, pts_heberge_tiers);
        situation.apply(tri(d.housing == h_parents), true, pts_chez_parents);
        total += situation.total;
        Rubric conditions{true};
        conditions.apply(c03, checked, pts_insalubre);
        conditions.apply(suroccupation_mineurs, true, pts_suroccupation_mineurs);
        conditions.apply(suroccupation, true, pts_suroccupation);
        total += conditions.total;
    }

    Rubric budget{true};
    budget.apply(effort_tres_eleve, true, pts_taux_effort_tres_eleve);
    budget.apply(effort_eleve, true, pts_taux_effort_eleve);
    budget.apply(rav_tres_faible, true, pts_reste_a_vivre_tres_faible);
    budget.apply(rav_faible, true, pts_reste_a_vivre_faible);
    total += budget.total;

    Rubric parcours;
    if (mutation) parcours.apply(c1819, checked, pts_rapprochement_travail);
    parcours.apply(d.employer_in_cahc, true, pts_emploi_territoire);
    total += parcours.total;

    // clamp(months_between(filed_on, as_of) * 1, 0, 36); null filed_on: null points, 0.
    if (d.filed_valid) total += std::min(std::max(months_filed * anciennete_points_par_mois, 0.0), anciennete_plafond);

    Rubric refus_rubric;
    refus_rubric.apply(refus, true, -refus_malus);
    total += refus_rubric.total;

    out.score = total < grid_floor ? grid_floor : total;
    return out;
}

// ---- reading ------------------------------------------------------------------------------------

enum Column : int {
    col_id, col_filed_on, col_wished_communes, col_wished_typology, col_household_size, col_persons_14_plus,
    col_children_under_14, col_monthly_income, col_current_housing, col_current_rent, col_current_rooms, col_motifs,
    col_disability, col_dalo, col_employer_commune, col_violence_proof, col_social_worker_validated, col_last_refusal_on,
    col_priority_situations, col_count
};
constexpr const char* column_names[col_count] = {
    "id", "filed_on", "wished_communes", "wished_typology", "household_size", "persons_14_plus",
    "children_under_14", "monthly_income", "current_housing", "current_rent", "current_rooms", "motifs",
    "disability", "dalo", "employer_commune", "violence_proof", "social_worker_validated", "last_refusal_on",
    "priority_situations"};

struct Failure {
    std::string message;
};

[[noreturn]] void fail(std::string message) { throw Failure{std::move(message)}; }

bool number(std::string_view t, double& out) {
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc() && end == t.data() + t.size();
}

Tri boolean(std::string_view t, std::uint64_t line) {
    if (t.empty()) return N;
    if (t == "true") return T;
    if (t == "false") return F;
    fail("line " + std::to_string(line) + ": not a boolean: '" + std::string(t) + "'");
}

// Calls fn on each item of a list cell (`a|b|c`); false when the cell is empty (null).
template <typename Fn>
bool for_each_item(std::string_view t, Fn fn) {
    if (t.empty()) return false;
    while (true) {
        const std::size_t bar = t.find('|');
        fn(t.substr(0, bar));
        if (bar == std::string_view::npos) return true;
        t.remove_prefix(bar + 1);
    }
}

Housing housing_of(std::string_view t) {
    if (t.empty()) return h_null;
    if (t == "HLM") return h_hlm;
    if (t == "CDEFCM") return h_cdefcm;
    if (t == "SD" || t == "SQUAT" || t == "CAMCAR") return h_sans_abri;
    if (t == "HOT") return h_hotel;
    if (t == "SH" || t == "RS" || t == "RHVS" || t == "SLHT") return h_structure;
    if (t == "CP") return h_tiers;
    if (t == "CPE") return h_parents;
    return h_other;
}

int typology_of(std::string_view t) {
    static constexpr std::string_view values[] = {"C", "T1", "T2", "T3", "T4", "T5", "T6P"};
    for (int k = 0; k < 7; ++k)
        if (values[k] == t) return k;
    return 7;
}

// A part of the file: [begin, end) whole rows. Results are kept per part and joined in file order.
struct Part {
    const char* begin = nullptr;
    const char* end = nullptr;
    std::uint64_t first_line = 0;
    std::vector<Scored> scored;
    std::vector<std::string_view> ids;
    std::vector<std::int32_t> filed;      // days, INT32_MAX when null (sorts last)
    std::vector<std::uint32_t> group;     // local group ids, then global
    std::vector<std::string> group_keys;  // local id -> key
    std::string error;
};

void read_part(Part& part, const std::vector<int>& column_of, std::size_t columns, const Context& ctx) {
    try {
        std::unordered_map<std::string, std::uint32_t> local;
        std::vector<std::string_view> cells(columns);
        std::string key;
        std::uint64_t line = part.first_line;
        for (const char* p = part.begin; p < part.end; ++line) {
            const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(part.end - p)));
            if (!eol) eol = part.end;
            const char* row_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
            std::size_t c = 0;
            for (const char* cell = p;; ++c) {
                const char* comma = static_cast<const char*>(std::memchr(cell, ',', static_cast<std::size_t>(row_end - cell)));
                const char* cell_end = comma ? comma : row_end;
                if (c < columns) cells[c] = std::string_view(cell, static_cast<std::size_t>(cell_end - cell));
                if (!comma) break;
                cell = comma + 1;
            }
            if (c + 1 != columns) fail("line " + std::to_string(line) + ": expected " + std::to_string(columns) + " cells");
            p = eol + 1;
            const auto cell = [&](Column k) { return cells[static_cast<std::size_t>(column_of[k])]; };
            Demand d;
            d.id = cell(col_id);
            if (std::string_view t = cell(col_filed_on); !t.empty()) {
                if (!parse_iso(t, d.filed_on)) fail("line " + std::to_string(line) + ": not an ISO date: '" + std::string(t) + "'");
                d.filed_valid = true;
            }
            if (std::string_view t = cell(col_last_refusal_on); !t.empty()) {
                if (!parse_iso(t, d.last_refusal_on)) fail("line " + std::to_string(line) + ": not an ISO date: '" + std::string(t) + "'");
                d.refusal_valid = true;
            }
            if (std::string_view t = cell(col_wished_communes); !t.empty()) {
                d.first_commune = t.substr(0, t.find('|'));
                d.first_commune_valid = true;
            }
            d.typology = typology_of(cell(col_wished_typology));
            const auto num = [&](Column k, bool& valid, double& out) {
                const std::string_view t = cell(k);
                if (t.empty()) return;
                if (!number(t, out)) fail("line " + std::to_string(line) + ": not a number: '" + std::string(t) + "'");
                valid = true;
            };
            num(col_household_size, d.hs_valid, d.household_size);
            num(col_persons_14_plus, d.p14_valid, d.persons_14_plus);
            num(col_children_under_14, d.c14_valid, d.children_under_14);
            num(col_monthly_income, d.income_valid, d.monthly_income);
            num(col_current_rent, d.rent_valid, d.current_rent);
            num(col_current_rooms, d.rooms_valid, d.current_rooms);
            d.housing = housing_of(cell(col_current_housing));
            d.motifs_valid = for_each_item(cell(col_motifs), [&](std::string_view m) {
                d.m03 |= m == "03";
                d.m05 |= m == "05";
                d.m06 |= m == "06";
                d.m08 |= m == "08";
                d.m18 |= m == "18";
                d.m19 |= m == "19";
            });
            d.situations_valid = for_each_item(cell(col_priority_situations), [&](std::string_view code) {
                d.s_act |= code == "sortie_act";
                d.s_reprise |= code == "reprise_activite";
                d.s_viol_sex |= code == "violences_sexuelles";
                d.s_prostitution |= code == "prostitution";
                d.s_traite |= code == "traite";
            });
            d.disability = boolean(cell(col_disability), line);
            d.dalo = boolean(cell(col_dalo), line);
            d.violence_proof = boolean(cell(col_violence_proof), line);
            d.social_worker_validated = boolean(cell(col_social_worker_validated), line);
            if (std::string_view t = cell(col_employer_commune); !t.empty()) {
                d.employer_in_cahc = F;
                for (const char* c : communes_cahc)
                    if (t == c) d.employer_in_cahc = T;
            }
            part.scored.push_back(score(d, ctx));
            part.ids.push_back(d.id);
            part.filed.push_back(d.filed_valid ? days_from_civil(d.filed_on.y, d.filed_on.m, d.filed_on.d) : INT32_MAX);
            // The positioning group: (wished_typology, first(wished_communes)), nulls a group of their own.
            key.assign(1, static_cast<char>(d.typology));
            if (d.first_commune_valid) {
                key += '\1';
                key += d.first_commune;
            }
            auto [it, fresh] = local.try_emplace(key, static_cast<std::uint32_t>(part.group_keys.size()));
            if (fresh) part.group_keys.push_back(key);
            part.group.push_back(it->second);
        }
    } catch (const Failure& f) {
        part.error = f.message;
    }
}

// ---- writing ------------------------------------------------------------------------------------

constexpr const char* grid_names[] = {"mutation", "primo"};
constexpr const char* flag_names[] = {"dalo", "public_prioritaire", "delai_anormal", "accueil_un_mois", "premier_quartile"};

void append_int(std::string& out, long long v) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

void append_number(std::string& out, double v) {
    if (v == static_cast<double>(static_cast<long long>(v))) {
        append_int(out, static_cast<long long>(v));
        return;
    }
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

void append_cell(std::string& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

struct Ranked {
    std::vector<std::int32_t> rank, size;
};

void write_part(std::string& out, const Part& part, const Ranked& ranked, std::size_t base) {
    out.reserve(part.scored.size() * 64);
    for (std::size_t i = 0; i < part.scored.size(); ++i) {
        const Scored& s = part.scored[i];
        append_cell(out, part.ids[i]);
        if (s.grid >= 0) {
            out += ',';
            out += grid_names[s.grid];
            out += ',';
            append_number(out, s.score);
            const long long rank = ranked.rank[base + i], size = ranked.size[base + i];
            out += ',';
            append_int(out, rank);
            out += ',';
            append_int(out, size);
            out += ',';
            append_int(out, (100 * rank + size - 1) / size);
            out += ",scored,";
        } else {
            out += s.grid == -2 ? ",,,,,,unscored:missing_key," : ",,,,,,unscored:no_grid,";
        }
        bool first = true;
        for (int f = 0; f < 5; ++f)
            if (s.flags >> f & 1) {
                if (!first) out += '|';
                out += flag_names[f];
                first = false;
            }
        out += '\n';
    }
}

template <typename Fn>
void in_parallel(std::size_t count, std::size_t threads, Fn fn) {
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < std::min(threads, count); ++t)
        pool.emplace_back([&, t] {
            for (std::size_t k = t; k < count; k += threads) fn(k);
        });
    for (std::size_t k = 0; k < count; k += threads) fn(k);
    for (auto& t : pool) t.join();
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int usage(const char* message) {
    std::fprintf(stderr, "cahc_baseline: %s\nusage: cahc_baseline DEMANDS.csv --as-of YYYY-MM-DD [-o OUT] [--threads N]\n", message);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string input, output, as_of_text;
    std::size_t threads = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--as-of" || arg == "-o" || arg == "--threads") && i + 1 >= argc) return usage("an option lacks its value");
        if (arg == "--as-of") as_of_text = argv[++i];
        else if (arg == "-o") output = argv[++i];
        else if (arg == "--threads") threads = std::max(1, std::atoi(argv[++i]));
        else if (!arg.empty() && arg[0] == '-') return usage(("unknown option " + arg).c_str());
        else if (input.empty()) input = arg;
        else return usage("one input file only");
    }
    if (input.empty() || as_of_text.empty()) return usage("DEMANDS and --as-of are required");
    Context ctx;
    if (!parse_iso(as_of_text, ctx.as_of)) return usage("--as-of takes YYYY-MM-DD");
    ctx.as_of_days = days_from_civil(ctx.as_of.y, ctx.as_of.m, ctx.as_of.d);
    if (ctx.as_of_days >= days_from_civil(2025, 1, 1)) ctx.q1_threshold = 7650;
    else if (ctx.as_of_days >= days_from_civil(2024, 1, 1)) ctx.q1_threshold = 7400;
    else return usage("q1_threshold has no value before 2024-01-01");

    const auto t0 = std::chrono::steady_clock::now();
    const int fd = ::open(input.c_str(), O_RDONLY);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        std::fprintf(stderr, "cahc_baseline: cannot open %s\n", input.c_str());
        return 2;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    const char* data = size ? static_cast<const char*>(::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0)) : "";
    if (data == MAP_FAILED) {
        std::fprintf(stderr, "cahc_baseline: cannot map %s\n", input.c_str());
        return 2;
    }
    ::madvise(const_cast<char*>(data), size, MADV_SEQUENTIAL);
    const char* end = data + size;
    if (std::memchr(data, '"', size)) {
        std::fprintf(stderr, "cahc_baseline: %s has quoted cells: this baseline reads only what `cotation gen` writes\n", input.c_str());
        return 2;
    }

    // Header: which column holds each field the grid reads.
    const char* header_end = static_cast<const char*>(std::memchr(data, '\n', size));
    if (!header_end) header_end = end;
    std::string_view header(data, static_cast<std::size_t>(header_end - data));
    if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
    std::vector<std::string_view> names;
    for (std::size_t at = 0;;) {
        const std::size_t comma = header.find(',', at);
        names.push_back(header.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
        if (comma == std::string_view::npos) break;
        at = comma + 1;
    }
    std::vector<int> column_of(col_count, -1);
    for (int k = 0; k < col_count; ++k) {
        for (std::size_t c = 0; c < names.size(); ++c)
            if (names[c] == column_names[k]) column_of[static_cast<std::size_t>(k)] = static_cast<int>(c);
        if (column_of[static_cast<std::size_t>(k)] < 0) {
            std::fprintf(stderr, "cahc_baseline: %s: no column '%s'\n", input.c_str(), column_names[k]);
            return 2;
        }
    }
    const char* body = header_end < end ? header_end + 1 : end;
    while (end > body && (end[-1] == '\n' || end[-1] == '\r')) --end;  // blank lines at the end

    // Parts at line starts, one per thread (a few more to even out the load).
    const std::size_t part_count = threads == 1 ? 1 : threads * 4;
    std::vector<Part> parts(part_count);
    const char* at = body;
    for (std::size_t k = 0; k < part_count; ++k) {
        parts[k].begin = at;
        const char* target = k + 1 == part_count ? end : std::max(at, body + static_cast<std::size_t>(end - body) * (k + 1) / part_count);
        const char* nl = target < end ? static_cast<const char*>(std::memchr(target, '\n', static_cast<std::size_t>(end - target))) : nullptr;
        at = nl ? nl + 1 : end;
        parts[k].end = at == end ? end : at;
    }
    {
        std::uint64_t line = 2;
        for (Part& part : parts) {
            part.first_line = line;
            line += static_cast<std::uint64_t>(std::count(part.begin, part.end, '\n'));
        }
    }
    in_parallel(part_count, threads, [&](std::size_t k) { read_part(parts[k], column_of, names.size(), ctx); });
    for (const Part& part : parts)
        if (!part.error.empty()) {
            std::fprintf(stderr, "cahc_baseline: %s: %s\n", input.c_str(), part.error.c_str());
            return 2;
        }
    const double t_score = seconds_since(t0);

    // Positioning: global group ids, then each group sorted.
    const auto t1 = std::chrono::steady_clock::now();
    std::unordered_map<std::string, std::uint32_t> global;
    std::vector<std::size_t> base(part_count + 1, 0);
    for (std::size_t k = 0; k < part_count; ++k) base[k + 1] = base[k] + parts[k].scored.size();
    const std::size_t rows = base[part_count];
    std::vector<std::vector<std::uint32_t>> members;
    for (std::size_t k = 0; k < part_count; ++k) {
        Part& part = parts[k];
        std::vector<std::uint32_t> to_global(part.group_keys.size());
        for (std::size_t g = 0; g < part.group_keys.size(); ++g) {
            auto [it, fresh] = global.try_emplace(part.group_keys[g], static_cast<std::uint32_t>(members.size()));
            if (fresh) members.emplace_back();
            to_global[g] = it->second;
        }
        for (std::size_t i = 0; i < part.scored.size(); ++i)
            if (part.scored[i].grid >= 0) members[to_global[part.group[i]]].push_back(static_cast<std::uint32_t>(base[k] + i));
    }
    // Row -> (part, index) through `base`; the keys read directly.
    std::vector<double> score(rows);
    std::vector<std::uint8_t> dalo_key(rows);
    std::vector<std::int32_t> filed(rows);
    std::vector<std::string_view> ids(rows);
    for (std::size_t k = 0; k < part_count; ++k)
        for (std::size_t i = 0; i < parts[k].scored.size(); ++i) {
            score[base[k] + i] = parts[k].scored[i].score;
            dalo_key[base[k] + i] = parts[k].scored[i].dalo_key;
            filed[base[k] + i] = parts[k].filed[i];
            ids[base[k] + i] = parts[k].ids[i];
        }
    Ranked ranked;
    ranked.rank.assign(rows, 0);
    ranked.size.assign(rows, 0);
    const auto before = [&](std::uint32_t a, std::uint32_t b) {
        if (dalo_key[a] != dalo_key[b]) return dalo_key[a] < dalo_key[b];
        if (score[a] != score[b]) return score[a] > score[b];
        if (filed[a] != filed[b]) return filed[a] < filed[b];
        if (const int c = ids[a].compare(ids[b]); c != 0) return c < 0;
        return a < b;
    };
    in_parallel(members.size(), threads, [&](std::size_t g) {
        auto& m = members[g];
        std::sort(m.begin(), m.end(), before);
        for (std::size_t r = 0; r < m.size(); ++r) {
            ranked.rank[m[r]] = static_cast<std::int32_t>(r + 1);
            ranked.size[m[r]] = static_cast<std::int32_t>(m.size());
        }
    });
    const double t_rank = seconds_since(t1);

    // Writing, in file order.
    const auto t2 = std::chrono::steady_clock::now();
    std::vector<std::string> texts(part_count);
    in_parallel(part_count, threads, [&](std::size_t k) { write_part(texts[k], parts[k], ranked, base[k]); });
    std::FILE* out = output.empty() || output == "-" ? stdout : std::fopen(output.c_str(), "wb");
    if (!out) {
        std::fprintf(stderr, "cahc_baseline: cannot write %s\n", output.c_str());
        return 2;
    }
    std::fputs("id,grid,score,rank,group_size,percentile,status,flags\n", out);
    for (const std::string& t : texts) std::fwrite(t.data(), 1, t.size(), out);
    if (out != stdout) std::fclose(out);
    const double t_write = seconds_since(t2);

    std::uint64_t scored = 0;
    for (const Part& part : parts)
        for (const Scored& s : part.scored) scored += s.grid >= 0;
    std::fprintf(stderr, "rows read: %zu, scored: %llu, unscored: %llu\n", rows, static_cast<unsigned long long>(scored),
                 static_cast<unsigned long long>(rows - scored));
    std::fprintf(stderr, "threads %zu: read+score %.3f s, positioning %.3f s, write %.3f s, total %.3f s\n", threads, t_score,
                 t_rank, t_write, seconds_since(t0));
    return 0;
}
