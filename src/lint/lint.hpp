// lint: a policy that loads without errors, checked against the law (spec section 10.4). The
// findings are diagnostics with codes L01xx, placed like every diagnostic, in file order:
//   L0101 (error)  DALO households not shown to come first
//   L0102 (error)  a criterion, ranking key, `within` or eligibility condition reads a protected field
//   L0103          an eligibility condition that reads only where the household lives or works
//   L0104          a malus (negative points) without an end in time
//   L0105          a grid without a criterion for one of the priority publics of L441-1 CCH
//   L0106          a yearly figure not renewed for more than 15 months (only with `as_of`)
// docs/lint.md gives each check's legal source and an example. `cotation lint` and the language
// server call lint_policy.
#pragma once

#include <optional>
#include <vector>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"

namespace cotation {

std::vector<Diagnostic> lint_policy(const CompiledPolicy& policy, std::optional<Date> as_of = std::nullopt);
// The same for a loaded policy (what the command line holds).
std::vector<Diagnostic> lint_policy(const Policy& policy, std::optional<Date> as_of = std::nullopt);

}  // namespace cotation
