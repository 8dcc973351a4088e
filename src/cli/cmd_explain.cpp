// cotation explain POLICY DEMANDS --id ID --as-of DATE [--allocations FILE]
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cotation/score.hpp"

namespace cotation::cli {

int run_explain(const std::vector<std::string>& argv) {
    OptionSpec spec{{"--id", "--as-of", "--allocations", "-o"}, {}};
    add_data_options(spec);
    std::string error;
    auto args = parse_args(argv, spec, error);
    if (!args) return usage_error("explain", error);
    if (args->positional.size() != 2) return usage_error("explain", "expected POLICY DEMANDS");
    const std::string* id = args->value("--id");
    if (!id) return usage_error("explain", "--id ID is required");
    int status = exit_ok;
    const auto as_of = date_option(*args, "--as-of", true, status);
    if (!as_of) return status;
    auto policy = load_or_report(args->positional[0], status);
    if (!policy) return status;
    auto demands = read_data(*policy, "demand", args->positional[1], *args, status);
    if (!demands) return status;
    std::optional<DataTable> allocations;
    if (const std::string* path = args->value("--allocations")) {
        allocations = read_data(*policy, "allocation", *path, *args, status);
        if (!allocations) return status;
    }
    ExplainOptions options{*as_of, {}, allocations ? &*allocations : nullptr};
    std::string text = explain_demand(*policy, *demands, *id, options, error);
    if (!error.empty()) {
        std::cerr << "cotation explain: " << error << '\n';
        return exit_failure;
    }
    Output output(*args);
    if (!output.ok()) return usage_error("explain", output.error());
    output.stream() << text;
    return exit_ok;
}

}  // namespace cotation::cli
