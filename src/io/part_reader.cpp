#include "io/part_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <future>
#include <memory>
#include <numeric>
#include <system_error>

#include "core/parallel.hpp"
#include "io/cell_parse.hpp"
#include "io/jsonl_columns.hpp"

namespace cotation::io {

TextFormat format_of_path(const std::string& path) { return is_jsonl_path(path) ? TextFormat::jsonl : TextFormat::csv; }

namespace {

// What the blocks of one text share: the header, the parts numbered so far, the JSON keys ignored.
class Blocks {
public:
    Blocks(TextFormat format, const RecordColumns& columns, const PartReadOptions& options, PartConsumer& consumer)
        : format_(format), columns_(columns), options_(options), consumer_(consumer), threads_(std::max<std::size_t>(1, options.threads)) {}

    CsvLayout& csv() { return csv_; }

    struct Consumed {
        std::size_t end = 0;             // where the last row read ends: the start of a row the block holds only part of
        std::uint64_t line_breaks = 0;   // before `end`
    };

    // Reads the rows of text[begin, size) in parts; `at_eof` says that the text ends where the file ends.
    Consumed add_block(std::string_view text, std::size_t begin, std::uint64_t first_line, bool at_eof) {
        const bool jsonl = format_ == TextFormat::jsonl;
        const std::size_t part_count = std::max(threads_, (text.size() - begin) / std::max<std::size_t>(1, options_.part_bytes) + 1);
        const std::vector<std::size_t> bounds = jsonl ? split_lines(text, begin, part_count) : split_rows(text, begin, part_count);
        const std::size_t count = bounds.size() - 1;
        std::vector<std::uint64_t> lines(count, first_line);
        std::vector<std::uint64_t> breaks(count);
        parallel_for(count, threads_, [&](std::size_t k, std::size_t) {
            breaks[k] = static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(bounds[k]),
                                                              text.begin() + static_cast<std::ptrdiff_t>(bounds[k + 1]), '\n'));
        });
        for (std::size_t k = 1; k < count; ++k) lines[k] = lines[k - 1] + breaks[k - 1];
        const std::size_t first_part = parts_;
        consumer_.make_room(first_part + count);
        std::vector<std::size_t> ends(count);
        std::vector<std::vector<std::string>> ignored(count);  // JSON keys no field declares, per part
        const auto read_part = [&](std::size_t k, std::size_t worker, std::size_t from, std::size_t to, std::uint64_t line, bool last) {
            ColumnPart part;
            StringPool& pool = consumer_.pool(worker);
            if (jsonl)
                read_jsonl_part(text, from, to, line, columns_.fields, columns_.store, columns_.key_field, pool, part, ignored[k]);
            else
                read_csv_part(text, from, to, line, csv_, columns_.fields, options_.read, columns_.store, columns_.key_field, pool, part,
                              at_eof || !last);
            ends[k] = part.end;
            consumer_.consume(first_part + k, worker, part);
        };
        parallel_for(count, threads_, [&](std::size_t k, std::size_t worker) {
            read_part(k, worker, bounds[k], bounds[k + 1], lines[k], k + 1 == count);
        });
        // A stray quote outside a quoted cell can mislead the split: then the block is read in one part.
        bool aligned = true;
        for (std::size_t k = 0; k + 1 < count; ++k) aligned = aligned && ends[k] == bounds[k + 1];
        if (aligned) {
            parts_ += count;
        } else {
            consumer_.retract(first_part);
            ends.assign(1, 0);
            ignored.assign(1, {});
            read_part(0, 0, begin, text.size(), first_line, true);
            parts_ = first_part + 1;
        }
        for (const std::vector<std::string>& keys : ignored)  // in the order the reference meets them
            for (const std::string& key : keys)
                if (std::find(ignored_.begin(), ignored_.end(), key) == ignored_.end()) ignored_.push_back(key);
        const std::size_t end = ends.back();
        if (end == text.size()) return Consumed{end, std::accumulate(breaks.begin(), breaks.end(), std::uint64_t{0})};
        return Consumed{end, static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(begin),
                                                                   text.begin() + static_cast<std::ptrdiff_t>(end), '\n'))};
    }

    PartReadResult finish() {
        PartReadResult result;
        result.parts = parts_;
        result.warnings = csv_.warnings;
        if (!ignored_.empty()) result.warnings.push_back(ignored_columns_warning(ignored_));
        return result;
    }

private:
    TextFormat format_;
    const RecordColumns& columns_;
    const PartReadOptions& options_;
    PartConsumer& consumer_;
    std::size_t threads_;
    CsvLayout csv_;
    std::size_t parts_ = 0;
    std::vector<std::string> ignored_;
};

PartReadResult failure(std::string error) {
    PartReadResult result;
    result.error = std::move(error);
    return result;
}

}  // namespace

PartReadResult read_parts(std::string_view text, TextFormat format, const RecordColumns& columns, const PartReadOptions& options,
                          PartConsumer& consumer) {
    Blocks blocks(format, columns, options, consumer);
    if (format == TextFormat::jsonl) {
        if (std::string error = check_fields(columns.fields); !error.empty()) return failure(std::move(error));
        blocks.add_block(text, text.size() - skip_bom(text).size(), 1, true);
    } else {
        if (std::string error = read_csv_layout(text, columns.fields, options.read, blocks.csv()); !error.empty())
            return failure(std::move(error));
        const std::size_t body = blocks.csv().body;
        const std::uint64_t line = 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(body), '\n'));
        blocks.add_block(text, body, line, true);
    }
    if (options.progress) options.progress(text.size());
    return blocks.finish();
}

PartReadResult read_file_parts(const std::string& path, const RecordColumns& columns, const PartReadOptions& options,
                               PartConsumer& consumer) {
    const bool jsonl = format_of_path(path) == TextFormat::jsonl;
    if (jsonl)
        if (std::string error = check_fields(columns.fields); !error.empty()) return failure(std::move(error));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return failure("cannot open '" + path + "': " + std::generic_category().message(errno));
    Blocks blocks(jsonl ? TextFormat::jsonl : TextFormat::csv, columns, options, consumer);
    // Two buffers: while the workers read one block, a thread reads the next into the other, after
    // some room at its front. The rows a block holds only the start of are then copied into that
    // room, just before the next block's bytes.
    const std::size_t block_bytes = std::max<std::size_t>(1, options.block_bytes);
    const std::size_t room = std::clamp<std::size_t>(block_bytes / 8, 1, 1u << 20);
    struct Buffer {
        std::unique_ptr<char[]> data;  // room + block_bytes
        std::size_t got = 0;           // bytes read from the file, at data + room
        int error = 0;                 // errno of a failed read (errno itself belongs to the reading thread)
    };
    const auto read_block = [&](Buffer& b) {
        if (!b.data) b.data = std::make_unique_for_overwrite<char[]>(room + block_bytes);
        b.got = std::fread(b.data.get() + room, 1, block_bytes, file.get());
        if (std::ferror(file.get())) b.error = errno;
        return !std::ferror(file.get());
    };
    Buffer current, next;
    std::string carried;    // the rows the last block held only the start of, when they outgrow `room`
    std::size_t kept = 0;   // bytes before `room` in `current` that belong to this block's text
    bool ok = read_block(current);
    std::uint64_t bytes_read = 0;
    std::size_t begin = 0;  // where the rows of the text start
    std::uint64_t line = 1; // the line at `begin`
    bool header = false, eof = false;
    while (ok) {
        eof = current.got < block_bytes;
        bytes_read += current.got;
        std::future<bool> reading;
        if (!eof) reading = std::async(std::launch::async, read_block, std::ref(next));
        // The text: what the last block left, then this block's bytes.
        std::string joined;
        std::string_view buffer(current.data.get() + room - kept, kept + current.got);
        if (!carried.empty()) {
            joined = std::move(carried);
            joined.append(current.data.get() + room, current.got);
            buffer = joined;
            carried.clear();
        }
        std::size_t consumed = 0;
        if (!header && jsonl && (eof || buffer.size() >= 3)) {  // no header: the rows start after a byte order mark
            header = true;
            begin = buffer.size() - skip_bom(buffer).size();
        }
        if (!header && (eof || buffer.find('\n') != std::string_view::npos)) {
            if (std::string error = read_csv_layout(buffer, columns.fields, options.read, blocks.csv()); !error.empty()) {
                if (reading.valid()) reading.wait();
                return failure(std::move(error));
            }
            header = true;
            begin = blocks.csv().body;
            line += static_cast<std::uint64_t>(std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(begin), '\n'));
        }
        if (header) {
            const std::string_view rows = buffer.substr(begin);
            const std::size_t complete = eof ? buffer.size() : begin + (jsonl ? rows.rfind('\n') + 1 : last_row_end(rows));
            if (complete > begin || eof) {
                const auto [end, line_breaks] = blocks.add_block(buffer.substr(0, complete), begin, line, eof);
                consumed = end;
                line += line_breaks;
                begin = 0;
            }
        }
        if (options.progress) options.progress(bytes_read);
        if (eof) break;
        ok = reading.get();
        // What this block did not consume goes before the next block's bytes.
        const std::string_view rest = buffer.substr(consumed);
        if (rest.size() <= room) {
            std::copy(rest.begin(), rest.end(), next.data.get() + room - rest.size());
            kept = rest.size();
        } else {
            carried.assign(rest);  // a row longer than `room` (or the header, not yet whole)
            kept = 0;
        }
        std::swap(current, next);
    }
    if (!ok) return failure("cannot read '" + path + "': " + std::generic_category().message(current.error ? current.error : next.error));
    return blocks.finish();
}

}  // namespace cotation::io
