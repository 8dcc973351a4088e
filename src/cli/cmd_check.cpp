// cotation check POLICY... [--format text|json]
#include <iostream>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cotation/diagnostic.hpp"
#include "cotation/policy.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::vector<std::string> policies;
    std::string format;
};

int check(const Arguments& args) {
    const bool text = args.format == "text";
    std::vector<Diagnostic> all;
    bool any_error = false, unreadable = false;
    std::size_t warnings = 0;
    for (const std::string& path : args.policies) {
        LoadResult result = load_policy(path);
        unreadable = unreadable || cannot_read(result.diagnostics);
        for (const Diagnostic& d : result.diagnostics)
            if (d.severity == Severity::warning) ++warnings;
        any_error = any_error || !result.ok();
        if (text) {
            std::cerr << format_text(result.diagnostics);
            if (result.ok()) std::cout << path << ": ok" << (result.diagnostics.empty() ? "" : " (with warnings)") << '\n';
        }
        all.insert(all.end(), result.diagnostics.begin(), result.diagnostics.end());
    }
    if (!text) std::cout << format_json(all);
    else if (any_error) {
        const std::size_t errors = all.size() - warnings;
        std::cerr << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning" << (warnings == 1 ? "" : "s") << '\n';
    }
    if (unreadable) return exit_usage;
    return any_error ? exit_failure : exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_files(app, "POLICY", args->policies, "the policy files (YAML)");
    add_format(app, args->format, {"text", "json"});
    return [args] { return check(*args); };
}

}  // namespace

const Command check_command{"check", "load and type-check policies; print every diagnostic", "cotation check rules/cahc/cahc.yaml",
                            define};

}  // namespace cotation::cli
