// JSON Lines: one object per line, keys are field names; `null` or an absent key is null.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cotation/table.hpp"
#include "io/cell_parse.hpp"
#include "io/jsonl_columns.hpp"

namespace cotation {

namespace {

using json = nlohmann::json;

// ", found a string": what a JSON value is, for reasons.
std::string found(const json& value) {
    if (value.is_number()) return ", found a number";
    if (value.is_string()) return ", found a string";
    if (value.is_boolean()) return ", found a boolean";
    if (value.is_array()) return ", found an array";
    if (value.is_object()) return ", found an object";
    return std::string(", found ") + value.type_name();
}

// The value as quoted in a reject: a string's own text, JSON for anything else.
std::string raw_text(const json& value) {
    return value.is_string() ? value.get_ref<const std::string&>() : value.dump();
}

bool read_number(const json& value, const Type& type, Value& out, std::string& reason) {
    const bool whole = type.kind == TypeKind::integer;
    if (!value.is_number()) {
        reason = (whole ? "expected a whole number" : "expected a number") + found(value);
        return false;
    }
    const double number = value.get<double>();
    if (!std::isfinite(number)) {
        reason = "number too large";
        return false;
    }
    if (whole) {
        if (auto problem = io::whole_number_problem(number); !problem.empty()) {
            reason = problem;
            return false;
        }
    }
    out = Value(number);
    return true;
}

// One JSON value as a value of `type`. A JSON string goes through the same reading as a CSV cell
// (so "" is null for every type, "oui" is a boolean and "a|b" a list); numbers must be JSON numbers.
bool read_json_value(const json& value, const Type& type, Value& out, std::string& reason) {
    if (value.is_null()) {
        out = Value();
        return true;
    }
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        if (type.is_numeric() && !io::trim_spaces(text).empty()) return read_number(value, type, out, reason);
        return io::parse_cell(text, type, false, out, reason);
    }
    switch (type.kind) {
        case TypeKind::boolean:
            if (value.is_boolean()) {
                out = Value(value.get<bool>());
                return true;
            }
            if (value.is_number_integer() && (value == 0 || value == 1)) {
                out = Value(value == 1);
                return true;
            }
            reason = "expected true or false" + found(value);
            return false;
        case TypeKind::integer:
        case TypeKind::number: return read_number(value, type, out, reason);
        case TypeKind::list: {
            if (!value.is_array()) {
                reason = "expected an array" + found(value);
                return false;
            }
            const Type element = io::element_type(type);
            List list;
            list.reserve(value.size());
            for (const json& item : value) {
                Value v;
                if (!read_json_value(item, element, v, reason)) {
                    reason = "list element '" + raw_text(item) + "': " + reason;
                    return false;
                }
                if (v.is_null()) {
                    reason = "empty element in list";
                    return false;
                }
                list.push_back(std::move(v));
            }
            out = Value(std::move(list));
            return true;
        }
        default:  // string, enumeration, date
            reason = "expected a string" + found(value);
            return false;
    }
}

}  // namespace

namespace io {

bool read_jsonl_line(std::string_view content, const std::vector<FieldSpec>& fields, std::vector<std::string>& ignored,
                     std::vector<Value>& row, RejectedRow& rejected) {
    const auto reject = [&](std::string field, std::string_view value, std::string reason) {
        rejected = RejectedRow{0, std::move(field), excerpt(value), std::move(reason)};
        return false;
    };
    json object;
    try {
        object = json::parse(content.begin(), content.end());
    } catch (const json::exception& e) {  // parse_error, or out_of_range for 1e400
        std::string_view message = e.what();  // "[json.exception.parse_error.101] parse error at ..."
        if (const auto bracket = message.find("] "); bracket != std::string_view::npos) message.remove_prefix(bracket + 2);
        return reject({}, content, "not valid JSON: " + std::string(message));
    }
    if (!object.is_object()) return reject({}, content, "not a JSON object" + found(object));

    std::vector<const json*> cells(fields.size());
    std::size_t present = 0;
    for (std::size_t f = 0; f < fields.size(); ++f) {
        const auto it = object.find(fields[f].name);
        cells[f] = it == object.end() ? nullptr : &*it;
        present += it != object.end();
    }
    if (object.size() > present) {
        for (const auto& item : object.items()) {  // in the order of their names
            const std::string& key = item.key();
            const bool declared = std::any_of(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == key; });
            if (!declared && std::find(ignored.begin(), ignored.end(), key) == ignored.end()) ignored.push_back(key);
        }
    }

    row.assign(fields.size(), Value());
    std::string reason;
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if (!cells[f]) continue;
        if (!read_json_value(*cells[f], fields[f].type, row[f], reason)) return reject(fields[f].name, raw_text(*cells[f]), std::move(reason));
    }
    return true;
}

}  // namespace io

ReadResult read_jsonl_text(std::string_view text, const std::vector<FieldSpec>& fields) {
    ReadResult result;
    DataTable& table = result.table;
    table.fields = fields;
    result.error = io::check_fields(fields);
    if (!result.error.empty()) return result;

    text = io::skip_bom(text);
    std::vector<std::string> ignored;
    std::vector<Value> row;
    RejectedRow rejected;
    std::uint64_t line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++line;
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        std::string_view content = text.substr(pos, end - pos);
        pos = end + 1;
        if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
        if (io::is_blank(content)) continue;
        if (io::read_jsonl_line(content, fields, ignored, row, rejected)) {
            io::add_row(table, std::move(row), line);
        } else {
            rejected.line = line;
            table.rejected.push_back(std::move(rejected));
            ++table.rows_read;
        }
    }
    if (!ignored.empty()) table.warnings.push_back(io::ignored_columns_warning(ignored));
    return result;
}

}  // namespace cotation
