// cotation test TESTFILE... [--quiet] [--coverage]: the last line of the counts is `N passed, N failed`;
// with --coverage, the criteria that no case saw applied follow it.
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cotation/testing.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::vector<std::string> files;
    bool quiet = false, coverage = false;
};

// The criteria of each tested policy, in the order the policies were first met; files that name
// the same policy count together.
struct PolicyCoverage {
    std::filesystem::path policy;
    std::vector<CriterionSeen> criteria;
};

void add_coverage(std::vector<PolicyCoverage>& policies, const TestFileResult& result) {
    if (result.policy.empty() || result.criteria.empty()) return;
    std::error_code error;
    std::filesystem::path policy = std::filesystem::weakly_canonical(result.policy, error);
    if (error) policy = std::filesystem::path(result.policy).lexically_normal();
    for (PolicyCoverage& known : policies) {
        if (known.policy != policy) continue;
        for (std::size_t i = 0; i < known.criteria.size() && i < result.criteria.size(); ++i)
            known.criteria[i].applied = known.criteria[i].applied || result.criteria[i].applied;
        return;
    }
    policies.push_back(PolicyCoverage{policy, result.criteria});
}

int test(const Arguments& args) {
    std::size_t passed = 0, failed = 0;
    bool unreadable = false;
    std::vector<PolicyCoverage> coverage;
    for (const std::string& path : args.files) {
        TestFileResult result = run_test_file(path);
        unreadable = unreadable || result.unreadable;
        std::cerr << format_text(result.diagnostics);
        if (!result.diagnostics.empty() && result.cases.empty()) ++failed;  // a test file that cannot run counts as failing
        std::cout << path << '\n';
        for (const TestCaseResult& c : result.cases) {
            if (c.passed && args.quiet) continue;
            std::cout << (c.passed ? "  PASS  " : "  FAIL  ") << c.name << '\n';
            if (!c.passed) std::cout << c.report;
        }
        passed += result.passed;
        failed += result.failed;
        add_coverage(coverage, result);
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    if (args.coverage)  // says nothing of the exit status: a criterion no case applies is not a failure
        for (const PolicyCoverage& policy : coverage)
            for (const CriterionSeen& c : policy.criteria)
                if (!c.applied) std::cout << "not covered: " << c.grid << '/' << c.rubric << '/' << c.criterion << '\n';
    if (unreadable) return exit_usage;
    return failed > 0 ? exit_failure : exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_files(app, "TESTFILE", args->files, "the test files (YAML)");
    add_flag(app, "--quiet", args->quiet, "list only the cases that fail");
    add_flag(app, "--coverage", args->coverage, "then list the criteria that no case saw applied (`not covered: GRID/RUBRIC/CRITERION`)");
    return [args] { return test(*args); };
}

}  // namespace

const Command test_command{"test", "run policy test cases; the last line is `N passed, N failed`", "cotation test rules/cahc/tests.yaml",
                           define};

}  // namespace cotation::cli
