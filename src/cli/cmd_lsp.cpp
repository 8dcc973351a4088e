// cotation lsp [--as-of DATE] [--stdio]
#include <iostream>

#include "cli/commands.hpp"
#include "cotation/editor.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::optional<Date> as_of;
    bool stdio = false;
};

int lsp(const Arguments& args) {
    // The protocol owns the standard output: nothing else may be written there.
    std::ios::sync_with_stdio(false);
    LanguageServerOptions options;
    options.as_of = args.as_of;
    return run_language_server(std::cin, std::cout, std::cerr, options);
}

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_as_of(app, args->as_of,
              "the date at which hover reads parameters when the editor sends no initializationOptions.as_of (default: today)");
    add_flag(app, "--stdio", args->stdio, "talk over the standard input and output (the only way; for clients that pass it)");
    return [args] { return lsp(*args); };
}

}  // namespace

const Command lsp_command{"lsp", "the language server for editors (LSP over the standard input and output)", "cotation lsp", define};

}  // namespace cotation::cli
