// cotation schema [-o OUT]
#include <iostream>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cotation/editor.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string output;
};

int schema(const Arguments& args) {
    int status = exit_ok;
    auto out = open_output(args.output, status);
    if (!out) return status;
    out->stream() << policy_json_schema();
    out->stream().flush();
    if (!out->stream()) {
        std::cerr << "cotation schema: cannot write " << (args.output.empty() ? std::string("the standard output") : args.output) << '\n';
        return exit_usage;
    }
    return exit_ok;
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_output(app, args->output);
    return [args] { return schema(*args); };
}

}  // namespace

const Command schema_command{"schema", "the JSON Schema of a policy file, for YAML editors (schema/policy.schema.json)",
                             "cotation schema -o policy.schema.json", define};

}  // namespace cotation::cli
