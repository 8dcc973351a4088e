// One row of each record, drawn from the row's own random stream. Shared by the demand and
// allocation generators: the household, the employment and the income models.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "cotation/value.hpp"
#include "gen/random.hpp"
#include "gen/territory.hpp"

namespace cotation::gen {

struct RowContext {
    const Catalogue* catalogue = nullptr;
    const Territory* fixed = nullptr;  // every row in this territory; nullptr: drawn per row
    std::uint64_t seed = 0;
    int id_width = 5;                  // digits of the row counter in ids (enough for every row)

    const Territory& territory(Rng& rng) const { return fixed ? *fixed : catalogue->pick(rng); }
};

// Writes one CSV line (with its '\n') at p, returns the end. At most max_row_bytes bytes.
char* write_demand(char* p, const RowContext& context, std::uint64_t index);
char* write_allocation(char* p, const RowContext& context, std::uint64_t index);

// The reference dates: the demand stock is taken on 1 January 2025; allocations have their lease
// signed during calendar year 2024.
inline constexpr Date stock_date{20089};             // 2025-01-01
inline constexpr Date allocation_year_start{19723};  // 2024-01-01

struct Household {
    int size = 1;
    int persons_14_plus = 1;
    int children_under_14 = 0;
    int dependants = 0;
    bool couple = false;
    bool single_parent = false;
};

// Household size distribution, sizes 1..8, per mille.
using SizeWeights = Weighted<8>;
Household draw_household(Rng& rng, const SizeWeights& sizes);

enum class Employment : std::uint8_t { CDI, CDD, ART, CHO, APP, ETU, RET, AUT };
inline constexpr std::array<std::string_view, 8> employment_codes = {"CDI", "CDD", "ART", "CHO",
                                                                    "APP", "ETU", "RET", "AUT"};
Employment draw_employment(Rng& rng, int age);

// Declared monthly resources (€), whole euros, > 0: log-normal-like around a median set by the
// household's composition and the applicant's employment, times `scale`.
std::int64_t draw_monthly_income(Rng& rng, const Household& household, Employment employment, double scale = 1.0);

// Typology wished (demands) or allocated: consistent with the household size.
std::string_view draw_typology(Rng& rng, int household_size, bool allocation);

}  // namespace cotation::gen
