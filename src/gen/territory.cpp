#include "gen/territory.hpp"

#include <algorithm>
#include <bitset>
#include <cstdio>
#include <memory>

#include "cotation/gen.hpp"

namespace cotation::gen {

namespace {

InseeCode code_of(int number) {  // 62427 -> "62427"
    InseeCode code{};
    for (int i = 4; i >= 0; --i) {
        code[static_cast<std::size_t>(i)] = static_cast<char>('0' + number % 10);
        number /= 10;
    }
    return code;
}

// The 14 communes of the CAHC (INSEE codes as in rules/cahc/cahc.yaml) with their approximate
// population in hundreds of inhabitants, centre first.
struct NamedCommune {
    int code;
    std::uint32_t population_hundreds;
};
constexpr std::array<NamedCommune, 14> cahc_communes = {{
    {62427, 260},  // Hénin-Beaumont
    {62215, 170},  // Carvin
    {62250, 105},  // Courrières
    {62587, 100},  // Montigny-en-Gohelle
    {62637, 100},  // Oignies
    {62724, 85},   // Rouvroy
    {62907, 80},   // Libercourt
    {62497, 70},   // Leforest
    {62249, 60},   // Courcelles-lès-Lens
    {62274, 58},   // Dourges
    {62624, 55},   // Noyelles-Godault
    {62321, 45},   // Évin-Malmaison
    {62276, 30},   // Drocourt
    {62145, 9},    // Bois-Bernard
}};
// Lens, Liévin, Douai, Lille: where some applicants of the CAHC live or work.
constexpr std::array<int, 4> cahc_outside = {62498, 62510, 59178, 59350};

// The landlords of the mining basin, largest first (names real, shares illustrative).
const std::array<const char*, landlords_per_territory> cahc_landlords = {
    "Maisons & Cités",        "SIA Habitat",          "Pas-de-Calais Habitat", "Flandre Opale Habitat",
    "Clésence",               "Habitat Hauts-de-France", "Vilogia",            "Notre Logis",
    "Partenord Habitat",      "Norevie",              "ICF Habitat Nord-Est",  "Habitat du Nord",
    "Logis Métropole",        "Lille Métropole Habitat"};

constexpr std::uint32_t cahc_size = 127;  // thousands of inhabitants

// Metropolitan départements (Corsica and Paris left out: their codes do not follow the pattern).
std::vector<int> departements() {
    std::vector<int> out;
    for (int d = 1; d <= 95; ++d) {
        if (d != 20 && d != 75) out.push_back(d);
    }
    return out;
}

}  // namespace

const InseeCode& Territory::pick_commune(Rng& rng) const noexcept {
    const std::uint64_t r = rng.below(commune_cumulative[static_cast<std::size_t>(commune_count - 1)]);
    std::size_t i = 0;
    while (commune_cumulative[i] <= r) ++i;
    return communes[i];
}

Catalogue::Catalogue(std::uint64_t seed) {
    Rng rng(seed, Stream::territories, 0);
    auto used = std::make_unique<std::bitset<100000>>();
    territories_.reserve(gen_territory_count);

    // Territory 0: the CAHC.
    {
        Territory t;
        t.id_prefix = {'0', '6', '2'};
        std::uint32_t sum = 0;
        for (const NamedCommune& c : cahc_communes) {
            const auto i = static_cast<std::size_t>(t.commune_count++);
            t.communes[i] = code_of(c.code);
            t.commune_cumulative[i] = sum += c.population_hundreds;
            used->set(static_cast<std::size_t>(c.code));
        }
        for (std::size_t i = 0; i < cahc_outside.size(); ++i) {
            t.outside[i] = code_of(cahc_outside[i]);
            used->set(static_cast<std::size_t>(cahc_outside[i]));
        }
        for (int i = 0; i < landlords_per_territory; ++i) t.landlords[static_cast<std::size_t>(i)] = cahc_landlords[static_cast<std::size_t>(i)];
        territories_.push_back(std::move(t));
        cumulative_.push_back(cahc_size);
    }

    const std::vector<int> deps = departements();
    // An unused commune code of département d (numbers 001..899).
    auto fresh_code = [&](int d) {
        while (true) {
            const int number = d * 1000 + static_cast<int>(rng.between(1, 899));
            if (!used->test(static_cast<std::size_t>(number))) {
                used->set(static_cast<std::size_t>(number));
                return number;
            }
        }
    };
    std::array<int, 100> territories_in{};  // per département, so that its codes never run out
    char name[32];
    for (int k = 1; k < gen_territory_count; ++k) {
        Territory t;
        int d = deps[rng.below(deps.size())];
        while (territories_in[static_cast<std::size_t>(d)] >= 15) d = deps[rng.below(deps.size())];
        ++territories_in[static_cast<std::size_t>(d)];
        t.id_prefix = {'0', static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
        t.commune_count = static_cast<int>(rng.between(14, max_communes));
        std::uint32_t sum = 0;
        for (std::size_t i = 0; i < static_cast<std::size_t>(t.commune_count); ++i) {
            t.communes[i] = code_of(fresh_code(d));
            // Zipf-like: the centre is the largest commune.
            t.commune_cumulative[i] = sum += 1200 / static_cast<std::uint32_t>(i + 1) + 10;
        }
        for (InseeCode& c : t.outside) c = code_of(fresh_code(d));
        // The département's public office among the five largest, the others drawn from a pool of
        // regional social housing companies (ESH); names distinct within a territory.
        std::vector<std::string> names;
        std::snprintf(name, sizeof name, "OPH %02d", d);
        while (names.size() < landlords_per_territory - 1) {
            std::snprintf(name, sizeof name, "ESH %03d", static_cast<int>(rng.between(1, 240)));
            if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
        }
        std::snprintf(name, sizeof name, "OPH %02d", d);
        names.insert(names.begin() + static_cast<std::ptrdiff_t>(rng.below(5)), name);
        for (std::size_t i = 0; i < names.size(); ++i) t.landlords[i] = names[i];
        // Population in thousands: heavy-tailed, 20k to 720k.
        const double u = rng.uniform();
        cumulative_.push_back(cumulative_.back() + 20 + static_cast<std::uint64_t>(700.0 * u * u * u * u));
        territories_.push_back(std::move(t));
    }
    // Share of each landlord's stock in QPV: 15 % to 45 %, about 30 % on average.
    for (Territory& t : territories_) {
        for (auto& q : t.qpv_per_mille) q = static_cast<std::uint16_t>(150 + rng.below(301));
    }
    const std::uint64_t total = cumulative_.back();
    guide_.resize(1024);
    std::uint32_t i = 0;
    for (std::uint64_t b = 0; b < guide_.size(); ++b) {
        const std::uint64_t r = b * total / guide_.size();  // the smallest draw that falls in bucket b
        while (cumulative_[i] <= r) ++i;
        guide_[b] = i;
    }
}

const Territory& Catalogue::pick(Rng& rng) const noexcept {
    const std::uint64_t total = cumulative_.back();
    const std::uint64_t r = rng.below(total);
    // The first index with cumulative > r, starting from the guide of r's bucket.
    std::size_t i = guide_[static_cast<std::size_t>(r * guide_.size() / total)];
    while (cumulative_[i] <= r) ++i;
    return territories_[i];
}

}  // namespace cotation::gen
