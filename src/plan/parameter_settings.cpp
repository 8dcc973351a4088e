// `NAME=VALUE` settings typed by the policy's parameters (cotation/parameters.hpp).
#include "cotation/parameters.hpp"

#include "io/yaml_values.hpp"
#include "plan/plan.hpp"
#include "check/policy_access.hpp"

namespace cotation {

Result<std::pair<std::string, Value>> parameter_setting(const Policy& policy, const std::string& setting) {
    const std::size_t equals = setting.find('=');
    if (equals == std::string::npos || equals == 0)
        return Error{"E0705", "'" + setting + "' is not NAME=VALUE (a parameter's name, `=`, its value)"};
    const std::string name = setting.substr(0, equals), text = setting.substr(equals + 1);
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    const Result<std::size_t> index = find_parameter(p, name);
    if (!index) return index.error();
    const Type& type = p.parameters[*index].type;
    std::string problem;
    std::optional<Value> value = text_to_parameter(text, type, problem);
    if (value && !fits_parameter(*value, type)) problem = "'" + text + "' does not fit it";
    if (!value || !problem.empty()) return Error{"E0705", "parameter '" + name + "' is " + type_name(type) + "; " + problem};
    return std::pair{name, std::move(*value)};
}

}  // namespace cotation
