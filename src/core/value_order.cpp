#include "core/value_order.hpp"

#include <algorithm>

namespace cotation {

int compare_values(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return a.is_null() == b.is_null() ? 0 : a.is_null() ? 1 : -1;
    if (a.data.index() != b.data.index()) return a.data.index() < b.data.index() ? -1 : 1;
    if (auto x = a.as_number()) return *x < *b.as_number() ? -1 : *x > *b.as_number() ? 1 : 0;
    if (auto x = a.as_string()) {
        const int c = x->compare(*b.as_string());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (auto x = a.as_date()) return *x < *b.as_date() ? -1 : *x > *b.as_date() ? 1 : 0;
    if (auto x = a.as_bool()) return *x == *b.as_bool() ? 0 : *x ? 1 : -1;
    if (auto x = a.as_list()) {
        const List& y = *b.as_list();
        for (std::size_t i = 0; i < std::min(x->size(), y.size()); ++i)
            if (int c = compare_values((*x)[i], y[i])) return c;
        return x->size() < y.size() ? -1 : x->size() > y.size() ? 1 : 0;
    }
    return 0;
}

}  // namespace cotation
