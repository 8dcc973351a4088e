// The columnar JSON Lines reader of the fast path: the file is split into parts at line breaks and
// each part is read into typed columns by one worker, with exactly the reader of reference's rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "io/csv_columns.hpp"

namespace cotation::io {

// One line of JSON Lines (not blank, without its line break) as the reader of reference reads it:
// true with `row` filled, or false with `rejected` filled but for its line. Keys no field declares
// are added to `ignored` (in the order of their names within a line).
bool read_jsonl_line(std::string_view content, const std::vector<FieldSpec>& fields, std::vector<std::string>& ignored,
                     std::vector<Value>& row, RejectedRow& rejected);

// Part boundaries at line starts: parts[k] .. parts[k+1].
std::vector<std::size_t> split_lines(std::string_view text, std::size_t begin, std::size_t parts);

// The lines of text[begin, end) read into columns, as read_csv_part reads rows. The keys no field
// declares are added to `ignored`, in the order the reader of reference finds them.
void read_jsonl_part(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t first_line,
                     const std::vector<FieldSpec>& fields, const std::vector<bool>& store, int key_field, StringPool& pool,
                     ColumnPart& part, std::vector<std::string>& ignored);

}  // namespace cotation::io
