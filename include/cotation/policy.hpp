// Loading a policy: the compiled policy, or every diagnostic. Never throws for a user's mistake.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cotation/diagnostic.hpp"
#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace cotation {

struct CompiledPolicy;
namespace internal {
struct PolicyAccess;
}  // namespace internal

// A checked, immutable policy. Cheap to copy; one policy serves any number of threads.
class Policy {
public:
    const std::string& name() const;
    const std::string& version() const;
    const std::string& reference() const;
    // The input columns of a record ("demand", "allocation", "offer"); empty when not declared.
    std::vector<FieldSpec> fields(const std::string& record) const;
    bool has_record(const std::string& record) const;
    // The field that is a record's key (its `key`); empty when the record is not declared or has none.
    std::string key(const std::string& record) const;
    std::vector<std::string> grid_ids() const;
    std::vector<std::string> flag_ids() const;
    std::vector<std::string> quota_ids() const;

private:
    friend struct internal::PolicyAccess;  // the library's own way in (src/check/policy_access.hpp)
    explicit Policy(std::shared_ptr<const CompiledPolicy> compiled) : compiled_(std::move(compiled)) {}
    std::shared_ptr<const CompiledPolicy> compiled_;
};

struct LoadResult {
    std::optional<Policy> policy;           // set when there is no error
    std::vector<Diagnostic> diagnostics;    // errors and warnings, in file order
    bool ok() const { return policy.has_value(); }
};

// load -> parse -> check, for a file and the files it includes.
LoadResult load_policy(const std::string& path);
// The same from text; `path` names it in diagnostics and anchors relative includes.
LoadResult load_policy_from_string(std::string text, const std::string& path = "<policy>");

}  // namespace cotation
