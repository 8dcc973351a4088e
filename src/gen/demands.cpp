// One demand row (record `demand` of rules/schema/sne.yaml). Figures and sources: docs/data.md.
#include <algorithm>

#include "gen/csv_out.hpp"
#include "gen/rows.hpp"

namespace cotation::gen {

namespace {

// Current housing, SNE codes, per mille (null: 2 per mille, drawn separately).
enum Housing : std::uint8_t { HLM, LP, CPE, CP, POCC, SH, LTG, RS, SLHT, SD, HOT, RE, CDEFCM, CAMCAR, RHVS, FONC, SQUAT };
constexpr std::array<std::string_view, 17> housing_codes = {"HLM", "LP",  "CPE",    "CP",     "POCC", "SH",
                                                            "LTG", "RS",  "SLHT",   "SD",     "HOT",  "RE",
                                                            "CDEFCM", "CAMCAR", "RHVS", "FONC", "SQUAT"};
constexpr Weighted<17> housing_weights({320, 280, 140, 70, 40, 30, 20, 20, 15, 15, 10, 12, 7, 6, 5, 6, 4});

// Household sizes 1..8 of the demands, per mille.
constexpr SizeWeights demand_sizes({400, 240, 150, 110, 60, 25, 10, 5});

// Age of the applicant on the stock date by band, per mille: 18-24, 25-29, 30-39, 40-49, 50-59,
// 60-69, 70-79, 80-94.
constexpr std::array<int, 9> age_band_start = {18, 25, 30, 40, 50, 60, 70, 80, 95};
constexpr Weighted<8> age_bands({100, 110, 240, 210, 160, 100, 50, 30});
constexpr Weighted<8> age_bands_with_parents({400, 250, 150, 80, 50, 40, 20, 10});

// Motifs: SNE codes 01..23, weights per mille by kind of current housing.
enum MotifGroup : std::uint8_t { g_social, g_private, g_hosted, g_shelter, g_owner };
constexpr std::array<Weighted<23>, 5> motif_weights = {{
    //        01   02   03   04   05   06   07   08   09   10   11   12   13   14   15   16   17   18   19   20   21   22   23
    Weighted<23>({0, 10, 30, 0, 15, 15, 60, 90, 100, 60, 50, 10, 270, 10, 5, 5, 120, 15, 40, 30, 40, 0, 40}),   // HLM
    Weighted<23>({0, 0, 90, 80, 50, 15, 30, 50, 260, 15, 50, 10, 170, 20, 10, 5, 50, 15, 30, 20, 30, 0, 40}),   // LP
    Weighted<23>({320, 0, 5, 10, 5, 25, 15, 20, 10, 0, 80, 300, 60, 70, 20, 0, 5, 15, 30, 5, 20, 0, 30}),       // CPE, CP, LTG
    Weighted<23>({450, 0, 30, 0, 30, 60, 20, 50, 20, 0, 60, 40, 20, 10, 40, 0, 10, 10, 40, 10, 20, 0, 50}),     // shelter, hotel, street
    Weighted<23>({0, 0, 20, 60, 20, 10, 100, 120, 60, 100, 150, 10, 20, 10, 10, 0, 20, 80, 20, 20, 20, 250, 80}),  // owner, tied housing
}};
constexpr Weighted<3> motif_count({500, 350, 150});
// Nationality: French, another EU country, outside the EU (per mille).
constexpr std::array<std::string_view, 3> nationalities = {"FR", "UE", "HORS_UE"};
constexpr Weighted<3> nationality_weights({840, 40, 120});
constexpr Weighted<3> wished_count({450, 300, 250});

MotifGroup group_of(int housing) {
    switch (housing) {
        case HLM: return g_social;
        case LP: return g_private;
        case CPE: case CP: case LTG: return g_hosted;
        case POCC: case FONC: return g_owner;
        default: return g_shelter;  // SH RS RHVS SLHT CDEFCM HOT SD SQUAT CAMCAR RE
    }
}

bool without_own_home(int housing) {  // sheltered, in a hotel, in the street
    return group_of(housing) == g_shelter && housing != RE;
}

struct Motifs {
    std::array<std::uint8_t, 3> codes{};  // 1..23
    int n = 0;
    bool has(int code) const { return std::find(codes.begin(), codes.begin() + n, code) != codes.begin() + n; }
    void add(int code) {
        if (n < 3 && !has(code)) codes[static_cast<std::size_t>(n++)] = static_cast<std::uint8_t>(code);
    }
};

}  // namespace

char* write_demand(char* p, const RowContext& context, std::uint64_t index) {
    Rng rng(context.seed, Stream::demands, index);
    const Territory& territory = context.territory(rng);

    // Filing date: within the 6 years before the stock date, recent ones more frequent (age ~ u^2.5).
    const int age_days = static_cast<int>(2192.0 * pow_2_5(rng.uniform()));
    const Date filed_on{stock_date.days - 1 - age_days};

    const Household h = draw_household(rng, demand_sizes);
    const bool housing_known = !rng.chance(2);
    int housing = static_cast<int>(housing_weights.pick(rng));

    // Applicant's age on the stock date; at least 18 on the filing date.
    int age;
    if (housing == RE) age = static_cast<int>(rng.between(18, 29));
    else if (housing == CDEFCM) age = static_cast<int>(rng.between(18, 24));
    else {
        const std::size_t band = (housing == CPE ? age_bands_with_parents : age_bands).pick(rng);
        age = static_cast<int>(rng.between(age_band_start[band], age_band_start[band + 1] - 1));
    }
    if (h.children_under_14 > 0 && age > 55) age = static_cast<int>(rng.between(25, 50));
    Date birth{stock_date.days - age * 365 - age / 4 - static_cast<int>(rng.below(365))};
    const int latest_birth = filed_on.days - 18 * 365 - 5;
    if (birth.days > latest_birth) birth.days = latest_birth - static_cast<int>(rng.below(365));

    const Employment employment = draw_employment(rng, age);

    // Income: some nulls (not declared), some zero (no resources).
    const bool income_null = rng.chance(15);
    const bool income_zero = !income_null && rng.chance(15);
    const std::int64_t income = income_null || income_zero ? 0 : draw_monthly_income(rng, h, employment);
    // Revenu fiscal de référence N-2: taxable income, without most benefits, two years earlier.
    const bool tax_null = income_null || rng.chance(40);
    const std::int64_t tax_income =
        tax_null ? 0 : static_cast<std::int64_t>(12.0 * static_cast<double>(income) * (0.55 + 0.45 * rng.uniform()));

    // Current home: rooms, rent, surface.
    int rooms = 0, rent = -1;  // 0 rooms: null; rent -1: null
    switch (housing) {
        case HLM:
        case LP: {
            static constexpr std::array<int, 6> social_delta = {-1, 0, 0, 1, 1, 2};
            static constexpr std::array<int, 6> private_delta = {-1, -1, 0, 0, 1, 1};
            const int delta = (housing == HLM ? social_delta : private_delta)[rng.below(6)];
            rooms = std::clamp(h.size + delta, 1, 6);
            if (h.size >= 3 && rng.chance(120)) rooms = std::max(1, h.size / 2);  // overcrowded
            rent = housing == HLM ? 220 + 70 * rooms + static_cast<int>(rng.between(-40, 60))
                                  : 320 + 95 * rooms + static_cast<int>(rng.between(-60, 120));
            break;
        }
        case POCC: rooms = std::clamp(h.size + static_cast<int>(rng.between(0, 2)), 2, 7); break;
        case FONC:
            rooms = std::clamp(h.size + static_cast<int>(rng.between(0, 1)), 1, 6);
            if (rng.chance(500)) rent = static_cast<int>(rng.between(100, 300));
            break;
        case CPE: case CP: case LTG: rooms = static_cast<int>(rng.between(2, 5)); break;
        case RS: case RHVS: case SLHT: case RE:
            rooms = 1;
            rent = static_cast<int>(rng.between(280, 460));
            break;
        case SH: case HOT: case CDEFCM: rooms = 1; break;
        default: break;  // SD, SQUAT, CAMCAR: no rooms
    }
    if (!housing_known) {
        rooms = 0;
        rent = -1;
    }
    const int surface = rooms ? rooms * static_cast<int>(rng.between(14, 24)) + static_cast<int>(rng.between(0, 12)) : 0;

    // Motifs: the first is the main one; people without a home of their own mostly give 01.
    Motifs motifs;
    const int wanted = static_cast<int>(motif_count.pick(rng)) + 1;
    if (without_own_home(housing) && rng.chance(800)) motifs.add(1);
    const auto& weights = motif_weights[group_of(housing)];
    for (int tries = 0; motifs.n < wanted && tries < 12; ++tries) motifs.add(static_cast<int>(weights.pick(rng)) + 1);
    bool disability = rng.chance(60);
    if (motifs.has(7) && rng.chance(800)) disability = true;
    if (disability && rng.chance(500)) motifs.add(7);
    const bool anru = housing_known && housing == HLM && rng.chance(30);
    if (anru) motifs.add(2);

    // DALO: mostly households without a home of their own, or threatened with eviction.
    std::uint32_t dalo_per_mille = without_own_home(housing) ? 120
                                   : housing == CP || housing == LTG ? 50
                                   : housing == LP ? (motifs.has(5) ? 100 : 25)
                                   : housing == CPE ? 15
                                   : housing == HLM ? 8
                                                    : 10;
    const bool dalo = housing_known && rng.chance(dalo_per_mille);

    const bool violence_proof = motifs.has(6) && rng.chance(400);
    const std::uint32_t checked = without_own_home(housing) ? 700
                                  : housing == CP ? 250
                                  : (motifs.has(3) || motifs.has(6) || motifs.has(8)) ? 400
                                                                                       : 80;
    const bool social_worker_validated = rng.chance(checked);

    // Last refusal of an adapted dwelling: about 8 %, within the last two years, after filing.
    bool refused = false;
    Date last_refusal{};
    if (rng.chance(100)) {
        const int first = std::max(filed_on.days + 30, stock_date.days - 730);
        refused = first < stock_date.days;
        if (refused) last_refusal.days = static_cast<int>(rng.between(first, stock_date.days - 1));
    }

    // Communes: current home mostly in the territory; wished communes in the territory, the
    // current one often first.
    const bool lives_inside = rng.chance(880);
    const InseeCode& commune = lives_inside ? territory.pick_commune(rng) : territory.outside[rng.below(4)];
    std::array<const InseeCode*, 3> wished{};
    int n_wished = 0;
    const int wished_wanted = static_cast<int>(wished_count.pick(rng)) + 1;
    if (lives_inside && rng.chance(650)) wished[static_cast<std::size_t>(n_wished++)] = &commune;
    for (int tries = 0; n_wished < wished_wanted && tries < 10; ++tries) {
        const InseeCode* c = &territory.pick_commune(rng);
        if (std::find_if(wished.begin(), wished.begin() + n_wished, [&](const InseeCode* w) { return *w == *c; }) ==
            wished.begin() + n_wished)
            wished[static_cast<std::size_t>(n_wished++)] = c;
    }
    const std::string_view typology = draw_typology(rng, h.size, false);

    // Work place: for people in work, mostly in the territory.
    const bool works = employment == Employment::CDI || employment == Employment::CDD ||
                       employment == Employment::ART || employment == Employment::APP;
    const InseeCode* employer = nullptr;
    if (works && rng.chance(850)) employer = rng.chance(750) ? &territory.pick_commune(rng) : &territory.outside[rng.below(4)];

    // Drawn last, so that adding them left every earlier field of every row as it was.
    // Priority situations of L441-1 that the other fields do not show (per mille): leaving a
    // therapeutic coordination flat, back to work after long unemployment (people in work), rape
    // or sexual assault at home, a path out of prostitution, trafficking.
    std::array<std::string_view, 5> situations{};
    int n_situations = 0;
    if (rng.chance(3)) situations[static_cast<std::size_t>(n_situations++)] = "sortie_act";
    if (works && rng.chance(40)) situations[static_cast<std::size_t>(n_situations++)] = "reprise_activite";
    if (rng.chance(4)) situations[static_cast<std::size_t>(n_situations++)] = "violences_sexuelles";
    if (rng.chance(2)) situations[static_cast<std::size_t>(n_situations++)] = "prostitution";
    if (rng.chance(2)) situations[static_cast<std::size_t>(n_situations++)] = "traite";
    // Essential workers (L441-1, 2022): about one in five people in work.
    const bool essential_worker = works && rng.chance(200);
    // Nationality and civility: kept for statistics, never a criterion (tagged `protected`).
    const std::size_t nationality = nationality_weights.pick(rng);
    const bool woman = rng.chance(580);

    // --- the row, in the order of the record's fields ---
    CellWriter w(p);
    // id: département, "11", filing year, counter.
    w.text(std::string_view(territory.id_prefix.data(), 3));
    w.text("11");
    w.year_two_digits(filed_on);
    w.padded(index + 1, context.id_width);
    w.comma();
    w.date(filed_on);
    w.comma();
    w.code(commune);
    w.comma();
    for (int i = 0; i < n_wished; ++i) {
        if (i) w.ch('|');
        w.code(*wished[static_cast<std::size_t>(i)]);
    }
    w.comma();
    w.text(typology);
    w.comma();
    w.integer(h.size);
    w.comma();
    w.integer(h.persons_14_plus);
    w.comma();
    w.integer(h.children_under_14);
    w.comma();
    w.integer(h.dependants);
    w.comma();
    w.boolean(h.single_parent);
    w.comma();
    w.boolean(h.couple);
    w.comma();
    w.date(birth);
    w.comma();
    if (!income_null) w.integer(income);
    w.comma();
    if (!tax_null) w.integer(tax_income);
    w.comma();
    if (housing_known) w.text(housing_codes[static_cast<std::size_t>(housing)]);
    w.comma();
    if (rent >= 0) w.integer(rent);
    w.comma();
    if (rooms) w.integer(rooms);
    w.comma();
    if (rooms) w.integer(surface);
    w.comma();
    for (int i = 0; i < motifs.n; ++i) {
        if (i) w.ch('|');
        w.two_digits(motifs.codes[static_cast<std::size_t>(i)]);
    }
    w.comma();
    w.boolean(disability);
    w.comma();
    w.boolean(dalo);
    w.comma();
    w.text(employment_codes[static_cast<std::size_t>(employment)]);
    w.comma();
    if (employer) w.code(*employer);
    w.comma();
    w.boolean(violence_proof);
    w.comma();
    w.boolean(social_worker_validated);
    w.comma();
    if (refused) w.date(last_refusal);
    w.comma();
    w.boolean(anru);
    w.comma();
    for (int i = 0; i < n_situations; ++i) {
        if (i) w.ch('|');
        w.text(situations[static_cast<std::size_t>(i)]);
    }
    w.comma();
    w.boolean(essential_worker);
    w.comma();
    w.text(nationalities[nationality]);
    w.comma();
    w.text(woman ? "F" : "M");
    w.newline();
    return w.position();
}

}  // namespace cotation::gen
