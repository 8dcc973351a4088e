// Field values written in YAML (test files, offers), converted to typed values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace cotation {

// nullopt with `error` set when the node is not a value of `type`. A YAML null, and an empty value
// (`""`), are a null value, as an empty cell of a data file is.
std::optional<Value> yaml_to_value(const YAML::Node& node, const Type& type, std::string& error);
// A parameter override: the parameter's type decides (numbers, strings, bools, lists, tables).
std::optional<Value> yaml_to_parameter(const YAML::Node& node, const Type& type, std::string& error);
// A parameter override written as text (`--set NAME=VALUE`): a YAML flow scalar, list or mapping
// read as yaml_to_parameter does, but stricter, as a value typed on a command line should be: a
// bool is `true` or `false` only, a list a flow list (`[a, b]`, `[]`), and null is no value.
std::optional<Value> text_to_parameter(const std::string& text, const Type& type, std::string& error);

// One row of `record` (named in messages) from a YAML mapping of its fields: the values in `fields`
// order, a field left out being null. Each mistake is appended to `problems`, one line each:
//   'comune' is not a field of 'offer'; did you mean 'commune'?
//   rooms: 'many' is not a number
// The values that could be read are returned all the same (a mistaken field stays null).
std::vector<Value> yaml_record_values(const YAML::Node& mapping, const std::vector<FieldSpec>& fields,
                                      const std::string& record, std::vector<std::string>& problems);

}  // namespace cotation
