#include "io/cell_parse.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fast_float/fast_float.h>

namespace cotation::io {

namespace {


std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += ", ";
        out += names[i];
    }
    return out;
}

bool is_list_element_kind(TypeKind kind) {
    return kind == TypeKind::string || kind == TypeKind::integer || kind == TypeKind::number ||
           kind == TypeKind::enumeration;
}

// A value that is neither null nor a list, from text already trimmed (except for strings) and non-empty.
bool parse_scalar(std::string_view text, const Type& type, bool decimal_comma, Value& out, std::string& reason) {
    switch (type.kind) {
        case TypeKind::string:
            out.data.emplace<std::string>(text);
            return true;
        case TypeKind::boolean:
            if (auto b = parse_bool(text)) {
                out.data.emplace<bool>(*b);
                return true;
            }
            reason = "not a boolean (expected true/false, 1/0, oui/non or yes/no)";
            return false;
        case TypeKind::integer: {
            const auto number = parse_number(text, decimal_comma);
            if (!number) {
                reason = "not a whole number";
                return false;
            }
            if (auto problem = whole_number_problem(*number); !problem.empty()) {
                reason = problem;
                return false;
            }
            out.data.emplace<double>(*number);
            return true;
        }
        case TypeKind::number:
            if (auto number = parse_number(text, decimal_comma)) {
                out.data.emplace<double>(*number);
                return true;
            }
            reason = decimal_comma && text.find('.') != std::string_view::npos
                         ? "not a number (this file uses a decimal comma, as in 1234,56)"
                         : "not a number";
            return false;
        case TypeKind::date:
            if (auto date = parse_date(text)) {
                out.data.emplace<Date>(*date);
                return true;
            }
            reason = "not a date (expected YYYY-MM-DD or DD/MM/YYYY)";
            return false;
        case TypeKind::enumeration:
            reason = enum_problem(text, type);
            if (!reason.empty()) return false;
            out.data.emplace<std::string>(text);
            return true;
        default:
            reason = "type " + type_name(type) + " cannot be read from a data file";
            return false;
    }
}

bool parse_list(std::string_view text, const Type& type, bool decimal_comma, Value& out, std::string& reason) {
    const Type element = element_type(type);
    List list;
    list.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '|')) + 1);
    while (true) {
        const std::size_t bar = text.find('|');
        const std::string_view item = trim_spaces(text.substr(0, bar));
        if (item.empty()) {
            reason = "empty element in list (elements are written a|b|c)";
            return false;
        }
        Value& value = list.emplace_back();
        if (!parse_scalar(item, element, decimal_comma, value, reason)) {
            reason = "list element '" + std::string(item) + "': " + reason;
            return false;
        }
        if (bar == std::string_view::npos) break;
        text.remove_prefix(bar + 1);
    }
    out.data.emplace<List>(std::move(list));
    return true;
}

}  // namespace

bool equals_ignoring_case(std::string_view text, std::string_view lower) noexcept {
    if (text.size() != lower.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

std::string_view trim_spaces(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string_view skip_bom(std::string_view text) noexcept {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
    return text;
}

bool is_blank(std::string_view text) noexcept {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string excerpt(std::string_view text) {
    if (text.size() <= max_excerpt) return std::string(text);
    std::size_t cut = max_excerpt;
    // Do not cut a multi-byte UTF-8 character: back up over continuation bytes (10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "...";
}

std::string check_fields(const std::vector<FieldSpec>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const FieldSpec& field = fields[i];
        if (field.name.empty()) return "field " + std::to_string(i + 1) + " has no name";
        for (std::size_t j = 0; j < i; ++j) {
            if (fields[j].name == field.name) return "field '" + field.name + "' is declared twice";
        }
        const Type& type = field.type;
        bool readable = false;
        switch (type.kind) {
            case TypeKind::boolean:
            case TypeKind::integer:
            case TypeKind::number:
            case TypeKind::string:
            case TypeKind::date: readable = true; break;
            case TypeKind::enumeration: readable = type.enum_values != nullptr; break;
            case TypeKind::list:
                readable = is_list_element_kind(type.element) &&
                           (type.element != TypeKind::enumeration || type.enum_values != nullptr);
                break;
            default: break;
        }
        if (!readable) return "field '" + field.name + "': type " + type_name(type) + " cannot be read from a data file";
    }
    return {};
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
    static constexpr std::array<std::string_view, 4> yes = {"true", "1", "oui", "yes"};
    static constexpr std::array<std::string_view, 4> no = {"false", "0", "non", "no"};
    for (std::string_view word : yes) {
        if (equals_ignoring_case(text, word)) return true;
    }
    for (std::string_view word : no) {
        if (equals_ignoring_case(text, word)) return false;
    }
    return std::nullopt;
}

std::optional<double> parse_number(std::string_view text, bool decimal_comma) noexcept {
    if (text.empty()) return std::nullopt;
    // Whole numbers of up to 15 digits, the most common cells, are read in place (exactly).
    if (text.size() <= 15) {
        std::size_t i = text[0] == '-' ? 1 : 0;
        std::uint64_t whole = 0;
        bool digits = i < text.size();
        for (; i < text.size() && digits; ++i) {
            const unsigned d = static_cast<unsigned>(text[i]) - '0';
            digits = d <= 9;
            whole = whole * 10 + d;
        }
        if (digits) return text[0] == '-' ? -static_cast<double>(whole) : static_cast<double>(whole);
    }
    double value = 0;
    const fast_float::parse_options options(fast_float::chars_format::general, decimal_comma ? ',' : '.');
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = fast_float::from_chars_advanced(text.data(), end, value, options);
    // fast_float reads "nan" and "inf", and may give infinity for 1e999: all refused here.
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::string_view whole_number_problem(double value) noexcept {
    if (value != std::trunc(value)) return "not a whole number";
    if (std::fabs(value) > max_whole_number) return "whole number too large (more than 2^53)";
    return {};
}

std::string enum_problem(std::string_view text, const Type& type) {
    if (type.enum_values) {
        for (const std::string& allowed : *type.enum_values) {
            if (allowed == text) return {};
        }
    }
    return "'" + std::string(text) + "' is not one of " + (type.enum_values ? join(*type.enum_values) : "");
}

Type element_type(const Type& list_type) {
    return Type{list_type.element, TypeKind::error, list_type.enum_values};
}

bool parse_cell(std::string_view text, const Type& type, bool decimal_comma, Value& out, std::string& reason) {
    if (type.kind != TypeKind::string) text = trim_spaces(text);
    if (text.empty()) {
        out.data.emplace<std::monostate>();
        return true;
    }
    if (type.kind == TypeKind::list) return parse_list(text, type, decimal_comma, out, reason);
    return parse_scalar(text, type, decimal_comma, out, reason);
}

void add_row(DataTable& table, std::vector<Value>&& row, std::uint64_t line) {
    table.rows.push_back(std::move(row));
    table.row_lines.push_back(line);
    ++table.rows_read;
}

void add_reject(DataTable& table, std::uint64_t line, std::string field, std::string_view value,
                std::string reason) {
    table.rejected.push_back(RejectedRow{line, std::move(field), excerpt(value), std::move(reason)});
    ++table.rows_read;
}

std::string ignored_columns_warning(const std::vector<std::string>& names) {
    return "ignored columns not declared in the policy: " + join(names);
}

std::string missing_columns_error(const std::vector<std::string>& names) {
    return (names.size() == 1 ? "missing column for declared field: " : "missing columns for declared fields: ") +
           join(names);
}

}  // namespace cotation::io
