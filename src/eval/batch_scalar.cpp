// evaluate (fast path): the scalar operators over a batch — negation, Kleene logic, arithmetic,
// the choices (`??`, `if`), `is null`.
#include "eval/batch_node.hpp"

namespace cotation {

using namespace batch;

// Negation, logic, arithmetic, choices, nullness.
void BatchExpr::Node::eval_scalar(std::size_t n, const View* a, const View x0, const View x1, const View x2, double* num, std::int32_t* code,
                            std::uint8_t* valid, StringPool& pool) {
    (void)a, (void)x2, (void)num, (void)code, (void)pool;
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
        default: break;
    }
}

}  // namespace cotation
