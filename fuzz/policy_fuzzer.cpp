// libFuzzer target: the policy loader (YAML -> parse -> check) on arbitrary bytes.
// Never crashes nor throws; every diagnostic (and note) has a code and, when it has a place in
// the fuzzed text, a line and column inside that text; the diagnostics format as text and JSON.
// When the policy loads, it scores one demand whose every field is empty (null), which runs
// every expression of the policy on nulls.
//
// The text is named as if it were rules/fuzz/policy.yaml in the source tree, so that the seeds
// taken from rules/ can include ../schema/sne.yaml as the real policies do.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/diagnostic.hpp"
#include "cotation/policy.hpp"
#include "cotation/score.hpp"
#include "cotation/table.hpp"

namespace {

const std::string policy_path = COTATION_SOURCE_DIR "/rules/fuzz/policy.yaml";

[[noreturn]] void fail(const cotation::Diagnostic& d, const char* what) {
    std::fprintf(stderr, "policy_fuzzer: %s\n  %s:%u:%u-%u:%u [%s] %s\n", what, d.file.c_str(), d.line, d.column,
                 d.end_line, d.end_column, d.code.c_str(), d.message.c_str());
    std::abort();
}

std::size_t count_chars(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// The lines of the text as the diagnostics count them: split on '\n' only.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = text.find('\n', start);
        lines.push_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return lines;
}

void check(const cotation::Diagnostic& d, const std::vector<std::string_view>& lines) {
    if (d.code.empty()) fail(d, "diagnostic without a code");
    if (d.message.empty()) fail(d, "diagnostic without a message");
    if (d.file == policy_path && d.line != 0) {
        if (d.line > lines.size()) fail(d, "line past the end of the text");
        if (d.column < 1 || d.column > count_chars(lines[d.line - 1]) + 1) fail(d, "column outside its line");
        if (d.end_line < d.line || d.end_line > lines.size()) fail(d, "end line before the line or past the end");
        // The end is exclusive, and a zero-width place at the end of a line still gets one column.
        if (d.end_column < 1 || d.end_column > count_chars(lines[d.end_line - 1]) + 2) fail(d, "end column outside its line");
        if (d.end_line == d.line && d.end_column <= d.column) fail(d, "end before the start");
    }
    for (const cotation::Diagnostic& note : d.notes) check(note, lines);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    // Places are checked against the text with a UTF-8 byte order mark read as three spaces, as
    // the loader reads it (offsets are kept): an upper bound however the columns count the mark.
    std::string as_placed = text;
    if (as_placed.compare(0, 3, "\xEF\xBB\xBF") == 0) as_placed.replace(0, 3, "   ");
    const std::vector<std::string_view> lines = split_lines(as_placed);
    const cotation::LoadResult result = cotation::load_policy_from_string(text, policy_path);
    for (const cotation::Diagnostic& d : result.diagnostics) check(d, lines);
    (void)cotation::format_text(result.diagnostics);
    (void)cotation::format_json(result.diagnostics);
    if (!result.ok()) {
        if (!cotation::has_errors(result.diagnostics)) {
            std::fprintf(stderr, "policy_fuzzer: no policy and no error\n");
            std::abort();
        }
        return 0;
    }

    const cotation::Policy& policy = *result.policy;
    (void)policy.grid_ids();
    (void)policy.quota_ids();
    const std::vector<cotation::FieldSpec> fields = policy.fields("demand");
    if (fields.empty()) return 0;
    // A header and one row of empty cells (quoted, so that one field is not a blank line): every field null.
    std::string csv;
    for (std::size_t i = 0; i < fields.size(); ++i) csv += (i ? "," : "") + fields[i].name;
    csv += '\n';
    for (std::size_t i = 0; i < fields.size(); ++i) csv += i ? ",\"\"" : "\"\"";
    csv += '\n';
    const cotation::ReadResult demands = cotation::read_csv_text(csv, fields, cotation::ReadOptions{',', false});
    if (!demands.ok()) return 0;  // e.g. a field name holding a comma
    cotation::ScoreOptions options;
    options.as_of = cotation::date_from_civil(2025, 6, 1);
    (void)cotation::score_demands(policy, demands.table, options);
    return 0;
}
