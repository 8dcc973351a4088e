// cotation explain POLICY DEMANDS --id ID --as-of DATE [--set NAME=VALUE]... [--allocations FILE] [-o OUT]
#include <iostream>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cotation/score.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string policy, demands, id, allocations, output;
    std::optional<Date> as_of;
    std::vector<std::string> settings;
    DataOptions data;
};

int explain(const Arguments& args) {
    int status = exit_ok;
    auto policy = load_or_report(args.policy, status);
    if (!policy) return status;
    auto overrides = overrides_or_report("explain", *policy, args.settings, status);
    if (!overrides) return status;
    auto demands = read_data(*policy, "demand", args.demands, args.data, status);
    if (!demands) return status;
    std::optional<DataTable> allocations;
    if (!args.allocations.empty()) {
        allocations = read_data(*policy, "allocation", args.allocations, args.data, status);
        if (!allocations) return status;
    }

    std::string error;
    const std::string text =
        explain_demand(*policy, *demands, args.id, ExplainOptions{*args.as_of, *overrides, allocations ? &*allocations : nullptr}, error);
    if (!error.empty()) {
        std::cerr << "cotation explain: " << error << '\n';
        return exit_failure;
    }
    auto output = open_output(args.output, status);
    if (!output) return status;
    output->stream() << text;
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_policy(app, args->policy);
    add_data_file(app, "DEMANDS", args->demands, "the demands");
    required(add_text(app, "--id", args->id, "ID", "the id of the demand to explain"));
    required(add_as_of(app, args->as_of));
    add_file(app, "--allocations", args->allocations, "allocations, for the average waiting time of similar demands");
    add_output(app, args->output);
    add_parameter_settings(app, args->settings);
    add_data_options(app, args->data);
    return [args] { return explain(*args); };
}

}  // namespace

const Command explain_command{
    "explain", "what the applicant is told: the grid, each criterion, the score and the position",
    "cotation explain rules/cahc/cahc.yaml examples/data/demands.csv --id 062111900011 --as-of 2025-06-01", define};

}  // namespace cotation::cli
