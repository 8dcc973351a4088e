// cotation lint POLICY... [--as-of DATE] [--format text|json]

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
    std::vector<PolicyDiagnostics> reports;
    for (const std::string& path : args.policies) {
        LoadResult result = load_policy(path);
        const bool unreadable = cannot_read(result.diagnostics);
        reports.push_back(PolicyDiagnostics{
            path, result.ok() ? lint_policy(*result.policy, args.as_of) : std::move(result.diagnostics), unreadable});
    }
    return report_diagnostics(reports, args.format == "json");
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
