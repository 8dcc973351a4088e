// cotation lint POLICY... [--as-of DATE] [--format text|json]
#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cotation/diagnostic.hpp"
#include "cotation/policy.hpp"
#include "lint/lint.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::vector<std::string> policies;
    std::optional<Date> as_of;
    std::string format;
};

// Like `check`, in both formats: a policy with errors gets those errors and no findings; a policy
// that loads gets its findings (the check's own warnings are `check`'s business).
int lint(const Arguments& args) {
    const bool text = args.format == "text";
    std::vector<Diagnostic> all;
    bool any_error = false, unreadable = false;
    for (const std::string& path : args.policies) {
        LoadResult result = load_policy(path);
        unreadable = unreadable || cannot_read(result.diagnostics);
        std::vector<Diagnostic> shown =
            result.ok() ? lint_policy(result.policy->compiled(), args.as_of) : std::move(result.diagnostics);
        const bool errors = has_errors(shown);
        any_error = any_error || errors;
        if (text) {
            std::cerr << format_text(shown);
            if (!errors) std::cout << path << ": ok" << (shown.empty() ? "" : " (with warnings)") << '\n';
        }
        all.insert(all.end(), shown.begin(), shown.end());
    }
    if (!text) std::cout << format_json(all);
    else if (any_error) {
        const std::size_t errors = static_cast<std::size_t>(
            std::count_if(all.begin(), all.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
        const std::size_t warnings = all.size() - errors;
        std::cerr << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning" << (warnings == 1 ? "" : "s") << '\n';
    }
    if (unreadable) return exit_usage;
    return any_error ? exit_failure : exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_files(app, "POLICY", args->policies, "the policy files (YAML)");
    add_as_of(app, args->as_of, "the date of the review: yearly figures older than 15 months are reported (YYYY-MM-DD)");
    add_format(app, args->format, {"text", "json"});
    return [args] { return lint(*args); };
}

}  // namespace

const Command lint_command{"lint", "check policies against the law (DALO first, protected fields, L441-1 publics...)",
                           "cotation lint rules/cahc/cahc.yaml --as-of 2025-06-01", define};

}  // namespace cotation::cli
