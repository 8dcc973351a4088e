// Columnar data for the fast path: typed columns with validity, strings as codes into a pool.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cotation/value.hpp"

namespace cotation {

// Interns strings: equal strings get equal codes. One pool per worker thread: the data it reads
// and the literals of the programs it runs share it, so string equality is code equality.
class StringPool {
public:
    std::int32_t intern(std::string_view text);
    std::string_view text(std::int32_t code) const { return *strings_[static_cast<std::size_t>(code)]; }
    std::size_t size() const { return strings_.size(); }

private:
    std::deque<std::string> storage_;                   // stable addresses for the views below
    std::vector<const std::string*> strings_;
    std::unordered_map<std::string_view, std::int32_t> codes_;
};

// One column of values, one per row. Which arrays are used depends on the type:
// bool -> code (0/1); int, number -> num; date -> code (days); string, enum -> code (pool);
// list -> offsets (rows + 1) and item_num or item_code (item_valid: empty when every item is set).
struct Column {
    std::vector<double> num;
    std::vector<std::int32_t> code;
    std::vector<std::uint8_t> valid;
    std::vector<std::uint32_t> offsets;
    std::vector<double> item_num;
    std::vector<std::int32_t> item_code;
    std::vector<std::uint8_t> item_valid;

    void clear();
};

// A read-only window on a column from some row on.
struct View {
    const double* num = nullptr;
    const std::int32_t* code = nullptr;
    const std::uint8_t* valid = nullptr;
    const std::uint32_t* offsets = nullptr;
    const double* item_num = nullptr;
    const std::int32_t* item_code = nullptr;
    const std::uint8_t* item_valid = nullptr;  // null: every item is set
};

View view_of(const Column& column, std::size_t first_row);

// Rows of one record read by one worker: a column per field, the key kept as text.
struct ColumnChunk {
    std::size_t rows = 0;
    std::vector<Column> fields;
    std::vector<std::uint64_t> lines;  // the line each row starts on
};

// The representation a type uses in a Column.
enum class Repr : std::uint8_t { num, code, list_num, list_code };
Repr repr_of(const Type& type);
bool is_numeric_kind(TypeKind kind);

}  // namespace cotation
