// Source files and places in them, shared by every stage that reports diagnostics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cotation/diagnostic.hpp"

namespace cotation {

// A byte range [begin, end) in one source file.
struct Loc {
    std::uint32_t file = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

struct SourceFile {
    std::string path;   // as the user named it (relative paths stay relative)
    std::string text;
    std::vector<std::uint32_t> line_starts;
};

class SourceSet {
public:
    std::uint32_t add(std::string path, std::string text);
    const SourceFile& file(std::uint32_t index) const { return files_[index]; }
    std::size_t size() const { return files_.size(); }

    Diagnostic make(Severity severity, std::string code, Loc loc, std::string message, std::string hint = {}) const;
    // A diagnostic that belongs to a file but to no place in it.
    static Diagnostic make_global(Severity severity, std::string code, std::string file, std::string message,
                                  std::string hint = {});

private:
    std::vector<SourceFile> files_;
};

// Collects diagnostics for one run; every stage adds to it, none stops at the first.
class Diagnostics {
public:
    explicit Diagnostics(const SourceSet& sources) : sources_(&sources) {}
    Diagnostic& error(std::string code, Loc loc, std::string message, std::string hint = {});
    Diagnostic& warning(std::string code, Loc loc, std::string message, std::string hint = {});
    void add(Diagnostic d) { list_.push_back(std::move(d)); }
    bool has_errors() const;
    std::vector<Diagnostic>& list() { return list_; }
    const SourceSet& sources() const { return *sources_; }

private:
    const SourceSet* sources_;
    std::vector<Diagnostic> list_;
};

// "did you mean 'x'?" when a close candidate exists, else empty.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace cotation
