// The policy format's mappings and keys, declared once: the loader checks every mapping of a
// policy file against them (unknown, missing and duplicate keys), and the JSON Schema (`cotation
// schema`), the language server's completion and hover, and the docs read the same table, with
// its descriptions in English and French.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cotation {

// The mappings of a policy file.
enum class Mapping : std::uint8_t {
    policy,       // the file itself
    record,       // records.<name>
    field,        // records.<name>.fields.<field>, long form {type: ..., ...}
    parameter,    // parameters.<name>, long form {values: ..., ...}
    grid,
    rubric,
    criterion,
    flag,
    ranking,
    quota,
    quota_override,
    matching,
    condition,    // matching.eligible_when[]
};

// What a key's value is, as a YAML reader sees it.
enum class ValueShape : std::uint8_t {
    text,            // free text
    format_version,  // the integer 1
    id,              // [a-z][a-z0-9_]*
    name,            // a field, record or parameter name
    names,           // a name or a list of names
    paths,           // a path or a list of paths, relative to the file
    field_type,      // bool, int, number, string, date, enum[A, B], list<string>, list<int>
    expression,      // an expression of the language (section 2)
    expressions,     // a list of expressions
    number,
    combine,         // sum | max
    target,          // ">= 25%", "<= 30%", ">= 12", "<= 5"
    order,           // a list of "name asc|desc"
    flag,            // true | false
    priority_codes,  // a list of L441-1 priority codes
    scalar,          // any single value: a string, a number, a bool or null (the values of `where`)
    parameter_value, // a number, string or bool, a list of numbers or of strings, or a table (keys to numbers)
    parameter_values,  // a parameter_value, or a mapping of ISO dates to parameter_values
    field,           // a field_type, or the long form: an `of` mapping
    parameter,       // a parameter_value, or the long form: an `of` mapping
    mapping_of,      // a mapping whose keys are `item_key` and whose values are `item`
    list_of,         // a list of `item`
    one,             // one `of` mapping
};

struct KeyInfo {
    std::string_view name;
    ValueShape shape = ValueShape::text;
    bool required = false;
    Mapping of = Mapping::policy;  // for one, field, parameter and items that are `one`: the mapping
    std::string_view en;           // what it is, in English
    std::string_view fr;           // the same in French
    ValueShape item = ValueShape::one;       // mapping_of, list_of: what each item is
    ValueShape item_key = ValueShape::name;  // mapping_of: what its keys are (id or name)
};

struct MappingInfo {
    Mapping id = Mapping::policy;
    std::string_view name;  // its name in the JSON Schema (`$defs`): "grid", "quota_override"
    std::string_view what;  // as messages name it: "a grid", "the policy"
    std::string_view en;
    std::string_view fr;
    std::span<const KeyInfo> keys;

    const KeyInfo* key(std::string_view name) const;
    std::vector<std::string> names() const;     // every key, in the table's order
    std::vector<std::string> required() const;  // the keys a mapping must have
};

const MappingInfo& mapping_info(Mapping mapping);
std::span<const MappingInfo> mappings();

// The types of a field, as written in `records` (core's parse_field_type reads them).
struct FieldTypeInfo {
    std::string_view name;  // `int`; for enumerations the pattern `enum[A, B, ...]`
    std::string_view en;
    std::string_view fr;
};
std::span<const FieldTypeInfo> field_types();
// The names of the field types but enumerations, for "did you mean" and the schema.
std::vector<std::string> plain_field_type_names();
// The characters of an enumeration's values (as parse_field_type accepts them), as a regular expression.
inline constexpr std::string_view enum_value_pattern = "[A-Za-z0-9_.-]+";

}  // namespace cotation
