// Policy test files: cases with a demand (or allocations, or an offer) and expected results.
#pragma once

#include <string>
#include <vector>

#include "cotation/diagnostic.hpp"

namespace cotation {

struct TestCaseResult {
    std::string name;
    bool passed = false;
    std::string report;  // for a failure: each expected value beside the actual one, and the explanation
};

struct TestFileResult {
    std::string path;
    std::vector<TestCaseResult> cases;
    std::vector<Diagnostic> diagnostics;  // problems of the test file or of its policy
    std::size_t passed = 0;
    std::size_t failed = 0;
    bool unreadable = false;              // the test file itself could not be read
};

TestFileResult run_test_file(const std::string& path);

}  // namespace cotation
