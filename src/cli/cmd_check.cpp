// cotation check POLICY... [--format text|json]
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cotation/diagnostic.hpp"
#include "cotation/policy.hpp"

namespace cotation::cli {

int run_check(const std::vector<std::string>& argv) {
    std::string error;
    auto args = parse_args(argv, OptionSpec{{"--format"}, {}}, error);
    if (!args) return usage_error("check", error);
    if (args->positional.empty()) return usage_error("check", "name at least one policy file");
    const std::string format = args->value("--format") ? *args->value("--format") : "text";
    if (format != "text" && format != "json") return usage_error("check", "--format is text or json");

    std::vector<Diagnostic> all;
    bool any_error = false, unreadable = false;
    std::size_t warnings = 0;
    for (const std::string& path : args->positional) {
        LoadResult result = load_policy(path);
        for (const Diagnostic& d : result.diagnostics) {
            if (d.code == "E0004" && d.line == 0) unreadable = true;
            if (d.severity == Severity::warning) ++warnings;
        }
        any_error = any_error || !result.ok();
        if (format == "text") {
            std::cerr << format_text(result.diagnostics);
            if (result.ok()) std::cout << path << ": ok" << (result.diagnostics.empty() ? "" : " (with warnings)") << '\n';
        }
        all.insert(all.end(), result.diagnostics.begin(), result.diagnostics.end());
    }
    if (format == "json") std::cout << format_json(all);
    else if (any_error) {
        const std::size_t errors = all.size() - warnings;
        std::cerr << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning" << (warnings == 1 ? "" : "s") << '\n';
    }
    if (unreadable) return exit_usage;
    return any_error ? exit_failure : exit_ok;
}

}  // namespace cotation::cli
