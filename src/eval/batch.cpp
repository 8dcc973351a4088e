#include "eval/batch.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "check/functions.hpp"
#include "eval/interpreter.hpp"

namespace cotation {

namespace {

// months_between (years: years_between, age) of two calendar dates.
double elapsed(const CivilDate& from, const CivilDate& to, bool years) {
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

}  // namespace

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
    void order(View x0, View x1, std::size_t n, StringPool& pool, std::uint8_t* valid, std::int32_t* code) const;
};

namespace {

struct Builder {
    StringPool& pool;
    std::size_t capacity;
    std::unordered_map<std::string, std::shared_ptr<BatchExpr::Node>>* shared = nullptr;  // the cache's nodes
};

// Sizes the output for n rows of the node's representation.
void prepare(Column& c, Repr repr, std::size_t n) {
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
void fill_constant(Column& c, const Value& value, const Type& type, StringPool& pool, std::size_t n) {
    c.clear();
    c.valid.assign(n, value.is_null() ? 0 : 1);
    c.num.assign(n, 0);
    c.code.assign(n, 0);
    c.offsets.assign(n + 1, 0);
    if (value.is_null()) return;
    if (const bool* b = value.as_bool()) std::fill(c.code.begin(), c.code.end(), *b ? 1 : 0);
    else if (const double* d = value.as_number()) std::fill(c.num.begin(), c.num.end(), *d);
    else if (const Date* t = value.as_date()) std::fill(c.code.begin(), c.code.end(), t->days);
    else if (const std::string* s = value.as_string()) std::fill(c.code.begin(), c.code.end(), pool.intern(*s));
    else if (const List* l = value.as_list()) {
        const bool numeric = type.kind == TypeKind::list && is_numeric_kind(type.element);
        bool any_null = false;
        for (std::size_t r = 0; r < n; ++r) {
            c.offsets[r] = static_cast<std::uint32_t>(numeric ? c.item_num.size() : c.item_code.size());
            for (const Value& item : *l) {
                if (item.is_null()) any_null = true;
                if (numeric) c.item_num.push_back(item.as_number() ? *item.as_number() : 0);
                else c.item_code.push_back(item.as_string() ? pool.intern(*item.as_string()) : 0);
            }
        }
        c.offsets[n] = static_cast<std::uint32_t>(numeric ? c.item_num.size() : c.item_code.size());
        if (any_null) {
            for (std::size_t r = 0; r < n; ++r)
                for (const Value& item : *l) c.item_valid.push_back(item.is_null() ? 0 : 1);
        }
    }
}

bool item_ok(const View& v, std::uint32_t i) { return !v.item_valid || v.item_valid[i]; }

// Equality of two values of comparable types, as the reference's equal_values.
bool equal_at(const View& a, std::size_t i, Repr ra, const View& b, std::size_t j, Repr rb) {
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
bool list_holds(const View& l, std::size_t i, Repr rl, const View& x, std::size_t j) {
    for (std::uint32_t k = l.offsets[i]; k < l.offsets[i + 1]; ++k) {
        if (!item_ok(l, k)) continue;
        if (rl == Repr::list_num ? l.item_num[k] == x.num[j] : l.item_code[k] == x.code[j]) return true;
    }
    return false;
}

}  // namespace

// Ordering comparisons (<, <=, >, >=). The views come by value: an argument view whose address
// escapes (a reference to it, or a lambda GCC does not inline) must be read again after every byte
// stored, and no loop reading it vectorizes any more.
void BatchExpr::Node::order(const View x0, const View x1, std::size_t n, StringPool& pool, std::uint8_t* valid, std::int32_t* code) const {
    const Type& t = args[0]->type.kind == TypeKind::null ? args[1]->type : args[0]->type;
    const bool numeric = repr_of(t) == Repr::num;
    const bool textual = t.kind == TypeKind::string || t.kind == TypeKind::enumeration;
    if (!textual || !enum_ranks.empty()) {  // numbers, dates, booleans, enumerations: one flat loop per operator
        const std::uint8_t *valid0 = x0.valid, *valid1 = x1.valid;
        const auto compare = [&](auto less_than) {
            for (std::size_t i = 0; i < n; ++i) {
                valid[i] = valid0[i] & valid1[i];
                code[i] = valid[i] & static_cast<std::uint8_t>(less_than(i));
            }
        };
        const auto typed = [&](auto x, auto y) {
            switch (op) {
                case Op::less: compare([&](std::size_t i) { return x[i] < y[i]; }); break;
                case Op::less_equal: compare([&](std::size_t i) { return x[i] <= y[i]; }); break;
                case Op::greater: compare([&](std::size_t i) { return x[i] > y[i]; }); break;
                default: compare([&](std::size_t i) { return x[i] >= y[i]; }); break;
            }
        };
        if (numeric) typed(x0.num, x1.num);
        else if (!enum_ranks.empty()) typed(EnumRanks{x0.code, enum_ranks}, EnumRanks{x1.code, enum_ranks});
        else typed(x0.code, x1.code);
        return;
    }
    // Strings: the order of their bytes.
    for (std::size_t i = 0; i < n; ++i) {
        valid[i] = x0.valid[i] & x1.valid[i];
        const int c = valid[i] ? pool.text(x0.code[i]).compare(pool.text(x1.code[i])) : 0;
        code[i] = valid[i] & (op == Op::less ? c < 0 : op == Op::less_equal ? c <= 0 : op == Op::greater ? c > 0 : c >= 0);
    }
}

View BatchExpr::Node::eval(const BatchInput& in, StringPool& pool) {
    if (constant) return view_of(out, 0);
    const std::size_t n = in.rows;
    if (op == Op::identifier) {
        if (ref == RefKind::field || ref == RefKind::derived) return (*in.slots)[static_cast<std::size_t>(slot)];
        throw std::logic_error("batch programs read the record's own fields only (plan the expression first)");
    }
    if (in.epoch != 0 && epoch == in.epoch) return view_of(out, 0);  // shared, and already computed for these rows
    epoch = in.epoch;
    arg_views.resize(args.size());
    for (std::size_t k = 0; k < args.size(); ++k) arg_views[k] = args[k]->eval(in, pool);
    prepare(out, repr, n);
    if (type.kind == TypeKind::null) {  // always null, read by consumers of any type: every array exists
        out.num.assign(n, 0);
        out.code.assign(n, 0);
        out.offsets.assign(n + 1, 0);
    }
    double* num = out.num.data();
    std::int32_t* code = out.code.data();
    std::uint8_t* valid = out.valid.data();
    const View* a = arg_views.data();
    // The arguments' views as locals: the compiler then knows that writing the output (bytes, which
    // may alias anything) leaves their pointers unchanged, and keeps them in registers.
    const View x0 = args.size() > 0 ? a[0] : View{}, x1 = args.size() > 1 ? a[1] : View{}, x2 = args.size() > 2 ? a[2] : View{};
    switch (op) {
        case Op::negate:
            for (std::size_t i = 0; i < n; ++i) {
                num[i] = -x0.num[i];
                valid[i] = x0.valid[i];
            }
            break;
        case Op::logical_not:
            for (std::size_t i = 0; i < n; ++i) {
                code[i] = !x0.code[i];
                valid[i] = x0.valid[i];
            }
            break;
        // Kleene logic without branches: t = known true, f = known false.
        case Op::logical_and:
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint8_t ta = x0.valid[i] & (x0.code[i] != 0), fa = x0.valid[i] & (x0.code[i] == 0);
                const std::uint8_t tb = x1.valid[i] & (x1.code[i] != 0), fb = x1.valid[i] & (x1.code[i] == 0);
                code[i] = ta & tb;
                valid[i] = fa | fb | (ta & tb);
            }
            break;
        case Op::logical_or:
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint8_t ta = x0.valid[i] & (x0.code[i] != 0), fa = x0.valid[i] & (x0.code[i] == 0);
                const std::uint8_t tb = x1.valid[i] & (x1.code[i] != 0), fb = x1.valid[i] & (x1.code[i] == 0);
                code[i] = ta | tb;
                valid[i] = ta | tb | (fa & fb);
            }
            break;
        case Op::add:
            for (std::size_t i = 0; i < n; ++i) {
                num[i] = x0.num[i] + x1.num[i];
                valid[i] = x0.valid[i] & x1.valid[i];
            }
            break;
        case Op::subtract:
            for (std::size_t i = 0; i < n; ++i) {
                num[i] = x0.num[i] - x1.num[i];
                valid[i] = x0.valid[i] & x1.valid[i];
            }
            break;
        case Op::multiply:
            for (std::size_t i = 0; i < n; ++i) {
                num[i] = x0.num[i] * x1.num[i];
                valid[i] = x0.valid[i] & x1.valid[i];
            }
            break;
        case Op::divide:
            for (std::size_t i = 0; i < n; ++i) {
                const double d = x1.num[i];
                const double q = x0.num[i] / (d == 0 ? 1.0 : d);  // no division by 0: the loop vectorizes
                num[i] = d == 0 ? 0 : q;
                valid[i] = x0.valid[i] & x1.valid[i] & (d != 0);
            }
            break;
        case Op::coalesce:
        case Op::conditional: {
            // Row by row: which argument's value the row takes.
            const bool conditional = op == Op::conditional;
            const View& x = conditional ? x1 : x0;
            const View& y = conditional ? x2 : x1;
            std::uint32_t items = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const bool first = conditional ? (x0.valid[i] && x0.code[i]) : x0.valid[i] != 0;
                const View& src = first ? x : y;
                valid[i] = src.valid[i];
                if (repr == Repr::num) num[i] = src.num[i];
                else if (repr == Repr::code) code[i] = src.code[i];
                else {
                    out.offsets[i] = items;
                    for (std::uint32_t k = src.offsets[i]; k < src.offsets[i + 1]; ++k, ++items) {
                        if (repr == Repr::list_num) out.item_num.push_back(src.item_num[k]);
                        else out.item_code.push_back(src.item_code[k]);
                        out.item_valid.push_back(item_ok(src, k));
                    }
                }
            }
            if (repr == Repr::list_num || repr == Repr::list_code) out.offsets[n] = items;
            break;
        }
        case Op::equal:
        case Op::not_equal: {
            const Repr r = repr_of(args[0]->type.kind == TypeKind::null ? args[1]->type : args[0]->type);
            const bool want = op == Op::equal;
            if (r == Repr::num || r == Repr::code) {  // scalars: one flat loop, no test per row
                if (r == Repr::num) {
                    for (std::size_t i = 0; i < n; ++i) {
                        valid[i] = x0.valid[i] & x1.valid[i];
                        code[i] = valid[i] & static_cast<std::uint8_t>((x0.num[i] == x1.num[i]) == want);
                    }
                } else {
                    for (std::size_t i = 0; i < n; ++i) {
                        valid[i] = x0.valid[i] & x1.valid[i];
                        code[i] = valid[i] & static_cast<std::uint8_t>((x0.code[i] == x1.code[i]) == want);
                    }
                }
                break;
            }
            for (std::size_t i = 0; i < n; ++i) {
                valid[i] = x0.valid[i] & x1.valid[i];
                code[i] = valid[i] ? (equal_at(x0, i, r, x1, i, r) == want) : 0;
            }
            break;
        }
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal:
            order(x0, x1, n, pool, valid, code);
            break;
        case Op::in:
        case Op::not_in: {
            const Repr rl = repr_of(args[1]->type.kind == TypeKind::list ? args[1]->type : Type::list_of(TypeKind::string));
            const bool want = op == Op::in;
            if (set_probe == 0) {
                const Repr item = rl == Repr::list_num ? Repr::num : Repr::code;
                for (std::size_t i = 0; i < n; ++i) {
                    valid[i] = x0.valid[i] & x1.valid[i];
                    code[i] = valid[i] ? (in_set(x0, i, item) == want) : 0;
                }
                break;
            }
            for (std::size_t i = 0; i < n; ++i) {
                valid[i] = x0.valid[i] & x1.valid[i];
                code[i] = valid[i] ? (list_holds(x1, i, rl, x0, i) == want) : 0;
            }
            break;
        }
        case Op::is_null:
            for (std::size_t i = 0; i < n; ++i) {
                code[i] = !x0.valid[i];
                valid[i] = 1;
            }
            break;
        case Op::is_not_null:
            for (std::size_t i = 0; i < n; ++i) {
                code[i] = x0.valid[i] != 0;
                valid[i] = 1;
            }
            break;
        case Op::list: {
            const bool numeric = repr == Repr::list_num;
            std::uint32_t items = 0;
            bool any_null = false;
            for (std::size_t i = 0; i < n; ++i) {
                out.offsets[i] = items;
                valid[i] = 1;
                for (std::size_t k = 0; k < args.size(); ++k, ++items) {
                    const bool ok = a[k].valid[i] != 0;
                    any_null = any_null || !ok;
                    if (numeric) out.item_num.push_back(ok ? a[k].num[i] : 0);
                    else out.item_code.push_back(ok ? a[k].code[i] : 0);
                    out.item_valid.push_back(ok);
                }
            }
            out.offsets[n] = items;
            if (!any_null) out.item_valid.clear();
            break;
        }
        case Op::index: {
            const bool numeric_key = repr_of(args[1]->type) == Repr::num;
            for (std::size_t i = 0; i < n; ++i) {
                valid[i] = 0;
                num[i] = 0;
                if (!x1.valid[i]) continue;
                if (numeric_key) {
                    const double k = x1.num[i];
                    auto it = std::lower_bound(numeric_keys.begin(), numeric_keys.end(), k,
                                               [](const auto& e, double x) { return e.first < x; });
                    if (it != numeric_keys.end() && it->first == k) {
                        num[i] = it->second;
                        valid[i] = 1;
                    }
                } else if (auto it = code_keys.find(x1.code[i]); it != code_keys.end()) {
                    num[i] = it->second;
                    valid[i] = 1;
                }
            }
            break;
        }
        case Op::call: {
            const Function f = function;
            if (f == Function::coalesce) {
                std::uint32_t items = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    std::size_t k = 0;
                    while (k + 1 < args.size() && !a[k].valid[i]) ++k;
                    valid[i] = a[k].valid[i];
                    if (repr == Repr::num) num[i] = a[k].num[i];
                    else if (repr == Repr::code) code[i] = a[k].code[i];
                    else {
                        out.offsets[i] = items;
                        for (std::uint32_t m = a[k].offsets[i]; m < a[k].offsets[i + 1]; ++m, ++items) {
                            if (repr == Repr::list_num) out.item_num.push_back(a[k].item_num[m]);
                            else out.item_code.push_back(a[k].item_code[m]);
                            out.item_valid.push_back(item_ok(a[k], m));
                        }
                    }
                }
                if (repr == Repr::list_num || repr == Repr::list_code) out.offsets[n] = items;
                break;
            }
            // Every other function gives null when an argument is null.
            const std::size_t arity = args.size();
            if (arity == 1) {
                for (std::size_t i = 0; i < n; ++i) valid[i] = x0.valid[i];
            } else if (arity == 2) {
                for (std::size_t i = 0; i < n; ++i) valid[i] = x0.valid[i] & x1.valid[i];
            } else if (arity == 3) {
                for (std::size_t i = 0; i < n; ++i) valid[i] = x0.valid[i] & x1.valid[i] & x2.valid[i];
            } else {
                for (std::size_t i = 0; i < n; ++i) {
                    std::uint8_t v = 1;
                    for (std::size_t k = 0; k < arity; ++k) v &= a[k].valid[i];
                    valid[i] = v;
                }
            }
            if (f == Function::min || f == Function::max) {
                const bool is_min = f == Function::min;
                if (repr == Repr::num) {
                    for (std::size_t i = 0; i < n; ++i) {
                        double best = x0.num[i];
                        for (std::size_t k = 1; k < args.size(); ++k)
                            if (is_min ? a[k].num[i] < best : a[k].num[i] > best) best = a[k].num[i];
                        num[i] = best;
                    }
                } else {
                    for (std::size_t i = 0; i < n; ++i) {
                        std::int32_t best = x0.code[i];
                        for (std::size_t k = 1; k < args.size(); ++k)
                            if (is_min ? a[k].code[i] < best : a[k].code[i] > best) best = a[k].code[i];
                        code[i] = best;
                    }
                }
            } else if (f == Function::abs) {
                for (std::size_t i = 0; i < n; ++i) num[i] = std::fabs(x0.num[i]);
            } else if (f == Function::floor) {
                for (std::size_t i = 0; i < n; ++i) num[i] = std::floor(x0.num[i]);
            } else if (f == Function::ceil) {
                for (std::size_t i = 0; i < n; ++i) num[i] = std::ceil(x0.num[i]);
            } else if (f == Function::round) {
                for (std::size_t i = 0; i < n; ++i)
                    num[i] = valid[i] ? round_half_away(x0.num[i], args.size() == 2 ? static_cast<int>(x1.num[i]) : 0) : 0;
            } else if (f == Function::clamp) {
                for (std::size_t i = 0; i < n; ++i) num[i] = std::min(std::max(x0.num[i], x1.num[i]), x2.num[i]);
            } else if (f == Function::days_between) {
                for (std::size_t i = 0; i < n; ++i) num[i] = static_cast<double>(x1.code[i] - x0.code[i]);
            } else if (f == Function::months_between || f == Function::years_between) {
                const bool years = f == Function::years_between;
                if (!elapsed_table.empty()) {  // a constant end: most rows read their answer
                    const std::int32_t* table = elapsed_table.data();
                    const std::size_t size = elapsed_table.size();
                    const CivilDate end = civil_from_date(elapsed_end);
                    for (std::size_t i = 0; i < n; ++i) {
                        const auto at = static_cast<std::uint64_t>(std::int64_t{x0.code[i]} - elapsed_first);  // wraps below the range
                        num[i] = !valid[i] ? 0 : at < size ? static_cast<double>(table[at]) : elapsed(civil_from_date(Date{x0.code[i]}), end, years);
                    }
                    break;
                }
                for (std::size_t i = 0; i < n; ++i)
                    num[i] = valid[i] ? elapsed(civil_from_date(Date{x0.code[i]}), civil_from_date(Date{x1.code[i]}), years) : 0;
            } else if (f == Function::count) {
                for (std::size_t i = 0; i < n; ++i) num[i] = valid[i] ? static_cast<double>(x0.offsets[i + 1] - x0.offsets[i]) : 0;
            } else if (f == Function::first) {
                const bool numeric = repr == Repr::num;
                for (std::size_t i = 0; i < n; ++i) {
                    if (!valid[i] || x0.offsets[i + 1] == x0.offsets[i]) {
                        valid[i] = 0;
                        if (numeric) num[i] = 0;
                        else code[i] = 0;
                        continue;
                    }
                    const std::uint32_t k = x0.offsets[i];
                    valid[i] = item_ok(x0, k);
                    if (numeric) num[i] = x0.item_num[k];
                    else code[i] = x0.item_code[k];
                }
            } else if (f == Function::contains) {
                const Repr rl = repr_of(args[0]->type);
                if (set_probe == 1) {
                    const Repr item = rl == Repr::list_num ? Repr::num : Repr::code;
                    for (std::size_t i = 0; i < n; ++i) code[i] = valid[i] ? in_set(x1, i, item) : 0;
                } else if (set_probe == 0) {
                    rows_with_item_in_set(x0, n, rl, valid, code);
                } else {
                    for (std::size_t i = 0; i < n; ++i) code[i] = valid[i] ? list_holds(x0, i, rl, x1, i) : 0;
                }
            } else if (f == Function::any_in) {
                const Repr r0 = repr_of(args[0]->type), r1 = repr_of(args[1]->type);
                if (set_probe >= 0) {
                    const auto k = static_cast<std::size_t>(set_probe);
                    const Repr probed = k == 0 ? r0 : r1;
                    rows_with_item_in_set(a[k], n, probed, valid, code);
                    break;
                }
                for (std::size_t i = 0; i < n; ++i) {
                    bool found = false;
                    if (valid[i]) {
                        for (std::uint32_t k = x0.offsets[i]; k < x0.offsets[i + 1] && !found; ++k) {
                            if (!item_ok(x0, k)) continue;
                            for (std::uint32_t m = x1.offsets[i]; m < x1.offsets[i + 1] && !found; ++m) {
                                if (!item_ok(x1, m)) continue;
                                found = r0 == Repr::list_num ? (r1 == Repr::list_num && x0.item_num[k] == x1.item_num[m])
                                                             : (r1 == Repr::list_code && x0.item_code[k] == x1.item_code[m]);
                            }
                        }
                    }
                    code[i] = found;
                }
            } else {
                throw std::logic_error("unknown function in a batch program: " + std::string(function_info(f).name));
            }
            break;
        }
        case Op::literal:
        case Op::identifier:
            break;
    }
    return view_of(out, 0);
}

namespace {

// A constant's kind and value, unambiguous: each item of a list on its own, a table by identity.
std::string literal_key(const Value& v) {
    std::string key = std::to_string(v.data.index()) + ':';
    if (const List* items = v.as_list()) {
        key += '[';
        for (const Value& item : *items) key += literal_key(item) + ',';
        return key + ']';
    }
    if (const Table* table = v.as_table()) return key + std::to_string(reinterpret_cast<std::uintptr_t>(table));
    const std::string text = format_value(v);
    return key + std::to_string(text.size()) + ':' + text;
}

// What makes two subexpressions the same computation: operation, names, slots, types, literals.
std::string structure_of(const Expr& e) {
    std::string key = std::to_string(static_cast<int>(e.op)) + ':' + e.name + ':' + std::to_string(static_cast<int>(e.function)) + ':' + std::to_string(static_cast<int>(e.ref)) + ':' +
                      std::to_string(e.slot) + ':' + type_name(e.type);
    if (e.op == Op::literal) key += ':' + literal_key(e.literal);
    key += '(';
    for (const Expr& a : e.args) key += structure_of(a) + ',';
    return key + ')';
}

std::shared_ptr<BatchExpr::Node> build_node(const Expr& e, const Builder& b);

std::shared_ptr<BatchExpr::Node> build(const Expr& e, const Builder& b) {
    if (!b.shared) return build_node(e, b);
    std::string key = structure_of(e);
    if (auto it = b.shared->find(key); it != b.shared->end()) return it->second;
    auto node = build_node(e, b);
    b.shared->emplace(std::move(key), node);
    return node;
}

std::shared_ptr<BatchExpr::Node> build_node(const Expr& e, const Builder& b) {
    auto node = std::make_shared<BatchExpr::Node>();
    node->op = e.op;
    node->type = e.type;
    node->repr = repr_of(e.type);
    node->function = e.function;
    node->ref = e.ref;
    node->slot = e.slot;
    for (const Expr& a : e.args) node->args.push_back(build(a, b));
    if (e.op == Op::literal) {
        if (const Table* table = e.literal.as_table()) node->table = std::get<std::shared_ptr<const Table>>(e.literal.data);
        else fill_constant(node->out, e.literal, e.type, b.pool, b.capacity);
        node->constant = true;
        return node;
    }
    if (e.op == Op::identifier) {
        if (e.ref != RefKind::field && e.ref != RefKind::derived)
            throw std::logic_error("batch programs read the record's own fields only (plan the expression first)");
        return node;
    }
    if (e.op == Op::call && e.function == Function::age) throw std::logic_error("batch programs run planned expressions: age is planned away");
    if (e.op == Op::index) {
        node->table = node->args[0]->table;
        if (node->table) {
            for (const auto& [key, value] : node->table->entries) {
                char* end = nullptr;
                const double k = std::strtod(key.c_str(), &end);
                if (end && *end == '\0' && !key.empty()) node->numeric_keys.emplace_back(k, value);
                node->code_keys.emplace(b.pool.intern(key), value);
            }
            std::sort(node->numeric_keys.begin(), node->numeric_keys.end());
        }
    }
    if (e.op == Op::less || e.op == Op::less_equal || e.op == Op::greater || e.op == Op::greater_equal) {
        for (const auto& a : node->args)
            if (a->type.kind == TypeKind::enumeration && a->type.enum_values) {
                const std::vector<std::string>& values = *a->type.enum_values;
                const auto unranked = static_cast<std::int32_t>(values.size());
                std::vector<std::int32_t> codes;
                for (const std::string& v : values) codes.push_back(b.pool.intern(v));
                node->enum_ranks.assign(static_cast<std::size_t>(*std::max_element(codes.begin(), codes.end())) + 2, unranked);
                for (std::size_t k = codes.size(); k-- > 0;) node->enum_ranks[static_cast<std::size_t>(codes[k])] = static_cast<std::int32_t>(k);
                break;
            }
    }
    // Membership in a constant that is set: its items once, as a set (see Node::set_probe).
    if (node->args.size() == 2 && node->args[0]->constant != node->args[1]->constant) {
        const std::size_t fixed = node->args[0]->constant ? 0 : 1;
        const BatchExpr::Node& constant = *node->args[fixed];
        const bool is_list = constant.type.kind == TypeKind::list;
        const bool is_call = e.op == Op::call;
        // Which argument is probed, for each form the set serves.
        int probe = -1;
        if ((e.op == Op::in || e.op == Op::not_in) && fixed == 1 && is_list) probe = 0;
        if (is_call && e.function == Function::contains && fixed == 0 && is_list) probe = 1;
        if (is_call && e.function == Function::contains && fixed == 1 && !is_list) probe = 0;
        if (is_call && e.function == Function::any_in && is_list && repr_of(node->args[0]->type) == repr_of(node->args[1]->type))
            probe = static_cast<int>(1 - fixed);
        if (probe >= 0 && !constant.out.valid.empty() && constant.out.valid[0]) {
            const Column& c = constant.out;
            const bool numeric = is_list ? repr_of(constant.type) == Repr::list_num : repr_of(constant.type) == Repr::num;
            const auto add_code = [&](std::int32_t code) {
                const auto at = static_cast<std::size_t>(code);
                if (at >= node->set_codes.size()) node->set_codes.resize(at + 1, 0);
                node->set_codes[at] = 1;
            };
            if (!is_list) {
                if (numeric) node->set_numbers.push_back(c.num[0]);
                else add_code(c.code[0]);
            } else {
                for (std::uint32_t k = c.offsets[0]; k < c.offsets[1]; ++k) {
                    if (!c.item_valid.empty() && !c.item_valid[k]) continue;
                    if (numeric) node->set_numbers.push_back(c.item_num[k]);
                    else add_code(c.item_code[k]);
                }
            }
            node->set_codes.push_back(0);  // every code past the others
            std::sort(node->set_numbers.begin(), node->set_numbers.end());
            node->set_probe = probe;
        }
    }
    if (e.op == Op::call && (e.function == Function::months_between || e.function == Function::years_between)) {
        const BatchExpr::Node& end = *node->args[1];
        if (end.constant && end.out.valid[0]) {  // a constant end: the answers of 1900-2099 in a table
            node->elapsed_end = Date{end.out.code[0]};
            node->elapsed_first = date_from_civil(1900, 1, 1).days;
            const CivilDate to = civil_from_date(node->elapsed_end);
            const bool years = e.function == Function::years_between;
            node->elapsed_table.resize(static_cast<std::size_t>(date_from_civil(2100, 1, 1).days - node->elapsed_first));
            for (std::size_t k = 0; k < node->elapsed_table.size(); ++k)
                node->elapsed_table[k] = static_cast<std::int32_t>(elapsed(civil_from_date(Date{node->elapsed_first + static_cast<std::int32_t>(k)}), to, years));
        }
    }
    return node;
}

}  // namespace

struct BatchCache::Nodes {
    std::unordered_map<std::string, std::shared_ptr<BatchExpr::Node>> by_structure;
};
BatchCache::BatchCache() : nodes_(std::make_unique<Nodes>()) {}
BatchCache::~BatchCache() = default;

BatchExpr::BatchExpr(const Expr& expr, StringPool& pool, std::size_t capacity, BatchCache* cache)
    // The root is the program's own: callers keep its view (a derived field's column) while other
    // programs run over other rows, which would overwrite a shared node's output.
    : root_(build_node(expr, Builder{pool, capacity, cache ? &cache->nodes_->by_structure : nullptr})), pool_(&pool) {}
BatchExpr::~BatchExpr() = default;
BatchExpr::BatchExpr(BatchExpr&&) noexcept = default;
BatchExpr& BatchExpr::operator=(BatchExpr&&) noexcept = default;

View BatchExpr::run(const BatchInput& input) { return root_->eval(input, *pool_); }
const Type& BatchExpr::type() const { return root_->type; }

Value value_at(const View& v, std::size_t row, const Type& type, const StringPool& pool) {
    if (!v.valid[row]) return Value();
    switch (type.kind) {
        case TypeKind::boolean: return Value(v.code[row] != 0);
        case TypeKind::integer:
        case TypeKind::number: return Value(v.num[row]);
        case TypeKind::date: return Value(Date{v.code[row]});
        case TypeKind::string:
        case TypeKind::enumeration: return Value(std::string(pool.text(v.code[row])));
        case TypeKind::list: {
            List items;
            const bool numeric = is_numeric_kind(type.element);
            for (std::uint32_t k = v.offsets[row]; k < v.offsets[row + 1]; ++k) {
                if (!item_ok(v, k)) items.emplace_back();
                else if (numeric) items.emplace_back(v.item_num[k]);
                else items.emplace_back(std::string(pool.text(v.item_code[k])));
            }
            return Value(std::move(items));
        }
        default: return Value();
    }
}

void append_value(Column& c, const Value& value, const Type& type, StringPool& pool) {
    c.valid.push_back(value.is_null() ? 0 : 1);
    switch (repr_of(type)) {
        case Repr::num: c.num.push_back(value.as_number() ? *value.as_number() : 0); break;
        case Repr::code: {
            std::int32_t code = 0;
            if (const bool* b = value.as_bool()) code = *b;
            else if (const Date* d = value.as_date()) code = d->days;
            else if (const std::string* s = value.as_string()) code = pool.intern(*s);
            c.code.push_back(code);
            break;
        }
        case Repr::list_num:
        case Repr::list_code: {
            const bool numeric = repr_of(type) == Repr::list_num;
            if (c.offsets.empty()) c.offsets.push_back(0);
            if (const List* l = value.as_list()) {
                for (const Value& item : *l) {
                    if (numeric) c.item_num.push_back(item.as_number() ? *item.as_number() : 0);
                    else c.item_code.push_back(item.as_string() ? pool.intern(*item.as_string()) : 0);
                }
            }
            c.offsets.push_back(static_cast<std::uint32_t>(numeric ? c.item_num.size() : c.item_code.size()));
            break;
        }
    }
}

}  // namespace cotation
