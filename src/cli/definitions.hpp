// What the parser's messages, the help and the completion script read off the CLI11 definitions
// of the options (the files that include CLI11: command.cpp, cmd_completion.cpp).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace cotation::cli {

// The names of an option with their dashes: `-o`, `--as-of`.
inline std::vector<std::string> names_of(const CLI::Option& option) {
    std::vector<std::string> names;
    for (const std::string& name : option.get_snames()) names.push_back("-" + name);
    for (const std::string& name : option.get_lnames()) names.push_back("--" + name);
    return names;
}

// Whether an option is followed by a value (a flag is not).
inline bool takes_value(const CLI::Option& option) { return option.get_expected_max() != 0; }

// The words a type name lists, in small letters joined with '|' (`csv|jsonl`, `bash`); empty for the
// names of a kind of value, in capitals (FILE, DATE, N).
inline std::vector<std::string> choices_of(const std::string& type) {
    if (type.empty() || type[0] < 'a' || type[0] > 'z') return {};
    std::vector<std::string> words(1);
    for (const char c : type) {
        if (c == '|') words.emplace_back();
        else words.back() += c;
    }
    return words;
}

inline std::string joined(const std::vector<std::string>& words, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : separator) + words[i];
    return out;
}

}  // namespace cotation::cli
