// lsp: where the legal lint (`cotation lint`, policy format section 10.4) joins the language server.
#pragma once

#include <vector>

#include "check/compiled.hpp"
#include "cotation/diagnostic.hpp"

namespace cotation::lsp {

// The lint's findings on a policy that has no error, read at `as_of` (the date of the server's
// hover: initializationOptions.as_of, else today). The one place where the server calls the lint.
std::vector<Diagnostic> lint_findings(const CompiledPolicy& policy, Date as_of);

}  // namespace cotation::lsp
