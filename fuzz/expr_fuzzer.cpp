// libFuzzer target: the expression parser on arbitrary bytes.
// Never crashes; every error has a code and a span inside the text; when the text parses, every
// node of the AST has a non-empty span inside the text that starts on a token (not a space),
// holds its operands' spans, in order and without overlap, and has its operator's arity.
//
// With -DCOTATION_FUZZ_STRICT_SPANS=1 a span must also end on a token. It does not yet: the span
// of a prefix `-`/`not` or of an `if` takes in the spaces after it ("-a + b": "-a "), skipped by
// the postfix/binary operators tried after its operand and not given back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parse/expr.hpp"

namespace {

using cotation::Expr;
using cotation::Op;

[[noreturn]] void fail(std::string_view text, const Expr* e, const char* what) {
    std::fprintf(stderr, "expr_fuzzer: %s\n", what);
    if (e) {
        std::fprintf(stderr, "  node %s span [%u, %u) of %zu bytes: %s\n", std::string(cotation::op_symbol(e->op)).c_str(),
                     e->span.begin, e->span.end, text.size(), cotation::to_sexpr(*e).c_str());
    }
    std::abort();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int arity(Op op) {  // -1: any number
    switch (op) {
        case Op::literal:
        case Op::identifier: return 0;
        case Op::list:
        case Op::call: return -1;
        case Op::negate:
        case Op::logical_not:
        case Op::is_null:
        case Op::is_not_null: return 1;
        case Op::conditional: return 3;
        default: return 2;  // index and the binary operators
    }
}

void check(std::string_view text, const Expr& e, int depth) {
    if (depth > cotation::max_expression_depth) fail(text, &e, "tree deeper than max_expression_depth");
    const auto [begin, end] = e.span;
    if (!(begin < end && end <= text.size())) fail(text, &e, "span empty or outside the text");
    if (is_space(text[begin])) fail(text, &e, "span starts on a space");
#if COTATION_FUZZ_STRICT_SPANS
    if (is_space(text[end - 1])) fail(text, &e, "span ends on a space");
#endif
    const int n = arity(e.op);
    if (n >= 0 && e.args.size() != static_cast<std::size_t>(n)) fail(text, &e, "wrong number of operands");
    if ((e.op == Op::identifier || e.op == Op::call) && e.name.empty()) fail(text, &e, "identifier or call without a name");
    std::uint32_t previous_end = begin;
    for (const Expr& a : e.args) {
        if (a.span.begin < previous_end || a.span.end > end) fail(text, &e, "operand span not nested in order inside its parent");
        previous_end = a.span.end;
        check(text, a, depth + 1);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const cotation::ParseResult result = cotation::parse_expression(text);
    for (const cotation::ParseError& error : result.errors) {
        if (error.code.empty() || error.message.empty()) fail(text, nullptr, "parse error without a code or a message");
        if (error.span.begin > error.span.end || error.span.end > text.size()) fail(text, nullptr, "error span outside the text");
    }
    if (result.ok()) {
        check(text, result.expr, 1);
        (void)cotation::to_sexpr(result.expr);
    }
    return 0;
}
