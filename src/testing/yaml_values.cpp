#include "testing/yaml_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cotation {

namespace {

std::optional<double> as_number(const std::string& text) {
    double v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<bool> as_bool(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (text == "true" || text == "1" || text == "oui" || text == "yes") return true;
    if (text == "false" || text == "0" || text == "non" || text == "no") return false;
    return std::nullopt;
}

std::optional<Value> scalar_value(const std::string& text, TypeKind kind, const Type& type, std::string& error) {
    switch (kind) {
        case TypeKind::boolean:
            if (auto b = as_bool(text)) return Value(*b);
            error = "'" + text + "' is not a bool";
            return std::nullopt;
        case TypeKind::integer:
        case TypeKind::number:
            if (auto n = as_number(text)) {
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

}  // namespace

std::optional<Value> yaml_to_value(const YAML::Node& node, const Type& type, std::string& error) {
    if (!node.IsDefined() || node.IsNull()) return Value();
    if (type.kind == TypeKind::list) {
        const TypeKind element = type.element;
        List items;
        if (node.IsScalar()) {  // "a|b" as in CSV
            std::string text = node.Scalar();
            std::size_t start = 0;
            while (true) {
                const std::size_t bar = text.find('|', start);
                auto v = scalar_value(text.substr(start, bar - start), element, type, error);
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
            auto v = scalar_value(item.Scalar(), element, type, error);
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
            auto n = it->second.IsScalar() ? as_number(it->second.Scalar()) : std::nullopt;
            if (!n) {
                error = "a table's values are numbers";
                return std::nullopt;
            }
            std::string key = it->first.Scalar();
            if (auto k = as_number(key); k && type.element == TypeKind::integer) key = format_number(*k);
            table->entries.emplace_back(key, *n);
        }
        std::sort(table->entries.begin(), table->entries.end());
        return Value(std::shared_ptr<const Table>(std::move(table)));
    }
    return yaml_to_value(node, type, error);
}

}  // namespace cotation
