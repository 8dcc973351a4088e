// cotation compare BASE CANDIDATE DEMANDS --as-of DATE [--set NAME=VALUE]... [--format text|csv|json|html] [-o OUT]
// The demands are read once, on the fast path, and scored with both policies; --set changes
// CANDIDATE's parameters only, so that a grid can be compared with a variant of itself.
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cli/progress.hpp"
#include "cotation/compare.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string base, candidate, demands, format, output;
    std::optional<Date> as_of;
    std::vector<std::string> settings;
    std::uint64_t threads = 0;
    DataOptions data;
};

int compare(const Arguments& args) {
    int status = exit_ok;
    auto base = load_or_report(args.base, status);
    if (!base) return status;
    auto candidate = load_or_report(args.candidate, status);
    if (!candidate) return status;
    if (!has_record_or_report(*base, "demand", status) || !has_record_or_report(*candidate, "demand", status)) return status;
    auto overrides = overrides_or_report("compare", *candidate, args.settings, status);
    if (!overrides) return status;
    auto output = open_output(args.output, status);
    if (!output) return status;

    Progress bar("compare", file_bytes(args.demands));
    const CompareOptions options{*args.as_of, std::move(*overrides), args.data.read, static_cast<unsigned>(args.threads),
                                 [&](std::uint64_t bytes) { bar.update(bytes); }};
    const CompareRun run = compare_file(*base, *candidate, args.demands, options);
    bar.finish();
    switch (run.failure) {
        case CompareFailure::none: break;
        case CompareFailure::policies: return usage_error("compare", run.error);
        case CompareFailure::input: return report_run_error("compare", args.demands, run.error, true);
        case CompareFailure::policy: return report_run_error("compare", args.demands, run.error, false);
    }
    if (!report_read(args.demands, run.warnings, run.rejected, args.data, status)) return status;

    std::ostream& out = output->stream();
    if (args.format == "csv") write_compare_csv(out, *base, *candidate, run);
    else if (args.format == "json") write_compare_json(out, *base, *candidate, run);
    else if (args.format == "html") write_compare_html(out, *base, *candidate, run);
    else write_compare_text(out, *base, *candidate, run);
    out.flush();
    if (!out) {
        std::cerr << "cotation compare: could not write the output\n";
        return exit_usage;
    }
    print_policy(*base, "base");
    print_policy(*candidate, "candidate");
    std::cerr << "rows read: " << run.rows_read << ", rejected: " << run.rejected.size() << ", both scored: " << run.both_scored
              << ", only base: " << run.only_base << ", only candidate: " << run.only_candidate
              << ", scored by neither: " << run.demands - run.both_scored - run.only_base - run.only_candidate << '\n';
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_file(app, "BASE", args->base, "the policy in force (YAML)");
    add_file(app, "CANDIDATE", args->candidate, "the policy to compare with it (YAML); --set changes its parameters");
    add_data_file(app, "DEMANDS", args->demands, "the demands");
    required(add_as_of(app, args->as_of));
    add_parameter_settings(app, args->settings);
    add_format(app, args->format, {"text", "csv", "json", "html"});
    add_output(app, args->output);
    add_whole_number(app, "--threads", args->threads, 0, std::numeric_limits<unsigned>::max(), "N", "threads to score with (0: every core)");
    add_data_options(app, args->data);
    return [args] { return compare(*args); };
}

}  // namespace

const Command compare_command{"compare", "two grids on the same demands: who moves up or down, by flag, the largest moves",
                              "cotation compare rules/cahc/cahc.yaml rules/cahc/cahc_variant.yaml examples/data/demands.csv --as-of 2025-06-01",
                              define};

}  // namespace cotation::cli
