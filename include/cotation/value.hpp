// Values and types of the expression language: what a field, a parameter or an expression holds.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cotation {

// A calendar date, as days since 1970-01-01 (proleptic Gregorian).
struct Date {
    std::int32_t days = 0;
    friend constexpr auto operator<=>(Date, Date) = default;
};

struct CivilDate {
    int year = 1970;
    unsigned month = 1;
    unsigned day = 1;
};

Date date_from_civil(int year, unsigned month, unsigned day) noexcept;
CivilDate civil_from_date(Date date) noexcept;
// Accepts YYYY-MM-DD and DD/MM/YYYY; rejects impossible dates such as 2025-02-30.
std::optional<Date> parse_date(std::string_view text) noexcept;
// Only YYYY-MM-DD.
std::optional<Date> parse_iso_date(std::string_view text) noexcept;
std::string format_date(Date date);

enum class TypeKind : std::uint8_t {
    null,    // the type of the literal `null`: fits any other type
    boolean,
    integer, // `int`: whole numbers; a subtype of `number`
    number,
    string,
    date,
    enumeration,
    list,    // elements: string, integer, number or enumeration
    table,   // parameter tables: int or string keys to numbers
    error,   // an expression that already has an error: silences follow-up diagnostics
};

struct Type {
    TypeKind kind = TypeKind::error;
    TypeKind element = TypeKind::error;     // for lists: the element kind; for tables: the key kind
    std::shared_ptr<const std::vector<std::string>> enum_values;  // enumerations and lists of them

    static Type of(TypeKind kind) { return Type{kind, TypeKind::error, nullptr}; }
    static Type list_of(TypeKind element) { return Type{TypeKind::list, element, nullptr}; }
    static Type enumeration(std::vector<std::string> values);

    bool is_numeric() const { return kind == TypeKind::integer || kind == TypeKind::number; }
    friend bool operator==(const Type& a, const Type& b);
};

// How a type is written in a policy: `int`, `enum[A, B]`, `list<string>`...
std::string type_name(const Type& type);
// Parses a field type as written in `records`; nullopt when it is not one.
std::optional<Type> parse_field_type(std::string_view text);

struct Value;
using List = std::vector<Value>;

// A parameter table: keys are whole numbers or strings, values numbers.
struct Table {
    std::vector<std::pair<std::string, double>> entries;  // keys kept as text, sorted
    const double* find(std::string_view key) const;
};

struct Value {
    // Enumerations are held as their string; the type says which values are allowed.
    std::variant<std::monostate, bool, double, std::string, Date, List, std::shared_ptr<const Table>> data;

    Value() = default;
    Value(bool b) : data(b) {}
    Value(double d) : data(d) {}
    Value(int i) : data(static_cast<double>(i)) {}
    Value(std::int64_t i) : data(static_cast<double>(i)) {}
    Value(std::string s) : data(std::move(s)) {}
    Value(const char* s) : data(std::string(s)) {}
    Value(Date d) : data(d) {}
    Value(List l) : data(std::move(l)) {}
    Value(std::shared_ptr<const Table> t) : data(std::move(t)) {}

    bool is_null() const { return data.index() == 0; }
    const bool* as_bool() const { return std::get_if<bool>(&data); }
    const double* as_number() const { return std::get_if<double>(&data); }
    const std::string* as_string() const { return std::get_if<std::string>(&data); }
    const Date* as_date() const { return std::get_if<Date>(&data); }
    const List* as_list() const { return std::get_if<List>(&data); }
    const Table* as_table() const {
        auto p = std::get_if<std::shared_ptr<const Table>>(&data);
        return p ? p->get() : nullptr;
    }
    friend bool operator==(const Value& a, const Value& b);
};

// Shortest text that reads back as the same number: 12, 0.5, 41.25.
std::string format_number(double value);
// Text of a value as it appears in outputs and explanations (null is empty).
std::string format_value(const Value& value);
// Rounds half away from zero at `digits` decimals, on the number's shortest decimal form,
// so that 2.675 rounds to 2.68 as a person reading it expects.
double round_half_away(double value, int digits);

}  // namespace cotation
