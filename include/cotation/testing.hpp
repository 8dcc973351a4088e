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

// A criterion of the tested policy, and whether a case saw it applied (even with 0 points): the
// demand of a demand case, or one of the demands of a ranking case (`cotation test --coverage`).
struct CriterionSeen {
    std::string grid, rubric, criterion;
    bool applied = false;
};

struct TestFileResult {
    std::string path;
    std::string policy;                   // the tested policy's path (the file's `policy`, from the
                                          // test file's folder, normalised); empty when not named
    std::vector<CriterionSeen> criteria;  // every criterion of its grids, in file order (when it loads)
    std::vector<TestCaseResult> cases;
    std::vector<Diagnostic> diagnostics;  // problems of the test file or of its policy
    std::size_t passed = 0;
    std::size_t failed = 0;
    bool unreadable = false;              // the test file itself could not be read
};

TestFileResult run_test_file(const std::string& path);

}  // namespace cotation
