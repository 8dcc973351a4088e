// evaluate (fast path, internal): a node of a batch program, shared by the sources of the batch
// evaluator: batch.cpp builds the nodes (folding, sets, tables) and runs them, each family of
// operators computes its rows in a file of its own (batch_scalar.cpp, batch_compare.cpp,
// batch_calls.cpp). The operands' views come by value in the families' functions: a view whose
// address escapes must be read again after every byte stored, and no loop reading it vectorizes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "check/functions.hpp"
#include "eval/batch.hpp"
#include "eval/interpreter.hpp"

namespace cotation {

namespace batch {

// months_between (years: years_between, age) of two calendar dates.
inline double elapsed(const CivilDate& from, const CivilDate& to, bool years) {
    return static_cast<double>(years ? civil_years_between(from, to) : civil_months_between(from, to));
}

// An enumeration column read as the ranks of its values.
struct EnumRanks {
    const std::int32_t* codes;
    const std::vector<std::int32_t>& ranks;
    std::int32_t operator[](std::size_t i) const {
        return ranks[std::min(static_cast<std::size_t>(static_cast<std::uint32_t>(codes[i])), ranks.size() - 1)];
    }
};

// Sizes the output for n rows of the node's representation.
inline void prepare(Column& c, Repr repr, std::size_t n) {
    c.valid.resize(n);
    switch (repr) {
        case Repr::num: c.num.resize(n); break;
        case Repr::code: c.code.resize(n); break;
        case Repr::list_num:
        case Repr::list_code:
            c.offsets.resize(n + 1);
            c.item_num.clear();
            c.item_code.clear();
            c.item_valid.clear();
            break;
    }
}

// A column of `n` rows all holding `value` (null fills every array, so any consumer can read it).
void fill_constant(Column& c, const Value& value, const Type& type, StringPool& pool, std::size_t n);

inline bool item_ok(const View& v, std::uint32_t i) { return !v.item_valid || v.item_valid[i]; }

// Equality of two values of comparable types, as the reference's equal_values.
inline bool equal_at(const View& a, std::size_t i, Repr ra, const View& b, std::size_t j, Repr rb) {
    if (ra == Repr::num) return a.num[i] == b.num[j];
    if (ra == Repr::code) return a.code[i] == b.code[j];
    // Lists: same items in the same order.
    const std::uint32_t a0 = a.offsets[i], a1 = a.offsets[i + 1], b0 = b.offsets[j], b1 = b.offsets[j + 1];
    if (a1 - a0 != b1 - b0) return false;
    for (std::uint32_t k = 0; k < a1 - a0; ++k) {
        const bool va = item_ok(a, a0 + k), vb = item_ok(b, b0 + k);
        if (va != vb) return false;
        if (!va) continue;
        if (ra == Repr::list_num ? a.item_num[a0 + k] != b.item_num[b0 + k] : a.item_code[a0 + k] != b.item_code[b0 + k]) return false;
        (void)rb;
    }
    return true;
}

// Does list `l` (row i) hold x (view `x`, row j)?
inline bool list_holds(const View& l, std::size_t i, Repr rl, const View& x, std::size_t j) {
    for (std::uint32_t k = l.offsets[i]; k < l.offsets[i + 1]; ++k) {
        if (!item_ok(l, k)) continue;
        if (rl == Repr::list_num ? l.item_num[k] == x.num[j] : l.item_code[k] == x.code[j]) return true;
    }
    return false;
}

}  // namespace batch

struct BatchExpr::Node {
    Op op = Op::literal;
    Type type;
    Repr repr = Repr::code;
    Function function = Function::none;
    RefKind ref = RefKind::unresolved;
    std::int32_t slot = -1;
    std::vector<std::shared_ptr<Node>> args;
    std::uint64_t epoch = 0;    // the input `out` was computed for (0: none)
    Column out;                 // scratch output, or the value of a constant
    bool constant = false;      // `out` holds `capacity` rows of one value
    // Ordering comparisons on enumerations: each code's rank among the declared values, the last
    // entry for every code past the others (not a value: ranked after them all).
    std::vector<std::int32_t> enum_ranks;
    std::shared_ptr<const Table> table;     // index: the table parameter
    std::vector<std::pair<double, double>> numeric_keys;     // index on whole-number keys
    std::unordered_map<std::int32_t, double> code_keys;      // index on string keys
    std::vector<View> arg_views;            // scratch
    // `age`, or months_between / years_between to a constant end (`elapsed_end`): the answer for
    // each start date from 1900 to 2099 (days from `elapsed_first`), computed once, so that a row
    // costs one load and not a calendar computation.
    std::vector<std::int32_t> elapsed_table;
    std::int32_t elapsed_first = 0;
    Date elapsed_end{};
    // Membership in a constant (`x in [..]`, `contains([..], x)`, `contains(l, "05")`,
    // `any_in(l, ["18", "19"])`), decided without walking it: codes by a byte each (a code interned
    // after the constant was built equals none of its items), numbers by a sorted vector. Null items
    // never match, so they are left out. `set_probe`: the argument looked up, a value or (for
    // `contains(l, "05")` and `any_in`) each item of a list; -1: no set.
    int set_probe = -1;
    // Codes by bytes, not bits: one load a lookup. The last byte is 0 and stands for every code
    // past the others, so that a lookup clamps instead of testing.
    std::vector<std::uint8_t> set_codes;
    std::vector<double> set_numbers;
    std::vector<std::uint32_t> hits_before;  // scratch: the set's items among a batch's first k list items
    bool holds(double x) const { return std::binary_search(set_numbers.begin(), set_numbers.end(), x); }
    bool holds(std::int32_t x) const {
        return set_codes[std::min(static_cast<std::size_t>(static_cast<std::uint32_t>(x)), set_codes.size() - 1)] != 0;
    }
    bool in_set(const View& x, std::size_t i, Repr item) const { return item == Repr::num ? holds(x.num[i]) : holds(x.code[i]); }
    // For each of n rows: does list `l` hold an item of the set (and is the row valid)?
    void rows_with_item_in_set(const View& l, std::size_t n, Repr list, const std::uint8_t* valid, std::int32_t* found) {
        if (list == Repr::list_code) {
            // Lists of codes hold few items: rather than a loop per row, whose end the processor
            // mispredicts, count the hits over the batch's items, then compare the counts at each
            // row's ends.
            const std::uint32_t base = l.offsets[0], items = l.offsets[n] - base;
            hits_before.resize(items + 1);
            std::uint32_t* before = hits_before.data();
            const std::int32_t* item = l.item_code + base;
            // The running count in a register: `before` may alias the items (int32 and uint32 may).
            std::uint32_t count = 0;
            before[0] = 0;
            if (!l.item_valid) {
                for (std::uint32_t k = 0; k < items; ++k) before[k + 1] = count += holds(item[k]);
            } else {
                const std::uint8_t* item_valid = l.item_valid + base;
                for (std::uint32_t k = 0; k < items; ++k) before[k + 1] = count += item_valid[k] & holds(item[k]);
            }
            const std::uint32_t* offsets = l.offsets;
            for (std::size_t i = 0; i < n; ++i) found[i] = valid[i] & (before[offsets[i + 1] - base] != before[offsets[i] - base]);
            return;
        }
        for (std::size_t i = 0; i < n; ++i) {
            bool hit = false;
            for (std::uint32_t k = l.offsets[i]; k < l.offsets[i + 1] && !hit; ++k) hit = (!l.item_valid || l.item_valid[k]) && holds(l.item_num[k]);
            found[i] = valid[i] & hit;
        }
    }

    View eval(const BatchInput& in, StringPool& pool);

    // The families of operators, each over the n rows of its operands' views.
    void eval_scalar(std::size_t n, const View* a, View x0, View x1, View x2, double* num, std::int32_t* code, std::uint8_t* valid,
                     StringPool& pool);
    void eval_compare(std::size_t n, const View* a, View x0, View x1, View x2, double* num, std::int32_t* code, std::uint8_t* valid,
                      StringPool& pool);
    void eval_call(std::size_t n, const View* a, View x0, View x1, View x2, double* num, std::int32_t* code, std::uint8_t* valid,
                   StringPool& pool);
    void order(View x0, View x1, std::size_t n, StringPool& pool, std::uint8_t* valid, std::int32_t* code) const;
};

}  // namespace cotation
