#include "lsp/lint_hook.hpp"

namespace cotation::lsp {

// TO CONNECT (issue 14): the lint is written beside this server, in src/lint/, as a plain function
// returning diagnostics; at the merge this body becomes a call to it, e.g.
//     return lint_policy(policy, LintOptions{.as_of = as_of});
// Until then the server has no lint finding to show.
std::vector<Diagnostic> lint_findings(const CompiledPolicy& policy, Date as_of) {
    (void)policy;
    (void)as_of;
    return {};
}

}  // namespace cotation::lsp
