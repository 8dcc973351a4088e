// evaluate (fast path): lists, table lookups and the functions of the language over a batch.
#include "eval/batch_node.hpp"

#include <cmath>

namespace cotation {

using namespace batch;

// List literals, `table[key]`, function calls.
void BatchExpr::Node::eval_call(std::size_t n, const View* a, const View x0, const View x1, const View x2, double* num, std::int32_t* code,
                            std::uint8_t* valid, StringPool& pool) {
    (void)a, (void)x2, (void)num, (void)code, (void)pool;
    switch (op) {
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
        default: break;
    }
}

}  // namespace cotation
