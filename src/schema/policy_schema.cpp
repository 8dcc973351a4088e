// schema: the JSON Schema of a policy file, generated from the format's one table of keys
// (load/format.hpp), so that what YAML editors complete and check is what the loader accepts.
//
// It describes the file as a YAML 1.2 reader sees it: mapping keys and dates are strings, `12` is a
// number, `true` a bool. It accepts at least every file the loader accepts (an editor must never
// flag a valid policy); what it cannot express (types in expressions, names that must exist) is
// left to `cotation check` and the language server.
#include <string>

#include <nlohmann/json.hpp>

#include "cotation/editor.hpp"
#include "cotation/version.hpp"
#include "load/format.hpp"

namespace cotation {

namespace {

using Json = nlohmann::ordered_json;

// The regular expressions of the loader's checks (load/loader_values.cpp: is_id, is_identifier,
// parse_target, read_order) and of core's parse_field_type.
constexpr const char* id_pattern = "^[a-z][a-z0-9_]*$";
constexpr const char* name_pattern = "^[A-Za-z_][A-Za-z0-9_]*$";
constexpr const char* date_pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
constexpr const char* target_pattern = "^(?=.*[0-9]) *(>=|<=) *([0-9]+|[0-9]*\\.?[0-9]* *%) *$";
constexpr const char* order_pattern = "^\\s*[A-Za-z_][A-Za-z0-9_]*(\\s+(asc|desc))?\\s*$";

std::string describe(std::string_view en, std::string_view fr) { return std::string(en) + "\n\n" + std::string(fr); }

Json ref(std::string_view def) { return Json{{"$ref", "#/$defs/" + std::string(def)}}; }

Json field_type_pattern() {
    std::string plain;
    for (const std::string& name : plain_field_type_names()) plain += (plain.empty() ? "" : "|") + name;  // no special character
    const std::string value = std::string(enum_value_pattern);
    const std::string enumeration = "enum\\[\\s*" + value + "\\s*(,\\s*" + value + "\\s*)*\\]";
    std::string description_en = "A field type: ", description_fr = "Un type de champ : ";
    bool first = true;
    for (const FieldTypeInfo& t : field_types()) {
        description_en += (first ? "" : "; ") + std::string(t.name) + " (" + std::string(t.en) + ")";
        description_fr += (first ? "" : " ; ") + std::string(t.name) + " (" + std::string(t.fr) + ")";
        first = false;
    }
    return Json{{"description", describe(description_en, description_fr)},
                {"type", "string"},
                {"pattern", "^\\s*(" + plain + "|" + enumeration + ")\\s*$"}};
}

Json shape_schema(ValueShape shape, Mapping of, ValueShape item, ValueShape item_key);

Json shape_schema(ValueShape shape, Mapping of, ValueShape item, ValueShape item_key) {
    using S = ValueShape;
    switch (shape) {
        case S::text: return Json{{"type", Json::array({"string", "number", "boolean"})}};
        case S::format_version: return Json{{"const", 1}};
        case S::id: return Json{{"type", "string"}, {"pattern", id_pattern}};
        case S::name: return Json{{"type", "string"}, {"pattern", name_pattern}};
        case S::names:
        case S::priority_codes:
            return Json{{"anyOf", Json::array({shape_schema(S::name, of, item, item_key),
                                               Json{{"type", "array"}, {"items", shape_schema(S::name, of, item, item_key)}}})}};
        case S::paths:
            return Json{{"anyOf", Json::array({Json{{"type", "string"}},
                                               Json{{"type", "array"}, {"items", Json{{"type", "string"}}}}})}};
        case S::field_type: return ref("field_type");
        case S::expression: return ref("expression");
        case S::expressions: return Json{{"type", "array"}, {"items", ref("expression")}};
        case S::number: return Json{{"type", "number"}};
        case S::combine: return Json{{"enum", Json::array({"sum", "max"})}};
        case S::target: return Json{{"type", "string"}, {"pattern", target_pattern}};
        case S::order: return Json{{"type", "array"}, {"items", Json{{"type", "string"}, {"pattern", order_pattern}}}};
        case S::flag: return Json{{"type", "boolean"}};
        case S::scalar: return Json{{"type", Json::array({"string", "number", "boolean", "null"})}};
        case S::parameter_value: return ref("parameter_value");
        case S::parameter_values:
            return Json{{"anyOf", Json::array({Json{{"type", "object"},
                                                    {"minProperties", 1},
                                                    {"propertyNames", Json{{"pattern", date_pattern}}},
                                                    {"additionalProperties", ref("parameter_value")}},
                                               ref("parameter_value")})}};
        case S::field: return Json{{"anyOf", Json::array({ref("field_type"), ref(mapping_info(of).name)})}};
        case S::parameter: return Json{{"anyOf", Json::array({ref("parameter_value"), ref(mapping_info(of).name)})}};
        case S::mapping_of:
            return Json{{"type", "object"},
                        {"propertyNames", Json{{"pattern", item_key == S::id ? id_pattern : name_pattern}}},
                        {"additionalProperties", shape_schema(item, of, S::one, S::name)}};
        case S::list_of: return Json{{"type", "array"}, {"items", shape_schema(item, of, S::one, S::name)}};
        case S::one: return ref(mapping_info(of).name);
    }
    return Json::object();
}

// A mapping's keys: `properties`, `required`, and no other key.
void add_keys(Json& schema, const MappingInfo& mapping) {
    Json properties = Json::object();
    for (const KeyInfo& key : mapping.keys) {
        Json property = Json{{"description", describe(key.en, key.fr)}};
        property.update(shape_schema(key.shape, key.of, key.item, key.item_key));
        properties[std::string(key.name)] = std::move(property);
    }
    schema["type"] = "object";
    schema["properties"] = std::move(properties);
    const std::vector<std::string> required = mapping.required();
    if (!required.empty()) schema["required"] = required;
    schema["additionalProperties"] = false;
}

Json parameter_value_schema() {
    const Json scalar = Json{{"type", Json::array({"number", "string", "boolean"})}};
    const Json list = Json{{"type", "array"}, {"items", Json{{"type", Json::array({"number", "string"})}}}};
    const Json table = Json{{"type", "object"}, {"additionalProperties", Json{{"type", "number"}}}};
    return Json{{"description", describe("A parameter's value: a number, a text, a bool, a list of numbers or of texts, or a "
                                         "table from whole numbers or texts to numbers (indexed as p[key]).",
                                         "La valeur d'un paramètre : un nombre, un texte, un booléen, une liste de nombres ou de "
                                         "textes, ou une table d'entiers ou de textes vers des nombres (lue p[clé]).")},
                {"anyOf", Json::array({scalar, list, table})}};
}

Json expression_schema() {
    return Json{{"description", describe("An expression of the policy language (policy format, section 2), e.g. "
                                         "`household_size >= 4`; a number or a bool is an expression too.",
                                         "Une expression du langage des politiques (format, section 2), par exemple "
                                         "`household_size >= 4` ; un nombre ou un booléen en est une aussi.")},
                {"type", Json::array({"string", "number", "boolean", "null"})}};
}

}  // namespace

std::string policy_json_schema() {
    const MappingInfo& policy = mapping_info(Mapping::policy);
    Json schema;
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    schema["title"] = "cotation policy, format " + std::to_string(policy_format_version);
    schema["description"] = describe(policy.en, policy.fr);
    add_keys(schema, policy);
    Json defs = Json::object();
    for (const MappingInfo& mapping : mappings()) {
        if (mapping.id == Mapping::policy) continue;
        Json def = Json{{"description", describe(mapping.en, mapping.fr)}};
        add_keys(def, mapping);
        defs[std::string(mapping.name)] = std::move(def);
    }
    defs["field_type"] = field_type_pattern();
    defs["expression"] = expression_schema();
    defs["parameter_value"] = parameter_value_schema();
    schema["$defs"] = std::move(defs);
    return schema.dump(2, ' ', false) + "\n";
}

}  // namespace cotation
