// Reading demand and allocation files (CSV, JSON Lines) into typed rows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/value.hpp"

namespace cotation {

struct FieldSpec {
    std::string name;
    Type type;
};

struct ReadOptions {
    char delimiter = 0;          // 0: detect `,` or `;` from the header line
    bool decimal_comma = false;  // numbers written 1234,56
};

// A row that could not be read: written to --rejects and counted, never dropped silently.
struct RejectedRow {
    std::uint64_t line = 0;  // 1-based line of the file where the row starts
    std::string field;       // empty when the row as a whole is broken
    std::string value;
    std::string reason;
};

// Rows in the order of the file; each row holds one value per declared field, in `fields` order.
struct DataTable {
    std::vector<FieldSpec> fields;
    std::vector<std::vector<Value>> rows;
    std::vector<std::uint64_t> row_lines;   // the line each row starts on
    std::vector<RejectedRow> rejected;
    std::uint64_t rows_read = 0;            // = rows.size() + rejected.size()
    std::vector<std::string> warnings;      // e.g. columns the policy does not declare
};

struct ReadResult {
    DataTable table;
    std::string error;  // non-empty: the file could not be read at all (nothing was read)
    bool ok() const { return error.empty(); }
};

// Reads CSV, or JSON Lines when the path ends in `.jsonl`.
ReadResult read_table(const std::string& path, const std::vector<FieldSpec>& fields, const ReadOptions& options = {});
ReadResult read_csv_text(std::string_view text, const std::vector<FieldSpec>& fields, const ReadOptions& options = {});
ReadResult read_jsonl_text(std::string_view text, const std::vector<FieldSpec>& fields);

// Reads a whole file into `text`; on failure returns false with `error` naming the path and the reason.
bool read_file(const std::string& path, std::string& text, std::string& error);
// Whether a path names a JSON Lines file (ends in .jsonl, any case).
bool is_jsonl_path(const std::string& path);

// Writes rejected rows as CSV: line,field,value,reason.
std::string rejects_csv(const std::vector<RejectedRow>& rejected);

}  // namespace cotation
