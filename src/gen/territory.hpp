// The territories of the generator: EPCIs with their communes (INSEE codes) and landlords.
// Territory 0 is the Communauté d'Agglomération Hénin-Carvin; the others are drawn from the seed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "gen/random.hpp"

namespace cotation::gen {

using InseeCode = std::array<char, 5>;

inline constexpr int landlords_per_territory = 14;

inline constexpr int max_communes = 36;

struct Territory {
    std::array<char, 3> id_prefix{};  // département on three digits, e.g. "062"
    int commune_count = 0;            // 14 to 36
    std::array<InseeCode, max_communes> communes{};                // the centre first
    std::array<std::uint32_t, max_communes> commune_cumulative{};  // cumulative weights (population-like)
    std::array<InseeCode, 4> outside{};        // neighbouring communes outside the territory
    std::array<std::string, landlords_per_territory> landlords;  // by decreasing share of the stock
    std::array<std::uint16_t, landlords_per_territory> qpv_per_mille{};  // share of each landlord's stock in QPV

    const InseeCode& pick_commune(Rng& rng) const noexcept;
};

class Catalogue {
public:
    explicit Catalogue(std::uint64_t seed);
    const std::vector<Territory>& territories() const { return territories_; }
    // A territory drawn with probability proportional to its size.
    const Territory& pick(Rng& rng) const noexcept;

private:
    std::vector<Territory> territories_;
    std::vector<std::uint64_t> cumulative_;
    // guide_[b]: the first territory whose cumulative weight exceeds b * total / guide size, so
    // that pick() starts its search there (same result as a binary search, in one or two steps).
    std::vector<std::uint32_t> guide_;
};

// Shares of the stock of the 14 landlords of a territory, per mille: 5 hold 96 %.
inline constexpr std::array<std::uint32_t, landlords_per_territory> landlord_share_per_mille = {
    380, 250, 160, 100, 70, 8, 7, 6, 5, 4, 4, 3, 2, 1};

}  // namespace cotation::gen
