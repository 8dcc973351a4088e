// cotation coverage POLICY DEMANDS --as-of DATE [--set NAME=VALUE]... [--format text|csv|json] [-o OUT]
// How often each criterion and flag applies over the demands, counted on the fast path.
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cli/progress.hpp"
#include "cotation/coverage.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string policy, demands, format, output;
    std::optional<Date> as_of;
    std::vector<std::string> settings;
    std::uint64_t threads = 0;
    DataOptions data;
};

int coverage(const Arguments& args) {
    int status = exit_ok;
    auto policy = load_or_report(args.policy, status);
    if (!policy || !has_record_or_report(*policy, "demand", status)) return status;
    auto overrides = overrides_or_report("coverage", *policy, args.settings, status);
    if (!overrides) return status;
    auto output = open_output(args.output, status);
    if (!output) return status;

    Progress bar("coverage", file_bytes(args.demands));
    const CoverageOptions options{*args.as_of, std::move(*overrides), args.data.read, static_cast<unsigned>(args.threads),
                                  [&](std::uint64_t bytes) { bar.update(bytes); }};
    const CoverageRun run = coverage_file(*policy, args.demands, options);
    bar.finish();
    if (!run.ok()) return report_run_error("coverage", args.demands, run.error, run.input_error);
    if (!report_read(args.demands, run.warnings, run.rejected, args.data, status)) return status;

    std::ostream& out = output->stream();
    if (args.format == "csv") write_coverage_csv(out, run);
    else if (args.format == "json") write_coverage_json(out, *policy, run);
    else write_coverage_text(out, *policy, run);
    out.flush();
    if (!out) {
        std::cerr << "cotation coverage: could not write the output\n";
        return exit_usage;
    }
    print_policy(*policy);
    std::cerr << "rows read: " << run.rows_read << ", scored: " << run.scored << ", unscored: " << run.unscored
              << ", rejected: " << run.rejected.size() << '\n';
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_policy(app, args->policy);
    add_data_file(app, "DEMANDS", args->demands, "the demands");
    required(add_as_of(app, args->as_of));
    add_parameter_settings(app, args->settings);
    add_format(app, args->format, {"text", "csv", "json"});
    add_output(app, args->output);
    add_whole_number(app, "--threads", args->threads, 0, std::numeric_limits<unsigned>::max(), "N", "threads to score with (0: every core)");
    add_data_options(app, args->data);
    return [args] { return coverage(*args); };
}

}  // namespace

const Command coverage_command{"coverage", "how often each criterion and each flag applies over the demands",
                               "cotation coverage rules/cahc/cahc.yaml examples/data/demands.csv --as-of 2025-06-01", define};

}  // namespace cotation::cli
