// The JSON Schema of a policy file is the format's table of keys (load/format.hpp), key for key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cotation/editor.hpp"
#include "load/format.hpp"

namespace cotation {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> keys_of(const Json& properties) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : properties.items()) keys.push_back(key);
    return keys;
}

TEST(Schema, EveryMappingOfTheFormatWithItsKeys) {
    const Json schema = Json::parse(policy_json_schema());
    EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    EXPECT_EQ(schema["properties"]["cotation"]["const"], 1);
    for (const MappingInfo& mapping : mappings()) {
        const Json& def = mapping.id == Mapping::policy ? schema : schema["$defs"][std::string(mapping.name)];
        SCOPED_TRACE(std::string(mapping.name));
        EXPECT_EQ(keys_of(def["properties"]), mapping.names());
        EXPECT_EQ(def.value("required", Json::array()).get<std::vector<std::string>>(), mapping.required());
        EXPECT_EQ(def["additionalProperties"], false);
        for (const KeyInfo& key : mapping.keys) {
            const std::string description = def["properties"][std::string(key.name)]["description"];
            EXPECT_EQ(description, std::string(key.en) + "\n\n" + std::string(key.fr));
        }
    }
}

TEST(Schema, ShapesOfValues) {
    const Json schema = Json::parse(policy_json_schema());
    const Json& defs = schema["$defs"];
    // Derived fields are expressions; fields a type or the long form; parameters a value or the long form.
    EXPECT_EQ(defs["record"]["properties"]["derived"]["additionalProperties"]["$ref"], "#/$defs/expression");
    EXPECT_EQ(defs["record"]["properties"]["fields"]["additionalProperties"]["anyOf"][1]["$ref"], "#/$defs/field");
    EXPECT_EQ(schema["properties"]["parameters"]["additionalProperties"]["anyOf"][1]["$ref"], "#/$defs/parameter");
    EXPECT_EQ(schema["properties"]["records"]["propertyNames"]["pattern"], "^[a-z][a-z0-9_]*$");
    EXPECT_EQ(defs["rubric"]["properties"]["combine"]["enum"], Json::array({"sum", "max"}));
    EXPECT_EQ(defs["field_type"]["pattern"],
              "^\\s*(bool|int|number|string|date|list<string>|list<int>|enum\\[\\s*[A-Za-z0-9_.-]+\\s*(,\\s*[A-Za-z0-9_.-]+\\s*)*\\])\\s*$");
    // One text, always the same.
    EXPECT_EQ(policy_json_schema(), policy_json_schema());
    EXPECT_EQ(policy_json_schema().back(), '\n');
}

}  // namespace
}  // namespace cotation
