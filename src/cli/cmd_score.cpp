// cotation score POLICY DEMANDS --as-of DATE [-o OUT] [--explain] [--format csv|jsonl] [--summary]
// CSV and JSON Lines files go through the fast path (columns, all cores).
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/progress.hpp"
#include "cotation/fast.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"

namespace cotation::cli {

int run_score(const std::vector<std::string>& argv) {
    OptionSpec spec{{"--as-of", "-o", "--format", "--threads"}, {"--explain", "--summary"}};
    add_data_options(spec);
    std::string error;
    auto args = parse_args(argv, spec, error);
    if (!args) return usage_error("score", error);
    if (args->positional.size() != 2) return usage_error("score", "expected POLICY DEMANDS");
    const std::string format = args->value("--format") ? *args->value("--format") : "csv";
    if (format != "csv" && format != "jsonl") return usage_error("score", "--format is csv or jsonl");
    unsigned threads = 0;
    if (const std::string* t = args->value("--threads")) {
        try {
            threads = static_cast<unsigned>(std::stoul(*t));
        } catch (const std::exception&) {
            return usage_error("score", "--threads takes a whole number");
        }
    }
    int status = exit_ok;
    const auto as_of = date_option(*args, "--as-of", true, status);
    if (!as_of) return status;
    auto policy = load_or_report(args->positional[0], status);
    if (!policy) return status;
    if (!policy->has_record("demand")) {
        std::cerr << "cotation score: the policy declares no `demand` record\n";
        return exit_failure;
    }
    const std::string& path = args->positional[1];
    const ScoreReportOptions report{args->flag("--explain")};
    Output output(*args);
    if (!output.ok()) return usage_error("score", output.error());
    const auto options = read_options(*args, status);
    if (!options) return status;
    std::error_code size_error;
    Progress bar("score", static_cast<std::uint64_t>(std::filesystem::file_size(path, size_error)));
    FastScoreOptions fast_options{*as_of, {}, *options, threads, report.explain, [&](std::uint64_t bytes) { bar.update(bytes); }};
    FastScoreRun fast = fast_score_file(*policy, path, fast_options);
    bar.finish();
    if (!fast.ok()) {
        const bool named = fast.error.find(path) != std::string::npos;
        std::cerr << "cotation: " << (fast.input_error && !named ? path + ": " : fast.input_error ? "" : "score: ") << fast.error << '\n';
        return fast.input_error ? exit_usage : exit_failure;
    }
    if (!report_read(path, fast.warnings, fast.rejected, *args, status)) return status;
    write_fast_scores(output.stream(), *policy, fast, report.explain, format == "jsonl");
    output.stream().flush();
    std::cerr << "policy: " << policy->name() << (policy->version().empty() ? "" : " (version " + policy->version() + ")") << '\n'
              << "rows read: " << fast.rows_read << ", scored: " << fast.scored << ", unscored: " << fast.unscored
              << ", rejected: " << fast.rejected.size() << '\n';
    if (args->flag("--summary")) write_score_summary(args->value("-o") ? std::cout : std::cerr, *policy, to_score_run(*policy, fast));
    return exit_ok;
}

}  // namespace cotation::cli
