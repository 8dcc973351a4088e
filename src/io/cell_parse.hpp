// Helpers shared by the CSV and JSON Lines readers: reading a cell's text as a typed value,
// and the bookkeeping of a DataTable (rows, rejects, warnings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace cotation::io {

// Longest text (in bytes) quoted from the file in a rejected row; longer text is cut with "...".
inline constexpr std::size_t max_excerpt = 200;

// Largest whole number a double holds exactly: bigger `int` values are refused.
inline constexpr double max_whole_number = 9007199254740992.0;  // 2^53

std::string_view trim_spaces(std::string_view text) noexcept;  // spaces and tabs
// `text` equals `lower` (a lower-case ASCII word) in any case.
bool equals_ignoring_case(std::string_view text, std::string_view lower) noexcept;
std::string_view skip_bom(std::string_view text) noexcept;     // a UTF-8 byte order mark
bool is_blank(std::string_view text) noexcept;                 // only spaces, tabs, CR and LF
// The text as quoted in a rejected row: cut at max_excerpt bytes, on a UTF-8 character boundary.
std::string excerpt(std::string_view text);

// Empty when every field can be read from a data file: names non-empty and unique, and types a
// file can hold (not null, table or error; lists of string, int, number or enum). The error otherwise.
std::string check_fields(const std::vector<FieldSpec>& fields);

// true/false, 1/0, oui/non, yes/no, in any case.
std::optional<bool> parse_bool(std::string_view text) noexcept;
// A finite decimal number: optional '-', digits, decimal point ('.', or ',' with decimal_comma),
// optional exponent. Rejects "12abc", "+1", "nan", "inf" and numbers too large for a double.
std::optional<double> parse_number(std::string_view text, bool decimal_comma) noexcept;
// Empty when `value` is a whole number a double holds exactly; the reason otherwise.
std::string_view whole_number_problem(double value) noexcept;
// Empty when `text` is one of the enumeration's values; the reason ("'X' is not one of A, B") otherwise.
std::string enum_problem(std::string_view text, const Type& type);
// The type of one element of a list type.
Type element_type(const Type& list_type);

// Reads the text of one cell as a value of `type` into `out`. Empty text is null for every type.
// Spaces and tabs around the text are ignored, except for strings, which are kept as written.
// Lists are written a|b|c. Returns false, with the reason in `reason`, when the text is not a
// value of the type.
bool parse_cell(std::string_view text, const Type& type, bool decimal_comma, Value& out, std::string& reason);

// Bookkeeping that keeps rows_read == rows.size() + rejected.size().
void add_row(DataTable& table, std::vector<Value>&& row, std::uint64_t line);
void add_reject(DataTable& table, std::uint64_t line, std::string field, std::string_view value,
                std::string reason);

// The one warning about columns (or JSON keys) the file has but the fields do not declare.
std::string ignored_columns_warning(const std::vector<std::string>& names);
// The error about declared fields the file has no column for.
std::string missing_columns_error(const std::vector<std::string>& names);

}  // namespace cotation::io
