// Field values written in YAML (test files, offers), converted to typed values.
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "cotation/value.hpp"

namespace cotation {

// nullopt with `error` set when the node is not a value of `type`. A YAML null is a null value.
std::optional<Value> yaml_to_value(const YAML::Node& node, const Type& type, std::string& error);
// A parameter override: the parameter's type decides (numbers, strings, bools, lists, tables).
std::optional<Value> yaml_to_parameter(const YAML::Node& node, const Type& type, std::string& error);

}  // namespace cotation
