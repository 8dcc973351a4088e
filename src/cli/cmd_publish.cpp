// cotation publish POLICY --as-of DATE [--format html|md] [-o OUT]
#include <iostream>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cotation/policy.hpp"
#include "report/publish.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string policy, format, output;
    std::optional<Date> as_of;
};

int publish(const Arguments& args) {
    int status = exit_ok;
    auto policy = load_or_report(args.policy, status);
    if (!policy) return status;
    Result<PublishedPolicy> published = published_policy(*policy, *args.as_of);
    if (!published) {
        std::cerr << "cotation publish: " << published.error().message << '\n';
        return exit_failure;
    }
    auto output = open_output(args.output, status);
    if (!output) return status;
    if (args.format == "md") write_published_markdown(output->stream(), published.value());
    else write_published_html(output->stream(), published.value());
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_policy(app, args->policy);
    required(add_as_of(app, args->as_of, "the date whose parameter values are published (YYYY-MM-DD)"));
    add_format(app, args->format, {"html", "md"});
    add_output(app, args->output);
    return [args] { return publish(*args); };
}

}  // namespace

const Command publish_command{"publish", "the public grid, in French (R441-2-10): criteria, points, proofs, positioning",
                              "cotation publish rules/cahc/cahc.yaml --as-of 2025-06-01 -o grille.html", define};

}  // namespace cotation::cli
