// Inputs shared by the micro-benchmarks: generated in memory, never read from (or written to) the
// repository. Each is built once, on first use, and kept for the whole run.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cotation/gen.hpp"
#include "cotation/policy.hpp"

namespace bench {

inline std::string source_path(const std::string& relative) { return std::string(COTATION_SOURCE_DIR) + "/" + relative; }

// A bundled policy, loaded once. Throws when it does not load (the benchmark cannot run).
inline const cotation::Policy& bundled_policy(const std::string& relative) {
    struct Entry {
        std::string path;
        cotation::Policy policy;
    };
    static std::vector<std::unique_ptr<Entry>> cache;  // entries that never move: a reference stays good
    for (const auto& e : cache)
        if (e->path == relative) return e->policy;
    cotation::LoadResult loaded = cotation::load_policy(source_path(relative));
    if (!loaded.ok()) throw std::runtime_error("cannot load " + relative);
    cache.push_back(std::make_unique<Entry>(Entry{relative, *loaded.policy}));
    return cache.back()->policy;
}

// `cotation gen` through the library: the same bytes as the command with the same count and seed.
inline const std::string& generated_csv(cotation::GenKind kind, std::uint64_t count, std::uint64_t seed = 1) {
    struct Entry {
        cotation::GenKind kind;
        std::uint64_t count;
        std::uint64_t seed;
        std::string text;
    };
    static std::vector<std::unique_ptr<Entry>> cache;
    for (const auto& e : cache)
        if (e->kind == kind && e->count == count && e->seed == seed) return e->text;
    cotation::GenOptions options;
    options.kind = kind;
    options.count = count;
    options.seed = seed;
    cache.push_back(std::make_unique<Entry>(Entry{kind, count, seed, cotation::generate_csv(options)}));
    return cache.back()->text;
}

}  // namespace bench
