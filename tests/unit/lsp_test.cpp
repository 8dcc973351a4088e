// The language server's parts: places in LSP's counting, file URIs, the message framing, the
// expression at a place (also in a text that is not valid YAML), and the server facing malformed
// and random messages. The protocol end to end is tests/editor/lsp_client.py's.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lsp/json_rpc.hpp"
#include "lsp/places.hpp"
#include "lsp/server.hpp"
#include "lsp/text.hpp"

namespace cotation::lsp {
namespace {

using Json = nlohmann::json;

TEST(LspText, PositionsCountUtf16UnitsOrBytes) {
    // é: 2 bytes, 1 UTF-16 unit; 🏠: 4 bytes, 2 UTF-16 units.
    const std::string text = "ab\né🏠x\r\nlast";
    const LineIndex lines(text);
    EXPECT_EQ(lines.line_count(), 3u);
    EXPECT_EQ(lines.line(1), "é🏠x");  // without its \r\n
    const std::size_t x = text.find('x');
    EXPECT_EQ(lines.position(x, Encoding::utf16), (Position{1, 3}));
    EXPECT_EQ(lines.position(x, Encoding::utf8), (Position{1, 6}));
    EXPECT_EQ(lines.offset(Position{1, 3}, Encoding::utf16), x);
    EXPECT_EQ(lines.offset(Position{1, 6}, Encoding::utf8), x);
    // Inside a character: its start; past the end of a line: the line's end; past the last line: the end.
    EXPECT_EQ(lines.position(text.find("🏠") + 2, Encoding::utf16), (Position{1, 1}));
    EXPECT_EQ(lines.offset(Position{1, 99}, Encoding::utf16), text.find('\r'));
    EXPECT_EQ(lines.offset(Position{9, 0}, Encoding::utf16), text.size());
    EXPECT_EQ(lines.position(text.size() + 10, Encoding::utf16), (Position{2, 4}));
    // A diagnostic's 1-based line and column in code points.
    EXPECT_EQ(lines.offset_of_column(2, 3), x);
    EXPECT_EQ(lines.offset_of_column(2, 99), text.find('\n', 3));
}

TEST(LspText, FileUris) {
    EXPECT_EQ(path_from_uri("file:///home/a%20b/p%C3%A9.yaml"), "/home/a b/pé.yaml");
    EXPECT_EQ(path_from_uri("file://localhost/tmp/x.yaml"), "/tmp/x.yaml");
    EXPECT_EQ(path_from_uri("FILE:///tmp/x.yaml"), "/tmp/x.yaml");
    EXPECT_EQ(path_from_uri("untitled:Untitled-1"), "");
    EXPECT_EQ(path_from_uri("file:///tmp/%00x"), "");
    EXPECT_EQ(uri_from_path("/home/a b/pé.yaml"), "file:///home/a%20b/p%C3%A9.yaml");
    EXPECT_EQ(path_from_uri(uri_from_path("/x/y#z?.yaml")), "/x/y#z?.yaml");
}

TEST(LspFraming, ReadsMessagesAndSkipsBrokenOnes) {
    std::istringstream in(
        "Content-Length: 2\r\n\r\n{}"
        "content-length:3\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]"
        "Content-Length: abc\r\n\r\n"
        "X-Other: 1\r\n\r\n"
        "Content-Length: 999999999999\r\n\r\n"
        "Content-Length: 10\r\n\r\nshort");
    EXPECT_EQ(read_message(in).body, "{}");
    EXPECT_EQ(read_message(in).body, "[1]");
    Incoming bad = read_message(in);
    EXPECT_FALSE(bad.body);
    EXPECT_EQ(bad.problem, "Content-Length is not a number: 'abc'");
    EXPECT_EQ(read_message(in).problem, "a message without Content-Length");
    EXPECT_EQ(read_message(in).problem, "a message of 999999999999 bytes (the limit is 67108864)");
}

TEST(LspFraming, TruncatedInputAndEnd) {
    std::istringstream truncated("Content-Length: 10\r\n\r\nshort");
    EXPECT_EQ(read_message(truncated).problem, "the input ended inside a message");
    std::istringstream empty("");
    const Incoming end = read_message(empty);
    EXPECT_FALSE(end.body);
    EXPECT_TRUE(end.problem.empty());
    std::ostringstream out;
    write_message(out, "{\"a\":1}");
    EXPECT_EQ(out.str(), "Content-Length: 7\r\n\r\n{\"a\":1}");
}

TEST(LspFraming, NestingDepthOutsideStrings) {
    EXPECT_FALSE(nests_deeper_than(R"({"a": [[1]], "b": "[[[[[[["})", 3));
    EXPECT_TRUE(nests_deeper_than(R"({"a": [[[1]]]})", 3));
    EXPECT_FALSE(nests_deeper_than(R"({"a": "\"[[[[["})", 1));
}

TEST(LspPlaces, WordsAndStrings) {
    const std::string e = R"(contains(motifs, "06") and offer.commune == x_1)";
    const auto word = word_at(e, e.find("motifs") + 2);
    ASSERT_TRUE(word);
    EXPECT_EQ(e.substr(word->begin, word->end - word->begin), "motifs");
    EXPECT_FALSE(word_at(e, e.find("06") + 1));  // inside a string literal
    const auto offer = word_at(e, e.find("commune"));
    ASSERT_TRUE(offer);
    EXPECT_EQ(e.substr(offer->begin, offer->end - offer->begin), "offer.commune");
    EXPECT_EQ(e.substr(word_at(e, e.size())->begin), "x_1");
    EXPECT_FALSE(word_at("12 + 3", 1));  // a number is no name
    std::size_t quote = 0;
    EXPECT_TRUE(inside_string(R"(a == "T)", 7, &quote));
    EXPECT_EQ(quote, 5u);
    EXPECT_FALSE(inside_string(R"(a == "T\"" and)", 14));
}

// Where the text is not valid YAML, or a value is still empty, the expression and its scope are
// read off the lines: the key's parents say which record's fields are in scope.
TEST(LspPlaces, ExpressionGuessedFromTheLines) {
    const std::string text =
        "cotation: 1\n"
        "records:\n"
        "  allocation:\n"
        "    derived:\n"
        "      share: 'x + \"unterminated\n"
        "grids:\n"
        "- id: g\n"
        "  rubrics:\n"
        "    - id: r\n"
        "      criteria:\n"
        "        - id: c\n"
        "          when: size >= 4  # a comment\n"
        "          label: \"x\"\n"
        "matching:\n"
        "  eligible_when:\n"
        "    - id: e\n"
        "      when:\n"
        "ranking:\n"
        "  within:\n"
        "    - first(wished)\n";
    const LineIndex lines(text);
    const auto at = [&](const std::string& needle, std::size_t plus) {
        return expression_at({}, 0, text.find(needle) + plus, text, lines);
    };
    const auto derived = at("x + ", 2);
    ASSERT_TRUE(derived);
    EXPECT_EQ(derived->scope.record, "allocation");
    EXPECT_EQ(derived->text.substr(0, derived->index), "'x ");
    EXPECT_EQ(derived->file_offset(0), text.find("'x + "));
    const auto when = at("size >= 4", 4);
    ASSERT_TRUE(when);
    EXPECT_EQ(when->scope.record, "demand");
    EXPECT_FALSE(when->scope.offer);
    EXPECT_EQ(when->text, "size >= 4");  // the comment is not the expression's
    EXPECT_EQ(when->index, 4u);
    EXPECT_FALSE(at("# a comment", 3));
    EXPECT_FALSE(at("label: \"x\"", 9));  // a label is no expression
    EXPECT_FALSE(at("when: size", 2));    // on the key itself
    const auto matching = at("when:\nranking", 5);
    ASSERT_TRUE(matching);
    EXPECT_TRUE(matching->scope.offer);
    EXPECT_EQ(matching->text, "");
    const auto within = at("first(wished)", 6);
    ASSERT_TRUE(within);
    EXPECT_EQ(within->text.substr(within->index), "wished)");
}

std::string framed_request(int id, const std::string& method, const Json& params) {
    return Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
}

TEST(LspServer, AnswersMalformedMessagesWithErrors) {
    Server server({});
    const auto error_code = [&](const std::string& body) {
        const auto out = server.handle(body);
        if (out.size() != 1) return 0;
        const Json reply = Json::parse(out[0]);
        return reply.contains("error") ? reply["error"]["code"].get<int>() : 0;
    };
    EXPECT_EQ(error_code("{"), -32700);
    EXPECT_EQ(error_code("42"), -32600);
    EXPECT_EQ(error_code(R"({"jsonrpc": "2.0", "id": 1})"), -32600);
    EXPECT_EQ(error_code(R"({"jsonrpc": "2.0", "id": {"x": 1}, "method": "initialize"})"), -32600);
    EXPECT_EQ(error_code(framed_request(1, "textDocument/hover", Json::object())), -32002);  // not initialized
    EXPECT_EQ(error_code(framed_request(2, "initialize", Json::array())), -32602);
    EXPECT_EQ(error_code(framed_request(3, "initialize", Json{{"capabilities", Json::object()}})), 0);
    EXPECT_EQ(error_code(framed_request(4, "initialize", Json{{"capabilities", Json::object()}})), -32600);  // twice
    EXPECT_EQ(error_code(framed_request(5, "workspace/symbol", Json::object())), -32601);
    EXPECT_EQ(error_code(framed_request(6, "textDocument/hover", Json{{"textDocument", Json{{"uri", "file:///x.yaml"}}}})), -32602);
    // Notifications are never answered, even when wrong.
    EXPECT_TRUE(server.handle(R"({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": 3})").empty());
    EXPECT_TRUE(server.handle(R"({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}})").empty());
    EXPECT_FALSE(server.exited());
    EXPECT_TRUE(server.handle(R"({"jsonrpc": "2.0", "method": "exit"})").empty());
    EXPECT_TRUE(server.exited());
    EXPECT_EQ(server.exit_status(), 1);  // no shutdown first
}

// Random changes to valid messages, and random bytes: every one is answered or ignored, and the
// server still serves a document afterwards.
TEST(LspServer, SurvivesRandomMessages) {
    Server server({});
    server.handle(framed_request(1, "initialize", Json{{"capabilities", Json::object()}}));
    const std::string policy = "cotation: 1\nrecords:\n  demand:\n    key: id\n    fields: {id: string, size: int}\n"
                               "grids:\n  - id: g\n    rubrics:\n      - id: r\n        criteria:\n"
                               "          - {id: c, when: size >= 4, points: 1}\n";
    const Json document{{"uri", "file:///tmp/p.yaml"}};
    const Json open{{"jsonrpc", "2.0"},
                    {"method", "textDocument/didOpen"},
                    {"params", {{"textDocument", {{"uri", "file:///tmp/p.yaml"}, {"version", 1}, {"text", policy}}}}}};
    const Json edit{{"range", {{"start", {{"line", 10}, {"character", 5}}}, {"end", {{"line", 0}, {"character", 2}}}}}, {"text", "é\n"}};
    const Json change{{"jsonrpc", "2.0"},
                      {"method", "textDocument/didChange"},
                      {"params", {{"textDocument", {{"uri", "file:///tmp/p.yaml"}, {"version", 2}}}, {"contentChanges", Json::array({edit})}}}};
    const std::vector<std::string> valid{
        open.dump(),
        framed_request(2, "textDocument/hover", {{"textDocument", document}, {"position", {{"line", 10}, {"character", 30}}}}),
        framed_request(3, "textDocument/completion", {{"textDocument", document}, {"position", {{"line", 10}, {"character", 31}}}}),
        framed_request(4, "textDocument/documentSymbol", {{"textDocument", document}}),
        change.dump(),
    };
    std::mt19937 random(20250601);
    std::size_t answered = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string message = valid[random() % valid.size()];
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits && !message.empty(); ++e) {
            const std::size_t at = random() % message.size();
            switch (random() % 3) {
                case 0: message[at] = static_cast<char>(random() % 256); break;
                case 1: message.erase(at, 1 + random() % 8); break;
                default: message.insert(at, 1, "{}[]\",:0-9e\\ "[random() % 14]);
            }
        }
        std::vector<std::string> out;
        ASSERT_NO_THROW(out = server.handle(message)) << message;
        for (const std::string& reply : out) EXPECT_TRUE(Json::accept(reply)) << reply;
        answered += out.size();
    }
    EXPECT_GT(answered, 100u);
    const auto out = server.handle(valid[0]);  // opened again, whole: its diagnostics
    ASSERT_EQ(out.size(), 1u);
    const Json published = Json::parse(out[0]);
    EXPECT_EQ(published["method"], "textDocument/publishDiagnostics");
    // No error of check: only the lint's findings (this grid names no DALO field and serves no
    // priority public), the same as on a server that never saw the random messages.
    const Json& diagnostics = published["params"]["diagnostics"];
    ASSERT_FALSE(diagnostics.empty());
    for (const Json& d : diagnostics) EXPECT_EQ(d["code"].get<std::string>().substr(0, 1), "L") << d.dump();
    Server fresh({});
    fresh.handle(framed_request(1, "initialize", Json{{"capabilities", Json::object()}}));
    EXPECT_EQ(diagnostics, Json::parse(fresh.handle(valid[0]).at(0))["params"]["diagnostics"]);
    const auto symbols = server.handle(valid[3]);
    ASSERT_EQ(symbols.size(), 1u);
    EXPECT_EQ(Json::parse(symbols[0])["result"][0]["name"], "g");
}

}  // namespace
}  // namespace cotation::lsp
