// Diagnostics: a user's mistake is a value, reported with its place, a stable code and a hint.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cotation {

enum class Severity : std::uint8_t { error, warning, note };

struct Diagnostic {
    std::string file;
    std::uint32_t line = 0;        // 1-based; 0 when the diagnostic has no place in a file
    std::uint32_t column = 0;      // 1-based, in characters
    std::uint32_t end_line = 0;
    std::uint32_t end_column = 0;  // exclusive
    Severity severity = Severity::error;
    std::string code;              // stable: E0301, W0501... (docs/diagnostics.md)
    std::string message;
    std::string hint;              // "did you mean ..." or how to mend it; may be empty
    std::string source_line;       // the text of `line`, for the caret display
    std::vector<Diagnostic> notes; // related places, e.g. the first definition of a duplicate
};

bool has_errors(const std::vector<Diagnostic>& diagnostics);
std::string_view severity_name(Severity severity);

// The human form:
//   rules/cahc.yaml:42:15: error[E0301]: unknown field 'housholdsize'; did you mean 'household_size'?
//      42 |         when: housholdsize >= 4
//         |               ^~~~~~~~~~~~
std::string format_text(const Diagnostic& diagnostic);
std::string format_text(const std::vector<Diagnostic>& diagnostics);
// A JSON array of objects with file, line, column, end_line, end_column, severity, code, message, hint.
std::string format_json(const std::vector<Diagnostic>& diagnostics);

// The closest candidate by edit distance, when it is close enough to be a likely typo.
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace cotation
