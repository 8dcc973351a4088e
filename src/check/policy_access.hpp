// check (internal): the way from a public Policy to its compiled form. The public header only
// names CompiledPolicy; the stages that need its contents (plan, eval, score, audit, report...)
// reach it here, so that nothing of src/ is reachable from include/.
#pragma once

#include <memory>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"

namespace cotation::internal {

struct PolicyAccess {
    static Policy make(std::shared_ptr<const CompiledPolicy> compiled) { return Policy(std::move(compiled)); }
    static const CompiledPolicy& compiled(const Policy& policy) { return *policy.compiled_; }
    static const std::shared_ptr<const CompiledPolicy>& shared(const Policy& policy) { return policy.compiled_; }
};

}  // namespace cotation::internal
