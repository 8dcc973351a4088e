// A small command-line parser: positional arguments, `--option value`, `--option=value`, flags.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cotation::cli {

// Exit statuses of the command line.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // policy errors, failed tests, rejected rows under --strict
inline constexpr int exit_usage = 2;    // bad usage or a file that cannot be read

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values;
    std::set<std::string> flags;

    const std::string* value(const std::string& name) const {
        auto it = values.find(name);
        return it == values.end() ? nullptr : &it->second.back();
    }
    bool flag(const std::string& name) const { return flags.count(name) > 0; }
};

struct OptionSpec {
    std::set<std::string> with_value;  // e.g. "--as-of", "-o"
    std::set<std::string> flags;       // e.g. "--explain"
};

// nullopt with `error` set on an unknown option or a missing value.
std::optional<Args> parse_args(const std::vector<std::string>& argv, const OptionSpec& spec, std::string& error);

}  // namespace cotation::cli
