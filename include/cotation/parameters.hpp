// Parameter overrides written as text: what `--set NAME=VALUE` gives on the command line
// (policy format, section 10.1). The overrides then go where every run takes them
// (`parameter_overrides` of ScoreOptions, FastScoreOptions, ExplainOptions, RankOptions, AuditOptions).
#pragma once

#include <string>
#include <utility>

#include "cotation/policy.hpp"
#include "cotation/result.hpp"
#include "cotation/value.hpp"

namespace cotation {

// One `NAME=VALUE` setting as an override of the policy's parameter NAME, replacing all its dates.
// VALUE is read as a YAML flow scalar, list or mapping and must have the parameter's type: a whole
// number for an `int` parameter, any number for a `number` one; a list of the element type (`[]`
// fits any list); a table as a mapping `{1: 0, 2: 1}`; for a string, the text as written (`62510`);
// a bool is `true` or `false` only. Error E0705 names the parameter, and for an unknown name the
// closest one. Settings are applied in the order given: the last of a name wins.
Result<std::pair<std::string, Value>> parameter_setting(const Policy& policy, const std::string& setting);

}  // namespace cotation
