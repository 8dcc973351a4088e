// The expression grammar (Boost.Spirit X3). Nothing of X3 leaves this file: it is the slowest
// translation unit of the project to compile, and only `parse_expression` is visible outside.
#include <boost/spirit/home/x3.hpp>

#include <charconv>
#include <functional>

#include "parse/expr.hpp"

namespace cotation {
namespace {

namespace x3 = boost::spirit::x3;
using Iterator = const char*;

// Parser state reachable from semantic actions through the context.
struct State {
    Iterator base = nullptr;
    Span range;  // what the last `spanned[...]` matched, for the action that follows it
    std::vector<ParseError> errors;
};
struct state_tag;

template <typename Context>
State& state(const Context& ctx) {
    return x3::get<state_tag>(ctx).get();
}

// The text matched by the `spanned[...]` that an action is attached to.
template <typename Context>
Span where(const Context& ctx) {
    return state(ctx).range;
}

// spanned[p]: parses p, then records the bytes it matched (after skipping spaces) in the state.
// (X3's own `_where` does not give the matched range in actions, so spans are kept here.)
template <typename Subject>
struct span_directive : x3::unary_parser<Subject, span_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, span_directive<Subject>>;
    static const bool is_pass_through_unary = true;
    static const bool handles_container = Subject::handles_container;
    constexpr span_directive(const Subject& subject) : base_type(subject) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, const It& last, const Ctx& ctx, RCtx& rctx, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        const It save = first;
        if (!this->subject.parse(first, last, ctx, rctx, attr)) return false;
        State& st = state(ctx);
        st.range = Span{static_cast<std::uint32_t>(save - st.base), static_cast<std::uint32_t>(first - st.base)};
        return true;
    }
};

struct span_gen {
    template <typename Subject>
    constexpr span_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](const Subject& subject) const {
        return {x3::as_parser(subject)};
    }
};
constexpr span_gen spanned{};

Expr node(Op op, Span span, std::vector<Expr> args = {}) {
    Expr e;
    e.op = op;
    e.span = span;
    e.args = std::move(args);
    return e;
}

Expr binary(Op op, Expr lhs, Expr rhs) {
    const Span span{lhs.span.begin, rhs.span.end};
    std::vector<Expr> args;
    args.reserve(2);
    args.push_back(std::move(lhs));
    args.push_back(std::move(rhs));
    return node(op, span, std::move(args));
}

// --- semantic actions -------------------------------------------------------------------------

auto assign = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };

auto make_binary(Op op) {
    return [op](auto& ctx) { x3::_val(ctx) = binary(op, std::move(x3::_val(ctx)), std::move(x3::_attr(ctx))); };
}

auto make_prefix(Op op) {
    return [op](auto& ctx) {
        // From the operator to the operand's end: what `spanned` matched may end with the spaces
        // that a failed attempt at a longer expression skipped.
        const Span span{where(ctx).begin, x3::_attr(ctx).span.end};
        std::vector<Expr> args;
        args.push_back(std::move(x3::_attr(ctx)));
        x3::_val(ctx) = node(op, span, std::move(args));
    };
}

auto make_postfix(Op op) {  // `is null`, `is not null`: the operand is _val
    return [op](auto& ctx) {
        Span span{x3::_val(ctx).span.begin, where(ctx).end};
        std::vector<Expr> args;
        args.push_back(std::move(x3::_val(ctx)));
        x3::_val(ctx) = node(op, span, std::move(args));
    };
}

auto chained_comparison = [](auto& ctx) {
    const auto& range = x3::_attr(ctx);
    const Iterator base = state(ctx).base;
    const Span span{static_cast<std::uint32_t>(&*range.begin() - base), static_cast<std::uint32_t>(&*range.begin() - base + (range.end() - range.begin()))};
    state(ctx).errors.push_back(ParseError{
        span, "E0203", "comparisons cannot be chained",
        "write `a < b and b < c`: each comparison gives a bool, and a bool is not compared again"});
};

auto make_if = [](auto& ctx) {
    auto& seq = x3::_attr(ctx);
    const Span span{where(ctx).begin, boost::fusion::at_c<2>(seq).span.end};  // not the spaces after (see make_prefix)
    std::vector<Expr> args;
    args.push_back(std::move(boost::fusion::at_c<0>(seq)));
    args.push_back(std::move(boost::fusion::at_c<1>(seq)));
    args.push_back(std::move(boost::fusion::at_c<2>(seq)));
    x3::_val(ctx) = node(Op::conditional, span, std::move(args));
};

auto make_index = [](auto& ctx) {
    Span span{x3::_val(ctx).span.begin, where(ctx).end};
    std::vector<Expr> args;
    args.push_back(std::move(x3::_val(ctx)));
    args.push_back(std::move(x3::_attr(ctx)));
    x3::_val(ctx) = node(Op::index, span, std::move(args));
};

auto make_number = [](auto& ctx) {
    const auto& range = x3::_attr(ctx);
    std::string_view text(&*range.begin(), static_cast<std::size_t>(range.end() - range.begin()));
    const bool percent = !text.empty() && text.back() == '%';
    if (percent) text.remove_suffix(1);
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    Expr e = node(Op::literal, where(ctx));
    e.literal = Value(percent ? value / 100 : value);
    e.type = Type::of(percent || text.find('.') != std::string_view::npos ? TypeKind::number : TypeKind::integer);
    x3::_val(ctx) = std::move(e);
};

auto make_string = [](auto& ctx) {
    Expr e = node(Op::literal, where(ctx));
    e.literal = Value(std::string(x3::_attr(ctx)));
    e.type = Type::of(TypeKind::string);
    x3::_val(ctx) = std::move(e);
};

auto make_constant(Value value, TypeKind kind) {
    return [value, kind](auto& ctx) {
        Expr e = node(Op::literal, where(ctx));
        e.literal = value;
        e.type = Type::of(kind);
        x3::_val(ctx) = std::move(e);
    };
}

auto make_identifier = [](auto& ctx) {
    Expr e = node(Op::identifier, where(ctx));
    e.name = x3::_attr(ctx);
    x3::_val(ctx) = std::move(e);
};

auto make_call = [](auto& ctx) {
    auto& seq = x3::_attr(ctx);
    Expr e = node(Op::call, where(ctx));
    e.name = std::move(boost::fusion::at_c<0>(seq));
    if (auto& args = boost::fusion::at_c<1>(seq)) e.args = std::move(*args);
    x3::_val(ctx) = std::move(e);
};

auto make_list = [](auto& ctx) {
    Expr e = node(Op::list, where(ctx));
    if (auto& items = x3::_attr(ctx)) e.args = std::move(*items);
    x3::_val(ctx) = std::move(e);
};

auto make_group = [](auto& ctx) {  // `( e )`: the span grows to the parentheses
    Expr e = std::move(x3::_attr(ctx));
    e.span = where(ctx);
    x3::_val(ctx) = std::move(e);
};

// --- lexical parsers --------------------------------------------------------------------------

// Character classes spelt out: X3's own (alnum, space...) classify with the C library, which is
// undefined for bytes above 127, and an expression may hold any byte.
const auto ascii_digit = x3::char_('0', '9');
const auto ascii_alpha = x3::char_('a', 'z') | x3::char_('A', 'Z');
const auto word_char = ascii_alpha | ascii_digit | x3::char_('_');
const auto blanks = x3::char_(" \t\r\n\f\v");
auto kw(const char* word) { return x3::lexeme[x3::lit(word) >> !word_char]; }

const auto keyword = kw("and") | kw("or") | kw("not") | kw("in") | kw("is") | kw("if") | kw("then") |
                     kw("else") | kw("true") | kw("false") | kw("null");

const x3::rule<class name_id, std::string> name = "identifier";
const auto name_def = x3::lexeme[(ascii_alpha | x3::char_('_')) >> *word_char];

const x3::rule<class qualified_name_id, std::string> qualified_name = "identifier";
const auto qualified_name_def = !keyword >> x3::lexeme[name >> -(x3::char_('.') > name)];

const x3::rule<class escape_id, char> escaped_char = "an escape: \\\" \\' or \\\\";
const auto escaped_char_def = x3::char_("\"'\\");

const x3::rule<class dq_close_id> dq_close = "closing '\"'";
const auto dq_close_def = x3::lit('"');
const x3::rule<class sq_close_id> sq_close = "closing \"'\"";
const auto sq_close_def = x3::lit('\'');

const x3::rule<class string_body_id, std::string> string_text = "string";
const auto string_text_def = x3::lexeme[
    ('"' >> *(('\\' > escaped_char) | (x3::char_ - '"' - '\\')) > dq_close) |
    ('\'' >> *(('\\' > escaped_char) | (x3::char_ - '\'' - '\\')) > sq_close)];

const auto number_text = x3::raw[x3::lexeme[+ascii_digit >> -('.' >> +ascii_digit) >> -x3::char_('%')]];

// --- the grammar, lowest precedence first ------------------------------------------------------

const x3::rule<class expr_id, Expr> expr = "expression";
const x3::rule<class or_id, Expr> or_expr = "expression";
const x3::rule<class and_id, Expr> and_expr = "expression";
const x3::rule<class not_id, Expr> not_expr = "expression";
const x3::rule<class cmp_id, Expr> cmp_expr = "expression";
const x3::rule<class coalesce_id, Expr> coalesce_expr = "expression";
const x3::rule<class add_id, Expr> add_expr = "expression";
const x3::rule<class mul_id, Expr> mul_expr = "expression";
const x3::rule<class unary_id, Expr> unary_expr = "expression";
const x3::rule<class postfix_id, Expr> postfix_expr = "expression";
const x3::rule<class primary_id, Expr> primary = "expression";

const x3::rule<class then_id> then_kw = "'then'";
const auto then_kw_def = kw("then");
const x3::rule<class else_id> else_kw = "'else'";
const auto else_kw_def = kw("else");
const x3::rule<class null_kw_id> null_kw = "'null'";
const auto null_kw_def = kw("null");
const x3::rule<class rparen_id> rparen = "')'";
const auto rparen_def = x3::lit(')');
const x3::rule<class rbracket_id> rbracket = "']'";
const auto rbracket_def = x3::lit(']');

const auto expr_def =
    spanned[kw("if") > expr > then_kw > expr > else_kw > expr][make_if] | or_expr[assign];

const auto or_expr_def = and_expr[assign] >> *((kw("or") > and_expr)[make_binary(Op::logical_or)]);
const auto and_expr_def = not_expr[assign] >> *((kw("and") > not_expr)[make_binary(Op::logical_and)]);
const auto not_expr_def = spanned[kw("not") > not_expr][make_prefix(Op::logical_not)] | cmp_expr[assign];

const auto comparison_tail =
      (x3::lit("==") > coalesce_expr)[make_binary(Op::equal)]
    | (x3::lit("!=") > coalesce_expr)[make_binary(Op::not_equal)]
    | (x3::lit("<=") > coalesce_expr)[make_binary(Op::less_equal)]
    | (x3::lit(">=") > coalesce_expr)[make_binary(Op::greater_equal)]
    | (x3::lit('<') > coalesce_expr)[make_binary(Op::less)]
    | (x3::lit('>') > coalesce_expr)[make_binary(Op::greater)]
    | (kw("not") >> kw("in") > coalesce_expr)[make_binary(Op::not_in)]
    | (kw("in") > coalesce_expr)[make_binary(Op::in)]
    | spanned[kw("is") >> kw("not") > null_kw][make_postfix(Op::is_not_null)]
    | spanned[kw("is") > null_kw][make_postfix(Op::is_null)];

// A second comparison is parsed (so the rest of the expression is still read) and reported.
const auto comparison_operator = x3::lit("==") | "!=" | "<=" | ">=" | '<' | '>' | (kw("not") >> kw("in")) |
                                 kw("in") | (kw("is") >> -kw("not") >> kw("null"));
const auto chained = x3::raw[comparison_operator >> -coalesce_expr][chained_comparison];

const auto cmp_expr_def = coalesce_expr[assign] >> -(comparison_tail >> *chained);

const auto coalesce_expr_def = add_expr[assign] >> *((x3::lit("??") > add_expr)[make_binary(Op::coalesce)]);

const auto add_expr_def = mul_expr[assign] >> *(
      (x3::lit('+') > mul_expr)[make_binary(Op::add)]
    | (x3::lit('-') > mul_expr)[make_binary(Op::subtract)]);

const auto mul_expr_def = unary_expr[assign] >> *(
      (x3::lit('*') > unary_expr)[make_binary(Op::multiply)]
    | (x3::lit('/') > unary_expr)[make_binary(Op::divide)]);

const auto unary_expr_def = spanned[x3::lit('-') > unary_expr][make_prefix(Op::negate)] | postfix_expr[assign];

const auto postfix_expr_def = primary[assign] >> *(spanned['[' > expr > rbracket][make_index]);

const auto arguments = -(expr % ',');

const auto primary_def =
      spanned[number_text][make_number]
    | spanned[string_text][make_string]
    | spanned[kw("true")][make_constant(Value(true), TypeKind::boolean)]
    | spanned[kw("false")][make_constant(Value(false), TypeKind::boolean)]
    | spanned[kw("null")][make_constant(Value(), TypeKind::null)]
    | spanned[name >> '(' > arguments > rparen][make_call]
    | spanned[qualified_name][make_identifier]
    | spanned['(' > expr > rparen][make_group]
    | spanned['[' > arguments > rbracket][make_list];

BOOST_SPIRIT_DEFINE(name, qualified_name, escaped_char, dq_close, sq_close, string_text, expr, or_expr, and_expr,
                    not_expr, cmp_expr, coalesce_expr, add_expr, mul_expr, unary_expr, postfix_expr, primary,
                    then_kw, else_kw, null_kw, rparen, rbracket)

// --- nesting guard ----------------------------------------------------------------------------

// Bounds the recursion before X3 recurses: brackets and prefix operators (`not`, `-`, `if`) each
// open one level. Counting prefix operators over the whole text overestimates, which is safe.
std::optional<ParseError> too_deep(std::string_view text) {
    int depth = 0, prefix = 0;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == '\\') ++i;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') quote = c;
        else if (c == '(' || c == '[') ++depth;
        else if (c == ')' || c == ']') --depth;
        else if (c == '-') ++prefix;
        else if ((c == 'n' || c == 'i') && (i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_'))) {
            const std::string_view rest = text.substr(i);
            const auto is_word = [&](std::string_view w) {
                return rest.substr(0, w.size()) == w &&
                       (rest.size() == w.size() || !(std::isalnum(static_cast<unsigned char>(rest[w.size()])) || rest[w.size()] == '_'));
            };
            if (is_word("not") || is_word("if")) ++prefix;
        }
        if (depth + prefix > max_expression_depth) {
            return ParseError{Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)}, "E0202",
                              "expression nested too deeply (more than " + std::to_string(max_expression_depth) + " levels)",
                              "split it into derived fields"};
        }
    }
    return std::nullopt;
}

// Binary chains are parsed iteratively but fold into deep trees: bound the tree too.
bool tree_deeper_than(const Expr& root, int limit) {
    std::vector<std::pair<const Expr*, int>> stack{{&root, 1}};
    while (!stack.empty()) {
        auto [e, d] = stack.back();
        stack.pop_back();
        if (d > limit) return true;
        for (const Expr& a : e->args) stack.emplace_back(&a, d + 1);
    }
    return false;
}

std::string describe_expected(const std::string& which) {
    if (which == "expression") return "an expression";
    return which;
}

std::string describe_found(Iterator at, Iterator last) {
    if (at == last) return "the end of the expression";
    std::size_t length = std::min<std::size_t>(static_cast<std::size_t>(last - at), 12);
    while (length > 0 && length < static_cast<std::size_t>(last - at) && (static_cast<unsigned char>(at[length]) & 0xC0) == 0x80) --length;  // whole characters
    if (length == 0) length = std::min<std::size_t>(static_cast<std::size_t>(last - at), 12);  // not UTF-8 at all
    std::string token(at, length);
    if (const auto nl = token.find('\n'); nl != std::string::npos) token.resize(nl);
    return "'" + token + (static_cast<std::size_t>(last - at) > length ? "...'" : "'");
}

void skip_spaces(Iterator& it, Iterator last) {
    while (it != last && std::isspace(static_cast<unsigned char>(*it))) ++it;
}

// Where the string that runs to the end of the text opens, or npos.
std::size_t unclosed_quote(std::string_view text) {
    char quote = 0;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == '\\') ++i;
            else if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
            open = i;
        }
    }
    return quote ? open : std::string_view::npos;
}

}  // namespace

ParseResult parse_expression(std::string_view text) {
    ParseResult result;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        result.errors.push_back(ParseError{Span{0, static_cast<std::uint32_t>(text.size())}, "E0201", "empty expression",
                                           "write a condition or a number, e.g. `household_size >= 4`"});
        return result;
    }
    if (auto deep = too_deep(text)) {
        result.errors.push_back(*std::move(deep));
        return result;
    }
    State st;
    st.base = text.data();
    Iterator first = text.data();
    const Iterator last = text.data() + text.size();
    const auto to_offset = [&](Iterator it) { return static_cast<std::uint32_t>(it - text.data()); };
    try {
        const bool ok = x3::phrase_parse(first, last, x3::with<state_tag>(std::ref(st))[expr], blanks, result.expr);
        skip_spaces(first, last);
        if (!ok || first != last) {
            const std::uint32_t at = to_offset(first);
            const bool nothing = !ok && at == 0;
            std::string message = nothing ? (text.find_first_not_of(" \t\r\n") == std::string_view::npos
                                                 ? "empty expression"
                                                 : "expected an expression, found " + describe_found(first, last))
                                          : "unexpected " + describe_found(first, last);
            std::string hint;
            if (first != last && *first == '=') hint = "compare with `==`";
            else if (first != last && (*first == '&' || *first == '|')) hint = "write `and` / `or`";
            else if (first != last && *first == '!') hint = "write `not`, or `!=` to compare";
            else if (first != last && *first == ',' && first != text.data() && std::isdigit(static_cast<unsigned char>(first[-1])) &&
                     first + 1 != last && std::isdigit(static_cast<unsigned char>(first[1])))
                hint = "decimals are written with a point, e.g. `2.5`";
            else if (first != last && static_cast<unsigned char>(*first) >= 0x80) hint = "names are ASCII letters, digits and `_`";
            result.errors.push_back(ParseError{Span{at, std::min(at + 1, to_offset(last))}, "E0201", std::move(message), std::move(hint)});
        }
    } catch (const x3::expectation_failure<Iterator>& failure) {
        Iterator at = failure.where();
        skip_spaces(at, last);
        std::uint32_t offset = to_offset(at);
        std::uint32_t length = 1;
        std::string expected = describe_expected(failure.which());
        std::string message = "expected " + expected + ", found " + describe_found(at, last);
        std::string hint;
        if (failure.which().rfind("an escape", 0) == 0) {
            message = "unknown escape in a string";
            hint = "only \\\", \\' and \\\\ are escapes";
            offset = to_offset(failure.where()) - 1;  // the backslash
            length = 2;
        } else if (failure.which().find("closing") != std::string::npos) {
            message = "unterminated string";
            hint = "close it with the quote that opened it";
            if (const std::size_t open = unclosed_quote(text); open != std::string_view::npos) offset = static_cast<std::uint32_t>(open);
        }
        result.errors.push_back(ParseError{Span{offset, std::min(offset + length, to_offset(last))}, "E0201", std::move(message), std::move(hint)});
    }
    for (auto& e : st.errors) result.errors.push_back(std::move(e));
    if (result.ok() && tree_deeper_than(result.expr, max_expression_depth)) {
        result.errors.push_back(ParseError{Span{0, static_cast<std::uint32_t>(text.size())}, "E0202",
                                           "expression nested too deeply (more than " + std::to_string(max_expression_depth) + " levels)",
                                           "split it into derived fields"});
    }
    if (!result.ok()) result.expr = Expr{};
    return result;
}

}  // namespace cotation
