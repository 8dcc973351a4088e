// cotation gen demands|allocations --count N --seed S [-o OUT] [--threads N] [--territory K|cahc]
#include <cstdio>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cotation/gen.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string kind, territory, output;
    std::uint64_t count = 0, seed = 0, threads = 0;
};

// K of --territory: cahc (0) or a territory number.
std::optional<std::uint64_t> parse_territory(const std::string& text) {
    return text == "cahc" ? std::optional<std::uint64_t>(0) : parse_whole_number(text, gen_territory_count - 1);
}

int gen(const Arguments& args) {
    GenOptions options;
    options.kind = *parse_gen_kind(args.kind);
    options.count = args.count;
    options.seed = args.seed;
    options.threads = static_cast<unsigned>(args.threads);
    if (!args.territory.empty()) options.territory = static_cast<int>(*parse_territory(args.territory));

    // Written with stdio: the rows go out in large blocks, and a failed write must be seen.
    std::FILE* out = stdout;
    if (!args.output.empty()) {
        out = std::fopen(args.output.c_str(), "wb");
        if (!out) {
            std::cerr << "cotation: cannot write " << args.output << '\n';
            return exit_usage;
        }
    }
    Progress bar("gen " + args.kind, options.count);
    const GenResult result = generate(
        options,
        [&](std::string_view text) { return std::fwrite(text.data(), 1, text.size(), out) == text.size(); },
        [&](std::uint64_t rows) { bar.update(rows); });
    bar.finish();
    bool written = result.ok() && std::fflush(out) == 0 && !std::ferror(out);
    if (!args.output.empty()) written = std::fclose(out) == 0 && written;
    if (!written) {
        // The output is left as it is (it may be a device or a pipe): say that it is incomplete.
        std::cerr << "cotation gen: cannot write " << (args.output.empty() ? std::string("the standard output") : args.output)
                  << "; the output is incomplete\n";
        return exit_usage;
    }
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_choice(app, "KIND", args->kind, {"demands", "allocations"}, "the kind of rows to generate");
    required(add_whole_number(app, "--count", args->count, 0, 1'000'000'000'000, "N", "the number of rows"));
    required(add_whole_number(app, "--seed", args->seed, 0, std::numeric_limits<std::uint64_t>::max(), "S",
                              "the seed: the same seed gives the same rows"));
    add_output(app, args->output);
    add_whole_number(app, "--threads", args->threads, 1, 1024, "N", "threads to generate with (default: every core)");
    add_text(app, "--territory", args->territory, "K",
             "every row in one territory: cahc, or its number from 0 to " + std::to_string(gen_territory_count - 1) +
                 " (default: all, weighted by size)",
             [](const std::string& text) {
                 return parse_territory(text) ? std::string()
                                              : "'" + text + "' is not cahc or a territory number (0 to " +
                                                    std::to_string(gen_territory_count - 1) + ")";
             });
    return [args] { return gen(*args); };
}

}  // namespace

const Command gen_command{"gen", "synthetic, realistic demands or allocations (CSV; the same seed gives the same rows)",
                          "cotation gen demands --count 1000 --seed 1 -o demands.csv", define};

}  // namespace cotation::cli
