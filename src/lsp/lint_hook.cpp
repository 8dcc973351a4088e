#include "lsp/lint_hook.hpp"

#include "lint/lint.hpp"

namespace cotation::lsp {

std::vector<Diagnostic> lint_findings(const CompiledPolicy& policy, Date as_of) { return lint_policy(policy, as_of); }

}  // namespace cotation::lsp
