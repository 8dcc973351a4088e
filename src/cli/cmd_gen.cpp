// cotation gen demands|allocations --count N --seed S [-o OUT] [--threads N] [--territory K|cahc]
#include <charconv>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/progress.hpp"
#include "cotation/gen.hpp"

namespace cotation::cli {

namespace {

// A whole number written with digits only (no sign, no spaces), within `max`.
std::optional<std::uint64_t> whole_number(const std::string& text, std::uint64_t max) {
    std::uint64_t value = 0;
    if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

}  // namespace

int run_gen(const std::vector<std::string>& argv) {
    const OptionSpec spec{{"--count", "--seed", "-o", "--threads", "--territory"}, {}};
    std::string error;
    auto args = parse_args(argv, spec, error);
    if (!args) return usage_error("gen", error);
    if (args->positional.size() != 1)
        return usage_error("gen", "expected one kind of data: demands or allocations");
    const auto kind = parse_gen_kind(args->positional[0]);
    if (!kind)
        return usage_error("gen", "unknown kind '" + args->positional[0] + "': expected demands or allocations");

    GenOptions options;
    options.kind = *kind;
    const std::string* count = args->value("--count");
    if (!count) return usage_error("gen", "--count N is required (number of rows)");
    constexpr std::uint64_t max_count = 1'000'000'000'000;
    const auto n = whole_number(*count, UINT64_MAX);
    if (!n) return usage_error("gen", "--count: '" + *count + "' is not a non-negative whole number");
    if (*n > max_count) return usage_error("gen", "--count: " + *count + " rows is too many (at most 10^12)");
    options.count = *n;
    const std::string* seed = args->value("--seed");
    if (!seed) return usage_error("gen", "--seed S is required (a whole number: the same seed gives the same data)");
    const auto s = whole_number(*seed, UINT64_MAX);
    if (!s) return usage_error("gen", "--seed: '" + *seed + "' is not a non-negative whole number");
    options.seed = *s;
    if (const std::string* threads = args->value("--threads")) {
        const auto t = whole_number(*threads, 1024);
        if (!t || *t == 0) return usage_error("gen", "--threads: '" + *threads + "' is not a number of threads (1 to 1024)");
        options.threads = static_cast<unsigned>(*t);
    }
    if (const std::string* territory = args->value("--territory")) {
        const auto t = *territory == "cahc" ? std::optional<std::uint64_t>(0) : whole_number(*territory, gen_territory_count - 1);
        if (!t)
            return usage_error("gen", "--territory: '" + *territory + "' is not cahc or a territory number (0 to " +
                                          std::to_string(gen_territory_count - 1) + ")");
        options.territory = static_cast<int>(*t);
    }

    const std::string* path = args->value("-o");
    std::FILE* out = stdout;
    if (path) {
        out = std::fopen(path->c_str(), "wb");
        if (!out) return usage_error("gen", "cannot write " + *path);
    }
    Progress bar(std::string("gen ") + args->positional[0], options.count);
    const GenResult result = generate(
        options,
        [&](std::string_view text) { return std::fwrite(text.data(), 1, text.size(), out) == text.size(); },
        [&](std::uint64_t rows) { bar.update(rows); });
    bar.finish();
    bool written = result.ok() && std::fflush(out) == 0 && !std::ferror(out);
    if (path) written = std::fclose(out) == 0 && written;
    if (!written) {
        // The output is left as it is (it may be a device or a pipe): say that it is incomplete.
        std::cerr << "cotation gen: cannot write " << (path ? *path : std::string("the standard output"))
                  << "; the output is incomplete\n";
        return exit_usage;
    }
    return exit_ok;
}

}  // namespace cotation::cli
