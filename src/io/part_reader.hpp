// The fast path's one driver of parallel reading: a CSV or JSON Lines text (or a file, read in
// blocks) is split into parts at row starts, each part is read into columns by one worker and
// handed at once to a consumer (the column scorer, the column audit) while it is in cache.
// The driver keeps the line numbers, carries a row cut by a block's end into the next block, and
// reads a block again in one part when a stray quote misled the split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/columns.hpp"
#include "cotation/table.hpp"
#include "io/csv_columns.hpp"

namespace cotation::io {

enum class TextFormat : std::uint8_t { csv, jsonl };

// The format a path names: JSON Lines when it ends in .jsonl, CSV otherwise.
TextFormat format_of_path(const std::string& path);

// What the parts are read for. Part indexes number the parts in file order from 0.
class PartConsumer {
public:
    virtual ~PartConsumer() = default;
    // The string pool of worker `worker` (< the driver's threads): its parts' strings intern there.
    virtual StringPool& pool(std::size_t worker) = 0;
    // Called before the parts of a block are consumed: the indexes below `parts` may come next.
    virtual void make_room(std::size_t parts) = 0;
    // Part `index`, read by `worker`; called from the workers, at most one call at a time per worker.
    virtual void consume(std::size_t index, std::size_t worker, ColumnPart& part) = 0;
    // The parts from `first` on were read from a split that a stray quote misled: forget them. The
    // rows they held come again, in one part numbered `first`. Called between blocks, by one thread.
    virtual void retract(std::size_t first) = 0;
};

// The columns to read: every field is read and checked; only those `store` marks are kept.
struct RecordColumns {
    const std::vector<FieldSpec>& fields;
    const std::vector<bool>& store;
    int key_field = -1;  // kept as text in ColumnPart::keys
};

struct PartReadOptions {
    ReadOptions read;                 // CSV only: delimiter, decimal comma
    std::size_t threads = 1;
    std::size_t part_bytes = 1u << 20;   // about this much text per part, and at least a part per thread
    std::size_t block_bytes = 32u << 20;  // files are read this much at a time
    std::function<void(std::uint64_t bytes_read)> progress;  // after each block
};

struct PartReadResult {
    std::size_t parts = 0;               // parts consumed (and not retracted)
    std::vector<std::string> warnings;   // columns or JSON keys no field declares
    std::string error;                   // the text cannot be read: no header, a missing column...
    bool ok() const { return error.empty(); }
};

PartReadResult read_parts(std::string_view text, TextFormat format, const RecordColumns& columns, const PartReadOptions& options,
                          PartConsumer& consumer);
// The same for a file, read in blocks of options.block_bytes while the parts of the last block
// are read and consumed, so that memory stays well under the file's size.
PartReadResult read_file_parts(const std::string& path, const RecordColumns& columns, const PartReadOptions& options,
                               PartConsumer& consumer);

}  // namespace cotation::io
