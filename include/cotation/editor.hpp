// Editor support (policy format, section 11): the JSON Schema of a policy file, for YAML editors,
// and the language server that checks a policy as its author types.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "cotation/value.hpp"

namespace cotation {

// The JSON Schema (draft 2020-12) of a policy file as a YAML 1.2 reader sees it, generated from the
// format's one table of keys: the text `cotation schema` prints and schema/policy.schema.json holds.
std::string policy_json_schema();

struct LanguageServerOptions {
    // The date at which hover reads a parameter's value in force when the client gives no
    // `initializationOptions.as_of`; nullopt: today.
    std::optional<Date> as_of;
};

// Serves the Language Server Protocol (3.17, JSON-RPC with Content-Length framing) on `in` and
// `out` until the client's `exit` notification or the end of `in`; what a person may want to read
// (malformed messages) goes to `log`. Returns the process's exit status: 0 when the client asked
// for `shutdown` before leaving, else 1. Never throws on what the client sends.
int run_language_server(std::istream& in, std::ostream& out, std::ostream& log, const LanguageServerOptions& options = {});

}  // namespace cotation
