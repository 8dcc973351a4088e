// Reading a data file from disk: the whole file in memory, then the CSV or JSON Lines reader.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "cotation/table.hpp"

namespace cotation {

namespace {

std::string system_reason(int error) { return std::generic_category().message(error); }

}  // namespace

bool read_file(const std::string& path, std::string& text, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open '" + path + "': " + system_reason(errno);
        return false;
    }
    // One read for a regular file: its size plus one byte, to see the end of file in the same call.
    struct stat info {};
    const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    text.resize(regular ? static_cast<std::size_t>(info.st_size) + 1 : 1 << 16);
    std::size_t size = 0;
    while (true) {
        if (size == text.size()) text.resize(text.size() * 2);  // the file grew, or is not a regular file
        const ssize_t got = ::read(fd, text.data() + size, text.size() - size);
        if (got < 0) {
            if (errno == EINTR) continue;
            error = "cannot read '" + path + "': " + system_reason(errno);
            ::close(fd);
            text.clear();
            return false;
        }
        if (got == 0) break;
        size += static_cast<std::size_t>(got);
    }
    ::close(fd);
    text.resize(size);
    return true;
}

bool is_jsonl_path(const std::string& path) {
    constexpr std::string_view extension = ".jsonl";
    if (path.size() < extension.size()) return false;
    for (std::size_t i = 0; i < extension.size(); ++i) {
        char c = path[path.size() - extension.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != extension[i]) return false;
    }
    return true;
}

ReadResult read_table(const std::string& path, const std::vector<FieldSpec>& fields, const ReadOptions& options) {
    std::string text;
    std::string error;
    if (!read_file(path, text, error)) {
        ReadResult result;
        result.table.fields = fields;
        result.error = std::move(error);
        return result;
    }
    return is_jsonl_path(path) ? read_jsonl_text(text, fields) : read_csv_text(text, fields, options);
}

}  // namespace cotation
