// A total order on values, shared by every stage that sorts or groups them (positioning, quota
// groups, the diagnosis): nulls last, then by kind, then by value.
#pragma once

#include "cotation/value.hpp"

namespace cotation {

// -1, 0 or 1. Numbers, strings (by bytes), dates, booleans (false first) and lists (item by item)
// compare by value; values of different kinds by kind; null sorts after every other value.
int compare_values(const Value& a, const Value& b);

}  // namespace cotation
