// Counting rows by group, as the audit (quotas) and the territorial diagnosis both do: a group's
// key, the order of keys, and the counts k, n and unknown of a group.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/value_order.hpp"
#include "cotation/value.hpp"

namespace cotation::audit {

// The values of a group's fields, in the order of its `by` (or of the diagnosis dimension).
using Key = std::vector<Value>;

// The order of the values at one position of two keys: compare_values, the one total order.
struct ValueOrder {
    int operator()(std::size_t /*position*/, const Value& a, const Value& b) const { return compare_values(a, b); }
};

// Keys compared position by position with `Order` (-1, 0 or 1 for the values at a position), a
// shorter key first when one is a prefix of the other.
template <class Order>
struct KeyLessBy {
    Order order{};
    bool operator()(const Key& a, const Key& b) const {
        for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
            if (const int c = order(i, a[i], b[i])) return c < 0;
        return a.size() < b.size();
    }
};

// The order of quota groups: every value by compare_values.
using KeyLess = KeyLessBy<ValueOrder>;

// The rows of a group: k where the measure is true, n where it is true or false, `unknown` where it
// is null (in neither k nor n).
struct Counts {
    std::int64_t k = 0;
    std::int64_t n = 0;
    std::int64_t unknown = 0;

    void add(std::optional<bool> measure) {
        if (!measure) {
            ++unknown;
            return;
        }
        ++n;
        if (*measure) ++k;
    }
};

}  // namespace cotation::audit
