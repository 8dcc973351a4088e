// tests: a path in the temporary folder that no other process uses at the same time (ctest runs the
// suites of several build trees at once: the same name in /tmp would be read while another writes it).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <string_view>

namespace cotation::testing_support {

inline std::string unique_temp_path(std::string_view name) {
    return ::testing::TempDir() + "/cotation-" + std::to_string(::getpid()) + "-" + std::string(name);
}

}  // namespace cotation::testing_support
