// tests: files in the temporary folder that no other process uses at the same time (ctest runs the
// suites of several build trees at once: the same name in /tmp would be read while another writes it).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace cotation::testing_support {

inline std::string unique_temp_path(std::string_view name) {
    return ::testing::TempDir() + "/cotation-" + std::to_string(::getpid()) + "-" + std::string(name);
}

// A file holding `content`, removed with the object.
class TempFile {
public:
    TempFile(std::string_view name, std::string_view content) : path_(unique_temp_path(name)) {
        std::ofstream(path_, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    }
    ~TempFile() { std::filesystem::remove(path_); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace cotation::testing_support
