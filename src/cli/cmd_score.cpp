// cotation score POLICY DEMANDS --as-of DATE [--set NAME=VALUE]... [-o OUT] [--explain] [--format csv|jsonl] [--summary]
// CSV and JSON Lines files go through the fast path (columns, all cores).
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cli/progress.hpp"
#include "cotation/fast.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string policy, demands, output, format;
    std::optional<Date> as_of;
    bool explain = false, summary = false;
    std::uint64_t threads = 0;
    std::vector<std::string> settings;
    DataOptions data;
};

int score(const Arguments& args) {
    int status = exit_ok;
    auto policy = load_or_report(args.policy, status);
    if (!policy || !has_record_or_report(*policy, "demand", status)) return status;
    auto overrides = overrides_or_report("score", *policy, args.settings, status);
    if (!overrides) return status;
    auto output = open_output(args.output, status);
    if (!output) return status;

    Progress bar("score", file_bytes(args.demands));
    const FastScoreOptions options{*args.as_of, std::move(*overrides), args.data.read, static_cast<unsigned>(args.threads), args.explain,
                                   [&](std::uint64_t bytes) { bar.update(bytes); }};
    FastScoreRun fast = fast_score_file(*policy, args.demands, options);
    bar.finish();
    if (!fast.ok()) return report_run_error("score", args.demands, fast.error, fast.input_error);
    if (!report_read(args.demands, fast.warnings, fast.rejected, args.data, status)) return status;

    write_fast_scores(output->stream(), *policy, fast, args.explain, args.format == "jsonl");
    output->stream().flush();
    print_policy(*policy);
    std::cerr << "rows read: " << fast.rows_read << ", scored: " << fast.scored << ", unscored: " << fast.unscored
              << ", rejected: " << fast.rejected.size() << '\n';
    if (args.summary) write_score_summary(args.output.empty() ? std::cerr : std::cout, *policy, to_score_run(*policy, fast));
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_policy(app, args->policy);
    add_data_file(app, "DEMANDS", args->demands, "the demands");
    required(add_as_of(app, args->as_of));
    add_output(app, args->output);
    add_format(app, args->format, {"csv", "jsonl"});
    add_flag(app, "--explain", args->explain, "one more column per criterion: the points it gave");
    add_flag(app, "--summary", args->summary, "the counts, the score distribution and the largest groups (on stderr; on stdout with -o)");
    add_whole_number(app, "--threads", args->threads, 0, std::numeric_limits<unsigned>::max(), "N", "threads to score with (0: every core)");
    add_parameter_settings(app, args->settings);
    add_data_options(app, args->data);
    return [args] { return score(*args); };
}

}  // namespace

const Command score_command{"score", "score every demand",
                            "cotation score rules/cahc/cahc.yaml examples/data/demands.csv --as-of 2025-06-01 -o scores.csv", define};

}  // namespace cotation::cli
