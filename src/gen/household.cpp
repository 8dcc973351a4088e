// Household composition, employment, income and typology: the models both records share.
// The figures and their sources are in docs/data.md.
#include <algorithm>

#include "gen/rows.hpp"

namespace cotation::gen {

namespace {

// The quantile function of the monthly resources relative to their median, at p = 0, 1/64, ..., 1
// (p = 0 and 1 taken at 0.002 and 0.998), times 1000: exp(sigma * z) for the standard normal
// quantile z, with sigma = 0.55 above the median (a long tail of higher incomes) and 0.40 below it
// (minimum social benefits keep most declared resources above about half the median). Tabulated so
// that no libm function is needed: their results may vary between platforms.
constexpr std::array<std::uint32_t, 65> income_quantiles = {
    316,  423,  475,  512,  541,  567,  590,  611,  631,  650,  668,  685,  701,  717,  733,  748,  764,
    778,  793,  808,  822,  837,  851,  866,  880,  895,  909,  924,  939,  954,  969,  984,  1000, 1022,
    1044, 1067, 1090, 1114, 1139, 1165, 1192, 1219, 1248, 1277, 1308, 1341, 1375, 1411, 1449, 1490, 1533,
    1579, 1629, 1683, 1743, 1809, 1883, 1967, 2065, 2181, 2325, 2514, 2786, 3269, 4869};

double income_multiplier(Rng& rng) {
    const double x = rng.uniform() * 64.0;
    const auto i = static_cast<std::size_t>(x);  // 0..63
    const double frac = x - static_cast<double>(i);
    const double lo = income_quantiles[i];
    const double hi = income_quantiles[i + 1];
    return (lo + (hi - lo) * frac) / 1000.0;
}

// Employment by the applicant's age, per mille, in Employment order CDI CDD ART CHO APP ETU RET AUT.
constexpr Weighted<8> employment_under_25({150, 220, 10, 200, 80, 190, 0, 150});
constexpr Weighted<8> employment_25_59({360, 140, 50, 200, 10, 10, 0, 230});
constexpr Weighted<8> employment_60_64({200, 50, 40, 150, 0, 0, 350, 210});
constexpr Weighted<8> employment_65_plus({0, 0, 0, 0, 0, 0, 900, 100});

// Median monthly resources relative to the household's base, by employment (per mille).
constexpr std::array<std::uint32_t, 8> employment_income_factor = {1300, 1050, 1100, 900, 800, 700, 1050, 800};

constexpr std::array<std::string_view, 7> typologies = {"C", "T1", "T2", "T3", "T4", "T5", "T6P"};
// Wished typology by household size (1, 2, 3, 4, 5, 6+), per mille, C T1 T2 T3 T4 T5 T6P.
constexpr std::array<Weighted<7>, 6> wished_typology = {{
    Weighted<7>({50, 300, 550, 100, 0, 0, 0}),
    Weighted<7>({0, 0, 550, 420, 30, 0, 0}),
    Weighted<7>({0, 0, 20, 700, 280, 0, 0}),
    Weighted<7>({0, 0, 0, 250, 650, 100, 0}),
    Weighted<7>({0, 0, 0, 0, 500, 450, 50}),
    Weighted<7>({0, 0, 0, 0, 0, 550, 450}),
}};
// Allocated typology by household size: the stock has few T1 and many T3.
constexpr std::array<Weighted<7>, 6> allocated_typology = {{
    Weighted<7>({20, 250, 650, 80, 0, 0, 0}),
    Weighted<7>({0, 0, 450, 500, 50, 0, 0}),
    Weighted<7>({0, 0, 20, 650, 330, 0, 0}),
    Weighted<7>({0, 0, 0, 250, 630, 120, 0}),
    Weighted<7>({0, 0, 0, 0, 450, 500, 50}),
    Weighted<7>({0, 0, 0, 0, 0, 600, 400}),
}};

}  // namespace

Household draw_household(Rng& rng, const SizeWeights& sizes) {
    Household h;
    h.size = static_cast<int>(sizes.pick(rng)) + 1;
    h.couple = h.size >= 2 && rng.chance(450);
    const int adults = h.couple ? 2 : 1;
    int older = 0;
    for (int i = adults; i < h.size; ++i) {
        if (rng.chance(700)) ++h.children_under_14;
        else ++older;
    }
    h.persons_14_plus = adults + older;
    h.dependants = h.size - adults;
    h.single_parent = !h.couple && h.dependants > 0 && rng.chance(900);
    return h;
}

Employment draw_employment(Rng& rng, int age) {
    const Weighted<8>& table = age < 25   ? employment_under_25
                               : age < 60 ? employment_25_59
                               : age < 65 ? employment_60_64
                                          : employment_65_plus;
    return static_cast<Employment>(table.pick(rng));
}

std::int64_t draw_monthly_income(Rng& rng, const Household& h, Employment employment, double scale) {
    // Base: one adult 960 €, a co-applicant +750 €, each other person +170 € (family benefits,
    // other earners).
    const double base = 960.0 + (h.couple ? 750.0 : 0.0) + 170.0 * (h.size - (h.couple ? 2 : 1));
    const double median = scale * base * employment_income_factor[static_cast<std::size_t>(employment)] / 1000.0;
    const double income = median * income_multiplier(rng);
    return std::max<std::int64_t>(50, static_cast<std::int64_t>(income + 0.5));
}

std::string_view draw_typology(Rng& rng, int household_size, bool allocation) {
    const std::size_t row = static_cast<std::size_t>(std::min(household_size, 6) - 1);
    const auto& table = allocation ? allocated_typology[row] : wished_typology[row];
    return typologies[table.pick(rng)];
}

}  // namespace cotation::gen
