// cotation score POLICY DEMANDS --as-of DATE [-o OUT] [--explain] [--format csv|jsonl] [--summary]
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"

namespace cotation::cli {

int run_score(const std::vector<std::string>& argv) {
    OptionSpec spec{{"--as-of", "-o", "--format"}, {"--explain", "--summary"}};
    add_data_options(spec);
    std::string error;
    auto args = parse_args(argv, spec, error);
    if (!args) return usage_error("score", error);
    if (args->positional.size() != 2) return usage_error("score", "expected POLICY DEMANDS");
    const std::string format = args->value("--format") ? *args->value("--format") : "csv";
    if (format != "csv" && format != "jsonl") return usage_error("score", "--format is csv or jsonl");
    int status = exit_ok;
    const auto as_of = date_option(*args, "--as-of", true, status);
    if (!as_of) return status;
    auto policy = load_or_report(args->positional[0], status);
    if (!policy) return status;
    auto demands = read_data(*policy, "demand", args->positional[1], *args, status);
    if (!demands) return status;

    ScoreRun run = score_demands(*policy, *demands, ScoreOptions{*as_of, {}});
    if (!run.ok()) {
        std::cerr << "cotation score: " << run.error << '\n';
        return exit_failure;
    }
    Output output(*args);
    if (!output.ok()) return usage_error("score", output.error());
    const ScoreReportOptions report{args->flag("--explain")};
    if (format == "csv") write_scores_csv(output.stream(), *policy, run, report);
    else write_scores_jsonl(output.stream(), *policy, run, report);
    output.stream().flush();

    std::cerr << "policy: " << policy->name() << (policy->version().empty() ? "" : " (version " + policy->version() + ")") << '\n'
              << "rows read: " << demands->rows_read << ", scored: " << run.scored << ", unscored: " << run.unscored
              << ", rejected: " << demands->rejected.size() << '\n';
    if (args->flag("--summary")) write_score_summary(args->value("-o") ? std::cout : std::cerr, *policy, run);
    return exit_ok;
}

}  // namespace cotation::cli
