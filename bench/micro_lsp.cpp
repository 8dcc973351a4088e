// The language server (src/lsp/) on the bundled CAHC policy (rules/cahc/cahc.yaml, which includes
// rules/schema/sne.yaml), as an editor drives it while its author types:
//
//   lsp/change_cahc/clean       a didChange of the whole text (full sync) answered with its
//                               publishDiagnostics: the JSON message read, the policy loaded, parsed
//                               and checked with its include, the diagnostics written. The issue's
//                               target: at most 50 ms;
//   lsp/change_cahc/mistake     the same with a misspelt field, so that one diagnostic is written;
//   lsp/hover_cahc              a hover on a parameter inside an expression;
//   lsp/completion_cahc         a completion inside an expression (every name in scope, the functions).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/server.hpp"

namespace {

using Json = nlohmann::json;
using cotation::lsp::Server;

const std::string& cahc_path() {
    static const std::string path = std::string(COTATION_SOURCE_DIR) + "/rules/cahc/cahc.yaml";
    return path;
}

const std::string& cahc_text() {
    static const std::string text = [] {
        std::ifstream in(cahc_path(), std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }();
    return text;
}

std::string uri() { return "file://" + cahc_path(); }

std::string did_change(const std::string& text, int version) {
    return Json{{"jsonrpc", "2.0"},
                {"method", "textDocument/didChange"},
                {"params", {{"textDocument", {{"uri", uri()}, {"version", version}}}, {"contentChanges", Json::array({{{"text", text}}})}}}}
        .dump();
}

// A server with the CAHC policy open, as the editor left it after didOpen.
void open_cahc(Server& server) {
    server.handle(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {{"capabilities", Json::object()}}}}.dump());
    server.handle(Json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/didOpen"},
                       {"params", {{"textDocument", {{"uri", uri()}, {"languageId", "yaml"}, {"version", 1}, {"text", cahc_text()}}}}}}
                      .dump());
}

// The position (line, character) of the first `needle` in the CAHC text, plus `plus` characters.
Json position_of(const std::string& needle, int plus) {
    const std::string& text = cahc_text();
    const std::size_t at = text.find(needle);
    const std::size_t line_start = text.rfind('\n', at) + 1;
    const auto line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    return Json{{"line", line}, {"character", static_cast<int>(at - line_start) + plus}};  // ASCII before it
}

void change(benchmark::State& state, bool mistake) {
    Server server({});
    open_cahc(server);
    std::string text = cahc_text();
    if (mistake) text.replace(text.find("is_mutation: current_housing"), 28, "is_mutation: current_housng ");
    // Two texts in turn, so that each change is a change.
    const std::string messages[2] = {did_change(text, 2), did_change(text + "\n", 3)};
    std::size_t published = 0;
    int i = 0;
    for (auto _ : state) {
        const auto out = server.handle(messages[i++ & 1]);
        published += out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["messages_out"] = benchmark::Counter(static_cast<double>(published), benchmark::Counter::kAvgIterations);
}

void request(benchmark::State& state, const std::string& method, const Json& position) {
    Server server({});
    open_cahc(server);
    const std::string message =
        Json{{"jsonrpc", "2.0"}, {"id", 7}, {"method", method}, {"params", {{"textDocument", {{"uri", uri()}}}, {"position", position}}}}.dump();
    for (auto _ : state) {
        const auto out = server.handle(message);
        benchmark::DoNotOptimize(out.data());
    }
}

void BM_change_clean(benchmark::State& state) { change(state, false); }
void BM_change_mistake(benchmark::State& state) { change(state, true); }
void BM_hover(benchmark::State& state) { request(state, "textDocument/hover", position_of("suroccupation_personnes_par_piece * current_rooms", 3)); }
void BM_completion(benchmark::State& state) { request(state, "textDocument/completion", position_of("household_size >= suroccupation", 3)); }

BENCHMARK(BM_change_clean)->Name("lsp/change_cahc/clean")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_change_mistake)->Name("lsp/change_cahc/mistake")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_hover)->Name("lsp/hover_cahc")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_completion)->Name("lsp/completion_cahc")->Unit(benchmark::kMicrosecond);

}  // namespace
