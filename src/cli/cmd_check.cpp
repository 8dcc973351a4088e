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
    std::vector<PolicyDiagnostics> reports;
    for (const std::string& path : args.policies) {
        LoadResult result = load_policy(path);
        const bool unreadable = cannot_read(result.diagnostics);
        reports.push_back(PolicyDiagnostics{path, std::move(result.diagnostics), unreadable});
    }
    return report_diagnostics(reports, args.format == "json");
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
