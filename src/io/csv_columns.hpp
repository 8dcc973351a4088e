// The columnar CSV reader of the fast path: the file is split into parts at row boundaries and
// each part is read into typed columns by one worker, with exactly the row reader's rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cotation/table.hpp"
#include "core/columns.hpp"

namespace cotation::io {

// What the header says: the delimiter, which column feeds which field, where the rows start.
struct CsvLayout {
    char delimiter = ',';
    std::vector<int> column_field;   // per column: the field index, or -1 when ignored
    std::size_t body = 0;            // offset of the first row
    std::vector<std::string> warnings;
};

// Reads the header. Returns the error (the file cannot be read at all), or empty.
std::string read_csv_layout(std::string_view text, const std::vector<FieldSpec>& fields, const ReadOptions& options,
                            CsvLayout& layout);

// Part boundaries at row starts: parts[k] .. parts[k+1]. Quote-aware; `text` is the whole file.
std::vector<std::size_t> split_rows(std::string_view text, std::size_t body, std::size_t parts);

// One part's rows read into columns. `store[f]` says whether field f's values are kept (every field
// is checked all the same, so rejections match the row reader); `key` is kept as text.
struct ColumnPart {
    ColumnChunk chunk;
    std::string keys;                  // the key of each row, end to end
    std::vector<std::uint32_t> key_end;
    std::vector<std::uint8_t> key_valid;
    std::vector<RejectedRow> rejected;
    std::uint64_t rows_read = 0;
    std::uint64_t read_by_reference = 0;  // JSON Lines: the lines left to the reader of reference
    std::size_t end = 0;               // where the scan stopped: the next part's start when aligned
};

// `at_eof`: `text` ends where the file ends. When it does not, a quoted cell that runs to the end of
// `text` is not a mistake but a row to read again with more text: the scan stops before it.
void read_csv_part(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t first_line,
                   const CsvLayout& layout, const std::vector<FieldSpec>& fields, const ReadOptions& options,
                   const std::vector<bool>& store, int key_field, StringPool& pool, ColumnPart& part, bool at_eof = true);

// Where the last complete row of `text` ends (quote-aware, `text` starting at a row start): the
// part before can be read now, the rest waits for more of the file.
std::size_t last_row_end(std::string_view text);

}  // namespace cotation::io
