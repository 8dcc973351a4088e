// One allocation row (record `allocation` of rules/schema/sne.yaml): an allocation followed by a
// lease signed in 2024. Figures and sources: docs/data.md.
#include <algorithm>

#include "gen/csv_out.hpp"
#include "gen/rows.hpp"

namespace cotation::gen {

namespace {

// Households housed are a little larger than those waiting: fewer single persons.
constexpr SizeWeights allocation_sizes({350, 250, 170, 130, 60, 25, 10, 5});

// Reservation holders, per mille: préfet (priority publics, State staff), Action Logement, local
// authorities, the landlord's own dwellings.
constexpr std::array<std::string_view, 5> reservataires = {"PPRIOR", "PFONCT", "COLACT", "COLTER", "BAILLEUR"};
constexpr Weighted<5> reservataire_weights({240, 45, 200, 200, 315});
enum Reservataire : std::uint8_t { PPRIOR, PFONCT, COLACT, COLTER, BAILLEUR };

constexpr std::array<std::string_view, 3> residence_classes = {"fragile", "intermediaire", "attractive"};
constexpr Weighted<3> residence_in_qpv({550, 350, 100});
constexpr Weighted<3> residence_outside_qpv({120, 480, 400});

constexpr std::array<std::string_view, 3> financings = {"PLAI", "PLUS", "PLS"};
constexpr Weighted<3> financing_weights({250, 650, 100});

// Applicant's age band: 18-24, 25-29, 30-39, 40-49, 50-59, 60-69, 70-89.
constexpr std::array<int, 8> age_band_start = {18, 25, 30, 40, 50, 60, 70, 90};
constexpr Weighted<7> age_bands({130, 150, 250, 200, 140, 80, 50});

// Households housed declare somewhat higher and steadier resources than those waiting: the
// lowest-income applicants are housed less often than their share of the demand.
constexpr double allocated_income_scale = 1.15;

constexpr Weighted<14> landlord_weights(landlord_share_per_mille);

}  // namespace

char* write_allocation(char* p, const RowContext& context, std::uint64_t index) {
    Rng rng(context.seed, Stream::allocations, index);
    const Territory& territory = context.territory(rng);

    const std::size_t landlord = landlord_weights.pick(rng);
    const auto reservataire = static_cast<Reservataire>(reservataire_weights.pick(rng));
    const InseeCode& commune = territory.pick_commune(rng);
    const bool qpv = rng.chance(territory.qpv_per_mille[landlord]);
    const bool residence_known = !rng.chance(350);
    const std::size_t residence = (qpv ? residence_in_qpv : residence_outside_qpv).pick(rng);
    const std::string_view financing = financings[financing_weights.pick(rng)];

    const Household h = draw_household(rng, allocation_sizes);
    const std::string_view typology = draw_typology(rng, h.size, true);
    const std::size_t band = age_bands.pick(rng);
    int age = static_cast<int>(rng.between(age_band_start[band], age_band_start[band + 1] - 1));
    if (h.children_under_14 > 0 && age > 55) age = static_cast<int>(rng.between(25, 50));
    const std::int64_t income = draw_monthly_income(rng, h, draw_employment(rng, age), allocated_income_scale);

    // Lease signed during 2024 (366 days); the demand filed 0.5 to 4 years earlier, 1.5 on average.
    const Date lease{allocation_year_start.days + static_cast<int>(rng.below(366))};
    const int wait_days = 183 + static_cast<int>(1278.0 * pow_2_5(rng.uniform()));
    const Date filed_on{lease.days - wait_days};

    const bool is_mutation = rng.chance(300);
    const bool anru = is_mutation && rng.chance(33);
    const bool dalo = reservataire == PPRIOR ? rng.chance(150) : reservataire == PFONCT ? false : rng.chance(25);
    const std::uint32_t priority_per_mille = reservataire == PPRIOR ? 300 : reservataire == PFONCT ? 30 : 230;
    const bool priority = dalo || rng.chance(priority_per_mille);

    // Drawn last, so that adding them left every earlier field of every row as it was: a mutation
    // within the landlord's own stock (about half of them); an essential worker (L441-1, 2022).
    const bool internal_transfer = is_mutation && rng.chance(550);
    const bool essential_worker = rng.chance(70);

    // --- the row, in the order of the record's fields ---
    CellWriter w(p);
    w.text("ATT24");
    w.padded(index + 1, context.id_width);
    w.comma();
    // The household's demand number: département, "11", filing year, "9", counter.
    w.text(std::string_view(territory.id_prefix.data(), 3));
    w.text("11");
    w.year_two_digits(filed_on);
    w.ch('9');
    w.padded(index + 1, context.id_width);
    w.comma();
    w.text(territory.landlords[landlord]);
    w.comma();
    w.text(reservataires[reservataire]);
    w.comma();
    w.code(commune);
    w.comma();
    w.boolean(qpv);
    w.comma();
    if (residence_known) w.text(residence_classes[residence]);
    w.comma();
    w.text(typology);
    w.comma();
    w.text(financing);
    w.comma();
    w.date(lease);
    w.comma();
    w.boolean(is_mutation);
    w.comma();
    w.boolean(internal_transfer);
    w.comma();
    w.date(filed_on);
    w.comma();
    w.integer(income);
    w.comma();
    w.integer(h.persons_14_plus);
    w.comma();
    w.integer(h.children_under_14);
    w.comma();
    w.boolean(dalo);
    w.comma();
    w.boolean(anru);
    w.comma();
    w.boolean(priority);
    w.comma();
    w.boolean(essential_worker);
    w.newline();
    return w.position();
}

}  // namespace cotation::gen
