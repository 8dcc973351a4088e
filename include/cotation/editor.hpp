// Editor support (policy format, section 11): the JSON Schema of a policy file, for YAML editors.
#pragma once

#include <string>

namespace cotation {

// The JSON Schema (draft 2020-12) of a policy file as a YAML 1.2 reader sees it, generated from the
// format's one table of keys: the text `cotation schema` prints and schema/policy.schema.json holds.
std::string policy_json_schema();

}  // namespace cotation
