#include "cli/args.hpp"

#include "cotation/diagnostic.hpp"

namespace cotation::cli {

std::optional<Args> parse_args(const std::vector<std::string>& argv, const OptionSpec& spec, std::string& error) {
    Args args;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string arg = argv[i];
        if (arg.size() < 2 || arg[0] != '-' || arg == "--") {
            args.positional.push_back(arg);
            continue;
        }
        std::optional<std::string> inline_value;
        if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
            inline_value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        if (spec.flags.count(arg)) {
            if (inline_value) {
                error = "option " + arg + " takes no value";
                return std::nullopt;
            }
            args.flags.insert(arg);
        } else if (spec.with_value.count(arg)) {
            if (!inline_value) {
                if (i + 1 >= argv.size()) {
                    error = "option " + arg + " needs a value";
                    return std::nullopt;
                }
                inline_value = argv[++i];
            }
            args.values[arg].push_back(*inline_value);
        } else {
            std::vector<std::string> known(spec.flags.begin(), spec.flags.end());
            known.insert(known.end(), spec.with_value.begin(), spec.with_value.end());
            const std::string close = closest_name(arg, known);
            error = "unknown option " + arg + (close.empty() ? "" : "; did you mean " + close + "?");
            return std::nullopt;
        }
    }
    return args;
}

}  // namespace cotation::cli
