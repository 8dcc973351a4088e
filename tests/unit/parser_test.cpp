#include <gtest/gtest.h>

#include "parse/expr.hpp"

namespace cotation {
namespace {

std::string parsed(const std::string& text) {
    ParseResult r = parse_expression(text);
    if (!r.ok()) return "error " + r.errors.front().code + ": " + r.errors.front().message;
    return to_sexpr(r.expr);
}

ParseError first_error(const std::string& text) {
    ParseResult r = parse_expression(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? ParseError{} : r.errors.front();
}

TEST(Parser, ArithmeticPrecedenceAndLeftAssociativity) {
    EXPECT_EQ(parsed("1 + 2 * 3"), "(+ 1 (* 2 3))");
    EXPECT_EQ(parsed("(1 + 2) * 3"), "(* (+ 1 2) 3)");
    EXPECT_EQ(parsed("1 - 2 - 3"), "(- (- 1 2) 3)");
    EXPECT_EQ(parsed("8 / 4 / 2"), "(/ (/ 8 4) 2)");
    EXPECT_EQ(parsed("-a * b"), "(* (- a) b)");
    EXPECT_EQ(parsed("- - a"), "(- (- a))");
}

TEST(Parser, LogicPrecedence) {
    EXPECT_EQ(parsed("a or b and c"), "(or a (and b c))");
    EXPECT_EQ(parsed("not a and b"), "(and (not a) b)");
    EXPECT_EQ(parsed("not a == b"), "(not (== a b))");
    EXPECT_EQ(parsed("a == 1 or b < 2"), "(or (== a 1) (< b 2))");
}

TEST(Parser, ConditionalIsRightAssociativeAndLowest) {
    EXPECT_EQ(parsed("if a then 1 else if b then 2 else 3"), "(if a 1 (if b 2 3))");
    EXPECT_EQ(parsed("if a or b then x + 1 else y"), "(if (or a b) (+ x 1) y)");
}

TEST(Parser, CoalesceBindsBetweenComparisonAndSum) {
    EXPECT_EQ(parsed("a ?? b ?? c"), "(?? (?? a b) c)");
    EXPECT_EQ(parsed("a + 1 ?? 0"), "(?? (+ a 1) 0)");
    EXPECT_EQ(parsed("a ?? 0 >= 3"), "(>= (?? a 0) 3)");
}

TEST(Parser, MembershipAndNullTests) {
    EXPECT_EQ(parsed("x in [\"SD\", \"HOT\"]"), "(in x (list \"SD\" \"HOT\"))");
    EXPECT_EQ(parsed("x not in L"), "(not in x L)");
    EXPECT_EQ(parsed("x is null"), "(is null x)");
    EXPECT_EQ(parsed("x is not null"), "(is not null x)");
    EXPECT_EQ(parsed("[]"), "(list)");
}

TEST(Parser, Literals) {
    EXPECT_EQ(parsed("25%"), "0.25");
    EXPECT_EQ(parsed("12"), "12");
    EXPECT_EQ(parsed("0.5"), "0.5");
    EXPECT_EQ(parsed("null"), "null");
    EXPECT_EQ(parsed("true and false"), "(and true false)");
    EXPECT_EQ(parsed("'it\\'s'"), "\"it's\"");
    EXPECT_EQ(parsed("\"say \\\"hi\\\"\""), "\"say \"hi\"\"");
    EXPECT_EQ(parsed("\"a\\\\b\""), "\"a\\b\"");
    EXPECT_EQ(parsed("'06' in motifs"), "(in \"06\" motifs)");
}

TEST(Parser, IntegerAndPercentLiteralTypes) {
    ParseResult whole = parse_expression("12");
    ParseResult decimal = parse_expression("12.0");
    ParseResult percent = parse_expression("50%");
    EXPECT_EQ(whole.expr.type.kind, TypeKind::integer);
    EXPECT_EQ(decimal.expr.type.kind, TypeKind::number);
    EXPECT_EQ(percent.expr.type.kind, TypeKind::number);
    EXPECT_DOUBLE_EQ(*percent.expr.literal.as_number(), 0.5);
}

TEST(Parser, KeywordsArePrefixesOfIdentifiers) {
    EXPECT_EQ(parsed("order + android - notice"), "(- (+ order android) notice)");
    EXPECT_EQ(parsed("iffy or nullable"), "(or iffy nullable)");
    EXPECT_EQ(parsed("index in inside"), "(in index inside)");
    EXPECT_EQ(parsed("isolated and thenceforth or elsewhere"), "(or (and isolated thenceforth) elsewhere)");
    EXPECT_EQ(parsed("truely == falsey"), "(== truely falsey)");
}

TEST(Parser, CallsIndexAndQualifiedNames) {
    EXPECT_EQ(parsed("min(months_between(filed_on, as_of), 60)"), "(min (months_between filed_on as_of) 60)");
    EXPECT_EQ(parsed("plus_ceiling[category] * 1.3"), "(* ([] plus_ceiling category) 1.3)");
    EXPECT_EQ(parsed("offer.commune in wished_communes"), "(in offer.commune wished_communes)");
    EXPECT_EQ(parsed("f()"), "(f)");
    EXPECT_EQ(parsed("date(\"2025-01-01\")"), "(date \"2025-01-01\")");
}

TEST(Parser, SpansCoverTheirText) {
    ParseResult r = parse_expression("(a) + f(b, 2)");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.expr.span.begin, 0u);
    EXPECT_EQ(r.expr.span.end, 13u);
    EXPECT_EQ(r.expr.args[0].span.begin, 0u);  // the parentheses belong to the group
    EXPECT_EQ(r.expr.args[0].span.end, 3u);
    EXPECT_EQ(r.expr.args[1].span.begin, 6u);
    EXPECT_EQ(r.expr.args[1].args[0].span.begin, 8u);
    EXPECT_EQ(r.expr.args[1].args[0].span.end, 9u);
    ParseResult multi = parse_expression("a >\n  b");
    ASSERT_TRUE(multi.ok());
    EXPECT_EQ(multi.expr.args[1].span.begin, 6u);
    // Prefix operators and `if` end with their last operand, not with the spaces after it.
    ParseResult prefix = parse_expression("not   n   and -  x  < 2");
    ASSERT_TRUE(prefix.ok());
    EXPECT_EQ(prefix.expr.args[0].span.begin, 0u);
    EXPECT_EQ(prefix.expr.args[0].span.end, 7u);  // "not   n"
    EXPECT_EQ(prefix.expr.args[1].args[0].span.begin, 14u);
    EXPECT_EQ(prefix.expr.args[1].args[0].span.end, 18u);  // "-  x"
    ParseResult conditional = parse_expression("[if b then 1 else n   , 2]");
    ASSERT_TRUE(conditional.ok());
    EXPECT_EQ(conditional.expr.args[0].span.begin, 1u);
    EXPECT_EQ(conditional.expr.args[0].span.end, 19u);  // "if b then 1 else n"
}

TEST(Parser, ChainedComparisonIsAnError) {
    ParseError e = first_error("a < b < c");
    EXPECT_EQ(e.code, "E0203");
    EXPECT_EQ(e.span.begin, 6u);
    EXPECT_EQ(first_error("a == b != c").code, "E0203");
}

TEST(Parser, SyntaxErrorsSayWhatWasExpected) {
    EXPECT_EQ(first_error("").message, "empty expression");
    EXPECT_EQ(first_error("(1 + ").message, "expected an expression, found the end of the expression");
    EXPECT_EQ(first_error("(1 + 2").message, "expected ')', found the end of the expression");
    EXPECT_EQ(first_error("if a then b").message, "expected 'else', found the end of the expression");
    EXPECT_EQ(first_error("\"abc").message, "unterminated string");
    EXPECT_EQ(first_error("\"a\\n\"").message, "unknown escape in a string");
    ParseError eq = first_error("a = b");
    EXPECT_EQ(eq.span.begin, 2u);
    EXPECT_EQ(eq.hint, "compare with `==`");
    EXPECT_EQ(first_error("a && b").hint, "write `and` / `or`");
    EXPECT_EQ(first_error("a b").message, "unexpected 'b'");
    EXPECT_EQ(first_error("x is 3").message, "expected 'null', found '3'");
}

TEST(Parser, ExcerptsOfBrokenUtf8StayInBounds) {
    // Found by the fuzzer: continuation bytes only.
    const ParseError e = first_error(std::string(13, '\xbe'));
    EXPECT_EQ(e.code, "E0201");
    EXPECT_EQ(e.message.substr(0, 30), "expected an expression, found ");
    const ParseError utf8 = first_error("a = \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"");
    EXPECT_EQ(utf8.message, "unexpected '= \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...'");
    // Found by the fuzzer: bytes above 127 where the grammar skips spaces or reads a name.
    const ParseError accent = first_error("a > 1 \xc3\xa9");
    EXPECT_EQ(accent.message, "unexpected '\xc3\xa9'");
    EXPECT_EQ(accent.hint, "names are ASCII letters, digits and `_`");
}

TEST(Parser, NestingLimitIsAnErrorNotACrash) {
    const std::string deep = std::string(10000, '(') + "1" + std::string(10000, ')');
    EXPECT_EQ(first_error(deep).code, "E0202");
    std::string nots;
    for (int i = 0; i < 10000; ++i) nots += "not ";
    EXPECT_EQ(first_error(nots + "a").code, "E0202");
    std::string sum = "a";
    for (int i = 0; i < 5000; ++i) sum += " + a";
    EXPECT_EQ(first_error(sum).code, "E0202");
    const std::string ok = std::string(200, '(') + "1" + std::string(200, ')');
    EXPECT_EQ(parsed(ok), "1");
}

}  // namespace
}  // namespace cotation
