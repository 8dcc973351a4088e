// The commands of `cotation`, in the order `cotation --help` lists them. Each is defined in its
// own file, cmd_NAME.cpp; a new command is that file and its name added to the two lines below.
#pragma once

#include "cli/command.hpp"

namespace cotation::cli {

extern const Command check_command, lint_command, publish_command, score_command, explain_command, test_command, audit_command,
    rank_command, gen_command, compare_command, coverage_command, schema_command, lsp_command, completion_command;

inline const Command* const all_commands[] = {&check_command,   &lint_command,     &publish_command, &score_command,  &explain_command,
                                              &test_command,    &audit_command,    &rank_command,    &gen_command,    &compare_command,
                                              &coverage_command, &schema_command,  &lsp_command,     &completion_command};

}  // namespace cotation::cli
