// A sum of doubles that does not depend on the order of its terms (nor on how rows were cut into
// parts and threads): each term is rounded once to a multiple of 2^-60 and the multiples are added
// as 128-bit integers. Terms above 2^62 in magnitude are out of its range (the points of a grid
// are far below); below 2^-8 they lose bits they would lose in any double sum of larger terms.
#pragma once

#include <cmath>

namespace cotation {

class ExactSum {
public:
    void add(double term) { units_ += static_cast<__int128>(std::nearbyint(std::ldexp(term, fraction_bits))); }
    ExactSum& operator+=(const ExactSum& other) {
        units_ += other.units_;
        return *this;
    }
    // The sum, rounded once to the nearest double.
    double value() const { return std::ldexp(static_cast<double>(units_), -fraction_bits); }

private:
    static constexpr int fraction_bits = 60;
    __int128 units_ = 0;
};

}  // namespace cotation
