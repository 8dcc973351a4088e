#include "cotation/value.hpp"

#include "core/calendar.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace cotation {

// Howard Hinnant's days_from_civil / civil_from_days.
Date date_from_civil(int y, unsigned m, unsigned d) noexcept {
    if (y >= 1 && y <= 9999) return Date{days_from_civil(static_cast<unsigned>(y), m, d)};  // the readers' form
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return Date{static_cast<std::int32_t>(era * 146097 + static_cast<int>(doe) - 719468)};
}

namespace {

CivilDate civil_by_arithmetic(Date date) noexcept {
    // In 64 bits: the shift by 719468 days overflows 32 bits near the ends of the range of Date.
    const std::int64_t z = std::int64_t{date.days} + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400);
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return CivilDate{y + (m <= 2), m, d};
}

// The days of 1900 to 2099 (every date a housing file holds), split once: scoring splits millions.
struct CivilTable {
    static constexpr std::int64_t first = -25567;  // 1900-01-01
    static constexpr std::int64_t count = 73049;   // up to 2099-12-31
    std::vector<std::uint32_t> packed;             // year << 9 | month << 5 | day
    CivilTable() : packed(static_cast<std::size_t>(count)) {
        for (std::int64_t i = 0; i < count; ++i) {
            const CivilDate c = civil_by_arithmetic(Date{static_cast<std::int32_t>(first + i)});
            packed[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(c.year) << 9 | c.month << 5 | c.day;
        }
    }
};

}  // namespace

CivilDate civil_from_date(Date date) noexcept {
    static const CivilTable table;
    const auto at = static_cast<std::uint64_t>(static_cast<std::int64_t>(date.days) - CivilTable::first);  // wraps below the range
    if (at < static_cast<std::uint64_t>(CivilTable::count)) {
        const std::uint32_t p = table.packed[at];
        return CivilDate{static_cast<int>(p >> 9), p >> 5 & 15u, p & 31u};
    }
    return civil_by_arithmetic(date);
}

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::optional<Date> checked_date(int y, int m, int d) {
    static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int last = month_days[m - 1] + (m == 2 && leap ? 1 : 0);
    if (d > last) return std::nullopt;
    return date_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view t) noexcept {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    // Digits read in place: this runs for every date cell of a file.
    const auto digit = [&](std::size_t i) { return static_cast<unsigned>(t[i]) - '0'; };
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (digit(i) > 9) return std::nullopt;
    const int y = static_cast<int>(digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3));
    return checked_date(y, static_cast<int>(digit(5) * 10 + digit(6)), static_cast<int>(digit(8) * 10 + digit(9)));
}

std::optional<Date> parse_date(std::string_view t) noexcept {
    if (auto iso = parse_iso_date(t)) return iso;
    if (t.size() != 10 || t[2] != '/' || t[5] != '/') return std::nullopt;
    if (!all_digits(t.substr(0, 2)) || !all_digits(t.substr(3, 2)) || !all_digits(t.substr(6, 4)))
        return std::nullopt;
    return checked_date(to_int(t.substr(6, 4)), to_int(t.substr(3, 2)), to_int(t.substr(0, 2)));
}

std::string format_date(Date date) {
    const CivilDate c = civil_from_date(date);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
    return buf;
}

Type Type::enumeration(std::vector<std::string> values) {
    return Type{TypeKind::enumeration, TypeKind::error,
                std::make_shared<const std::vector<std::string>>(std::move(values))};
}

bool operator==(const Type& a, const Type& b) {
    if (a.kind != b.kind || a.element != b.element) return false;
    if (!a.enum_values || !b.enum_values) return a.enum_values == b.enum_values;
    return *a.enum_values == *b.enum_values;
}

namespace {

std::string kind_name(TypeKind kind) {
    switch (kind) {
        case TypeKind::null: return "null";
        case TypeKind::boolean: return "bool";
        case TypeKind::integer: return "int";
        case TypeKind::number: return "number";
        case TypeKind::string: return "string";
        case TypeKind::date: return "date";
        case TypeKind::enumeration: return "enum";
        case TypeKind::list: return "list";
        case TypeKind::table: return "table";
        case TypeKind::error: return "?";
    }
    return "?";
}

std::string enum_text(const std::shared_ptr<const std::vector<std::string>>& values) {
    std::string out = "enum[";
    if (values) {
        out += join_texts(*values, ", ");
    }
    return out + "]";
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string type_name(const Type& type) {
    switch (type.kind) {
        case TypeKind::enumeration: return enum_text(type.enum_values);
        case TypeKind::list:
            return "list<" + (type.element == TypeKind::enumeration ? enum_text(type.enum_values)
                                                                     : kind_name(type.element)) + ">";
        case TypeKind::table: return "table[" + kind_name(type.element) + " -> number]";
        default: return kind_name(type.kind);
    }
}

std::optional<Type> parse_field_type(std::string_view text) {
    text = trim(text);
    if (text == "bool") return Type::of(TypeKind::boolean);
    if (text == "int") return Type::of(TypeKind::integer);
    if (text == "number") return Type::of(TypeKind::number);
    if (text == "string") return Type::of(TypeKind::string);
    if (text == "date") return Type::of(TypeKind::date);
    if (text == "list<string>") return Type::list_of(TypeKind::string);
    if (text == "list<int>") return Type::list_of(TypeKind::integer);
    if (text.size() > 6 && text.substr(0, 5) == "enum[" && text.back() == ']') {
        std::vector<std::string> values;
        std::string_view body = text.substr(5, text.size() - 6);
        while (true) {
            const auto comma = body.find(',');
            const std::string_view item = trim(body.substr(0, comma));
            if (item.empty()) return std::nullopt;
            for (char c : item) {
                const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '_' || c == '-' || c == '.';
                if (!ok) return std::nullopt;
            }
            if (std::find(values.begin(), values.end(), item) != values.end()) return std::nullopt;
            values.emplace_back(item);
            if (comma == std::string_view::npos) break;
            body.remove_prefix(comma + 1);
        }
        return Type::enumeration(std::move(values));
    }
    return std::nullopt;
}

const double* Table::find(std::string_view key) const {
    auto it = std::lower_bound(entries.begin(), entries.end(), key,
                               [](const auto& e, std::string_view k) { return e.first < k; });
    return it != entries.end() && it->first == key ? &it->second : nullptr;
}

bool operator==(const Value& a, const Value& b) {
    if (a.data.index() != b.data.index()) return false;
    if (auto t = a.as_table()) {
        auto u = b.as_table();
        return t == u || (t && u && t->entries == u->entries);
    }
    return a.data == b.data;
}

std::string format_number(double value) {
    if (value == 0) return "0";  // also folds -0
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
}

std::string format_value(const Value& value) {
    struct Visitor {
        std::string operator()(std::monostate) const { return ""; }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(double d) const { return format_number(d); }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(Date d) const { return format_date(d); }
        std::string operator()(const List& l) const { return join_texts(l, "|", format_value); }
        std::string operator()(const std::shared_ptr<const Table>&) const { return "<table>"; }
    };
    return std::visit(Visitor{}, value.data);
}

double round_half_away(double value, int digits) {
    if (!std::isfinite(value)) return value;
    // Work on the shortest decimal representation, so that the rounding sees the digits a person
    // sees (2.675 is 2.67499999... in binary, and rounds to 2.68).
    char text[40];
    const char* const end = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific).ptr;
    const char* p = text;
    const bool negative = *p == '-';
    if (negative) ++p;
    char significant[24];  // at most 17 digits
    int count = 0;
    for (; *p != 'e'; ++p)
        if (*p != '.') significant[count++] = *p;
    const bool negative_exponent = p[1] == '-';
    int exponent = 0;
    std::from_chars(p + 2, end, exponent);
    if (negative_exponent) exponent = -exponent;
    // value = 0.d1d2d3... * 10^(exponent + 1); keep (exponent + 1 + digits) significant digits.
    const long keep = static_cast<long>(exponent) + 1 + digits;
    if (keep < 0) return negative ? -0.0 : 0.0;
    if (keep >= count) return value;
    std::uint64_t whole = 0;  // the kept digits, rounded half away from zero: at most 10^17
    for (long k = 0; k < keep; ++k) whole = whole * 10 + static_cast<std::uint64_t>(significant[k] - '0');
    whole += significant[keep] >= '5';
    // The result is whole * 10^-digits, as the double nearest to it: one correctly rounded
    // operation on exact operands when they are exact (whole < 2^53, a power of ten up to 10^22),
    // otherwise the decimal text read back.
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double result = 0;
    if (whole <= (std::uint64_t{1} << 53) && digits >= -22 && digits <= 22) {
        const auto w = static_cast<double>(whole);
        result = digits >= 0 ? w / powers[digits] : w * powers[-digits];
    } else {
        char decimal[48];  // up to 20 digits, 'e', a sign and 11 digits, '\0'
        char* at = std::to_chars(decimal, decimal + 20, whole).ptr;
        *at++ = 'e';
        at = std::to_chars(at, at + 12, -static_cast<long>(digits)).ptr;
        *at = '\0';
        result = std::strtod(decimal, nullptr);  // no decimal point, so no locale; inf past the largest double
    }
    return negative ? -result : result;
}

}  // namespace cotation
