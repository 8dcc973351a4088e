// cotation test TESTFILE... [--quiet]: the last line is `N passed, N failed`.
#include <iostream>

#include "cli/commands.hpp"
#include "cotation/testing.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::vector<std::string> files;
    bool quiet = false;
};

int test(const Arguments& args) {
    std::size_t passed = 0, failed = 0;
    bool unreadable = false;
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
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    if (unreadable) return exit_usage;
    return failed > 0 ? exit_failure : exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_files(app, "TESTFILE", args->files, "the test files (YAML)");
    add_flag(app, "--quiet", args->quiet, "list only the cases that fail");
    return [args] { return test(*args); };
}

}  // namespace

const Command test_command{"test", "run policy test cases; the last line is `N passed, N failed`", "cotation test rules/cahc/tests.yaml",
                           define};

}  // namespace cotation::cli
