// cotation test TESTFILE...: the last line is `N passed, N failed`.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cotation/testing.hpp"

namespace cotation::cli {

int run_test(const std::vector<std::string>& argv) {
    std::string error;
    auto args = parse_args(argv, OptionSpec{{}, {"--quiet"}}, error);
    if (!args) return usage_error("test", error);
    if (args->positional.empty()) return usage_error("test", "name at least one test file");
    std::size_t passed = 0, failed = 0;
    bool unreadable = false;
    for (const std::string& path : args->positional) {
        TestFileResult result = run_test_file(path);
        unreadable = unreadable || result.unreadable;
        std::cerr << format_text(result.diagnostics);
        if (!result.diagnostics.empty() && result.cases.empty()) ++failed;  // a test file that cannot run counts as failing
        std::cout << path << '\n';
        for (const TestCaseResult& c : result.cases) {
            if (c.passed && args->flag("--quiet")) continue;
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

}  // namespace cotation::cli
