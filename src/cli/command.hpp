// What every command of `cotation` is made of: its definition on CLI11 (name, one-line summary,
// example, options) and the options several commands share, each written once here.
//
// A command is one file, cmd_NAME.cpp, defining a `Command`, plus its name in commands.hpp. Its
// `define` adds the command's options to its CLI11 subcommand, bound to its `Arguments`, and
// returns what runs the command once the line is parsed: options -> library call -> report.
//
// Usage mistakes (an unknown option, a missing or bad value, a missing argument) are reported in
// one style, on stderr, with exit status 2:
//   cotation score: unknown option --exlpain; did you mean --explain?
//   (see cotation score --help)
// by the parser for what CLI11 finds, and by usage_error() for the checks a command makes itself.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace cotation::cli {

// Exit statuses of the command line (the contract).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // policy errors, failed tests, rejected rows under --strict
inline constexpr int exit_usage = 2;    // bad usage or a file that cannot be read

// What runs a command once its line is parsed; returns the exit status.
using CommandRun = std::function<int()>;

struct Command {
    std::string_view name;
    std::string_view summary;  // its line in `cotation --help`
    std::string_view example;  // one command line, shown by `cotation NAME --help`; it works from the repository's root
    // Adds the command's arguments and options to `app` (its subcommand) and returns its run.
    CommandRun (*define)(CLI::App& app);
};

// Prints a usage mistake of `command` in the one style and returns exit_usage.
int usage_error(std::string_view command, std::string_view message);

// Parses the line, reports a usage mistake or prints the help, else runs the chosen command.
int run_command_line(int argc, char** argv);

// --- Arguments and options, written once --------------------------------------------------
// The command files define their options with these alone: CLI11 is known only to command.cpp and
// cmd_completion.cpp (through definitions.hpp).
// The type name of an option is what the help shows after it, and tells the completion script what
// completes its value: `file_type` a file name; words in small letters joined with '|' (`csv|jsonl`)
// those words; another name in capitals (DATE, N, ID) nothing. A name without dashes is a
// positional argument, required.

inline constexpr std::string_view file_type = "FILE";

// Makes an option required; returns it.
CLI::Option* required(CLI::Option* option);

// One file (a positional argument, or an option taking a file name).
CLI::Option* add_file(CLI::App& app, const std::string& name, std::string& path, const std::string& description);
// One or more files (a positional argument that takes the rest of the line).
CLI::Option* add_files(CLI::App& app, const std::string& name, std::vector<std::string>& paths, const std::string& description);
// A flag, without a value.
CLI::Option* add_flag(CLI::App& app, const std::string& name, bool& value, const std::string& description);
// A text named `type` in the help; `problem`, when given, returns what is wrong with a value
// (empty when it is right), reported as `NAME: PROBLEM`.
CLI::Option* add_text(CLI::App& app, const std::string& name, std::string& value, const std::string& type,
                      const std::string& description, std::function<std::string(const std::string&)> problem = {});
// A repeatable option: each occurrence adds one value.
CLI::Option* add_texts(CLI::App& app, const std::string& name, std::vector<std::string>& values, const std::string& type,
                       const std::string& description);
// One of `choices`; the first is the default of an option.
CLI::Option* add_choice(CLI::App& app, const std::string& name, std::string& value, const std::vector<std::string>& choices,
                        const std::string& description);
// A date YYYY-MM-DD.
CLI::Option* add_date(CLI::App& app, const std::string& name, std::optional<Date>& date, const std::string& description);
// A whole number written with digits only, from `min` to `max`.
CLI::Option* add_whole_number(CLI::App& app, const std::string& name, std::uint64_t& value, std::uint64_t min, std::uint64_t max,
                              const std::string& type, const std::string& description);

// POLICY: the policy file, the first argument of most commands.
CLI::Option* add_policy(CLI::App& app, std::string& path, const std::string& description = "the policy (YAML)");
// A demand or allocation file (`what`: "the demands"), CSV or JSON Lines.
CLI::Option* add_data_file(CLI::App& app, const std::string& name, std::string& path, const std::string& what);

// -o FILE: where the output goes; empty: the standard output.
CLI::Option* add_output(CLI::App& app, std::string& path);
// --format, one of `formats`, the first by default.
CLI::Option* add_format(CLI::App& app, std::string& format, const std::vector<std::string>& formats);
// --as-of DATE: the date at which the parameters are read (and demands are scored).
CLI::Option* add_as_of(CLI::App& app, std::optional<Date>& as_of,
                       const std::string& description = "the date at which the parameters are read (YYYY-MM-DD)");

// --set NAME=VALUE (repeatable): a parameter's value for this run, replacing all its dates; typed
// by the policy's parameters once it is loaded (opening.hpp: overrides_or_report).
CLI::Option* add_parameter_settings(CLI::App& app, std::vector<std::string>& settings);

// The options of the commands that read demand or allocation files.
struct DataOptions {
    ReadOptions read;     // --delimiter C, --decimal-comma
    std::string rejects;  // --rejects FILE; empty: not written
    bool strict = false;  // --strict: a rejected row is fatal
};
void add_data_options(CLI::App& app, DataOptions& options);

// The text of a whole number written with digits only (no sign, no spaces) within `max`.
std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t max);

}  // namespace cotation::cli
