#include "io/yaml_values.hpp"

#include <algorithm>
#include <cmath>

#include "core/source.hpp"
#include "io/cell_parse.hpp"

namespace cotation {

namespace {

// The words and number forms of a data file's cells (io::parse_bool, io::parse_number); the
// messages quote the YAML text.
std::optional<Value> scalar_value(const std::string& text, TypeKind kind, const Type& type, std::string& error) {
    switch (kind) {
        case TypeKind::boolean:
            if (auto b = io::parse_bool(text)) return Value(*b);
            error = "'" + text + "' is not a bool";
            return std::nullopt;
        case TypeKind::integer:
        case TypeKind::number:
            if (auto n = io::parse_number(text, false)) {
                if (kind == TypeKind::integer && *n != std::floor(*n)) {
                    error = "'" + text + "' is not a whole number";
                    return std::nullopt;
                }
                return Value(*n);
            }
            error = "'" + text + "' is not a number";
            return std::nullopt;
        case TypeKind::date:
            if (auto d = parse_date(text)) return Value(*d);
            error = "'" + text + "' is not a date (YYYY-MM-DD)";
            return std::nullopt;
        case TypeKind::enumeration:
            if (type.enum_values && std::find(type.enum_values->begin(), type.enum_values->end(), text) == type.enum_values->end()) {
                error = "'" + text + "' is not one of " + type_name(type);
                return std::nullopt;
            }
            return Value(text);
        default:
            return Value(text);
    }
}

// A list element: a single, non-empty value (a data file has no empty element either).
std::optional<Value> element_value(const std::string& text, const Type& type, std::string& error) {
    if (text.empty()) {
        error = "a list element is empty";
        return std::nullopt;
    }
    return scalar_value(text, type.element, type, error);
}

}  // namespace

std::optional<Value> yaml_to_value(const YAML::Node& node, const Type& type, std::string& error) {
    if (!node.IsDefined() || node.IsNull() || (node.IsScalar() && node.Scalar().empty())) return Value();
    if (type.kind == TypeKind::list) {
        List items;
        if (node.IsScalar()) {  // "a|b" as in CSV
            const std::string& text = node.Scalar();
            std::size_t start = 0;
            while (true) {
                const std::size_t bar = text.find('|', start);
                auto v = element_value(text.substr(start, bar - start), type, error);
                if (!v) return std::nullopt;
                items.push_back(std::move(*v));
                if (bar == std::string::npos) break;
                start = bar + 1;
            }
            return Value(std::move(items));
        }
        if (!node.IsSequence()) {
            error = "expected a list";
            return std::nullopt;
        }
        for (const auto& item : node) {
            if (!item.IsScalar()) {
                error = "a list holds single values";
                return std::nullopt;
            }
            auto v = element_value(item.Scalar(), type, error);
            if (!v) return std::nullopt;
            items.push_back(std::move(*v));
        }
        return Value(std::move(items));
    }
    if (!node.IsScalar()) {
        error = "expected a single value";
        return std::nullopt;
    }
    return scalar_value(node.Scalar(), type.kind, type, error);
}

std::optional<Value> yaml_to_parameter(const YAML::Node& node, const Type& type, std::string& error) {
    if (type.kind == TypeKind::table) {
        if (!node.IsMap()) {
            error = "expected a table (key: number)";
            return std::nullopt;
        }
        auto table = std::make_shared<Table>();
        for (auto it = node.begin(); it != node.end(); ++it) {
            auto n = it->second.IsScalar() ? io::parse_number(it->second.Scalar(), false) : std::nullopt;
            if (!n) {
                error = "a table's values are numbers";
                return std::nullopt;
            }
            std::string key = it->first.Scalar();
            if (auto k = io::parse_number(key, false); k && type.element == TypeKind::integer) key = format_number(*k);
            table->entries.emplace_back(key, *n);
        }
        std::sort(table->entries.begin(), table->entries.end());
        return Value(std::shared_ptr<const Table>(std::move(table)));
    }
    return yaml_to_value(node, type, error);
}

std::optional<Value> text_to_parameter(const std::string& text, const Type& type, std::string& error) {
    YAML::Node node;
    try {
        node = YAML::Load(text);
    } catch (const YAML::Exception&) {
        error = "'" + text + "' is not a YAML value";
        return std::nullopt;
    }
    if (!node.IsDefined() || node.IsNull() || (node.IsScalar() && node.Scalar().empty())) {
        error = "no value given";
        return std::nullopt;
    }
    if (type.kind == TypeKind::boolean && !(node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false"))) {
        error = "'" + text + "' is not true or false";
        return std::nullopt;
    }
    if (type.kind == TypeKind::list && !node.IsSequence()) {
        error = "'" + text + "' is not a list (write [a, b], or [] for none)";
        return std::nullopt;
    }
    return yaml_to_parameter(node, type, error);
}

std::vector<Value> yaml_record_values(const YAML::Node& mapping, const std::vector<FieldSpec>& fields,
                                      const std::string& record, std::vector<std::string>& problems) {
    std::vector<Value> values(fields.size());
    if (!mapping.IsMap()) {
        problems.push_back("a " + record + " is a mapping of its fields (name: value)");
        return values;
    }
    std::vector<std::string> names;
    for (const FieldSpec& f : fields) names.push_back(f.name);
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        const std::string name = it->first.IsScalar() ? it->first.Scalar() : YAML::Dump(it->first);
        const auto found = std::find(names.begin(), names.end(), name);
        if (found == names.end()) {
            const std::string hint = did_you_mean(name, names);
            problems.push_back("'" + name + "' is not a field of '" + record + "'" + (hint.empty() ? "" : "; " + hint));
            continue;
        }
        const auto i = static_cast<std::size_t>(found - names.begin());
        std::string error;
        auto v = yaml_to_value(it->second, fields[i].type, error);
        if (v) values[i] = std::move(*v);
        else problems.push_back(name + ": " + error);
    }
    return values;
}

}  // namespace cotation
