// Counter-based random streams for the generator: every row has its own stream, a hash of
// (seed, stream, row index), so rows can be drawn in any order, on any thread, with the same result.
//
// Only integer arithmetic and IEEE +, *, /, sqrt (all exactly specified) are used: no <random>
// distributions and no libm transcendental functions, whose results may differ between library
// versions and platforms.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace cotation::gen {

// SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Streams of different purposes never share a key.
enum class Stream : std::uint64_t { territories = 1, demands = 2, allocations = 3 };

class Rng {
public:
    // The stream of one row: a SplitMix64 sequence started from a hash of (seed, stream, index).
    constexpr Rng(std::uint64_t seed, Stream stream, std::uint64_t index) noexcept
        : state_(mix64(mix64(seed ^ (static_cast<std::uint64_t>(stream) * 0xD6E8FEB86659FD93ULL)) +
                       index * 0xD1B54A32D192ED03ULL)) {}

    constexpr std::uint64_t next() noexcept {
        state_ += 0x9E3779B97F4A7C15ULL;
        return mix64(state_);
    }

    // Uniform in [0, n) by multiply-shift (Lemire); n > 0. The bias is below n / 2^64.
    std::uint64_t below(std::uint64_t n) noexcept {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
    }
    // Uniform in [lo, hi], lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    // Uniform in [0, 1), 53 bits.
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // true with probability per_mille / 1000.
    bool chance(std::uint32_t per_mille) noexcept { return below(1000) < per_mille; }
    // true with probability per_10000 / 10000.
    bool chance_10k(std::uint32_t per_10000) noexcept { return below(10000) < per_10000; }

private:
    std::uint64_t state_;
};

// A discrete distribution given by integer weights: pick() returns an index into the table.
template <std::size_t N>
struct Weighted {
    std::array<std::uint32_t, N> cumulative{};
    constexpr explicit Weighted(const std::array<std::uint32_t, N>& weights) {
        std::uint32_t sum = 0;
        for (std::size_t i = 0; i < N; ++i) cumulative[i] = sum += weights[i];
    }
    constexpr std::uint32_t total() const { return cumulative[N - 1]; }
    std::size_t pick(Rng& rng) const noexcept {
        const std::uint64_t r = rng.below(total());
        std::size_t i = 0;
        while (cumulative[i] <= r) ++i;
        return i;
    }
};

// u^2.5 for u in [0, 1): more mass near 0. Used to skew ages of demands towards recent ones.
inline double pow_2_5(double u) noexcept { return u * u * std::sqrt(u); }

}  // namespace cotation::gen
