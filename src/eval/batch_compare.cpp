// evaluate (fast path): comparisons over a batch — equality, order (numbers, dates, enumerations by
// rank, strings by bytes), membership in a list.
#include "eval/batch_node.hpp"

namespace cotation {

using namespace batch;

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

// Equality, order, membership.
void BatchExpr::Node::eval_compare(std::size_t n, const View* a, const View x0, const View x1, const View x2, double* num, std::int32_t* code,
                            std::uint8_t* valid, StringPool& pool) {
    (void)a, (void)x2, (void)num, (void)code, (void)pool;
    switch (op) {
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
        default: break;
    }
}

}  // namespace cotation
