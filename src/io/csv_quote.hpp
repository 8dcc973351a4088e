// Quoting a cell of a CSV file the library writes: the one rule for every CSV output (scores,
// audit, what-if, diagnosis, rejected rows, ranked candidates).
#pragma once

#include <string>
#include <string_view>

namespace cotation::io {

// Whether a cell must be quoted: it holds `,`, `;`, `"`, CR or LF. `;` too although the library
// writes `,`: French spreadsheets read `;` as the separator, and a quoted cell reads whole either
// way. A loop, not find_first_of: that calls memchr on the five characters for every byte of the
// text, and this runs for every cell of millions of rows.
inline bool needs_csv_quotes(std::string_view text) noexcept {
    for (const char c : text)
        if (c == ',' || c == ';' || c == '"' || c == '\r' || c == '\n') return true;
    return false;
}

// Appends the cell to `out` (a std::string or an fmt::memory_buffer), per RFC 4180: as is, or,
// when needs_csv_quotes, in double quotes with each quote doubled.
template <class Buffer>
void append_csv_cell(Buffer& out, std::string_view text) {
    if (!needs_csv_quotes(text)) {
        out.append(text.data(), text.data() + text.size());
        return;
    }
    out.push_back('"');
    for (const char c : text) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

// The cell as append_csv_cell writes it.
inline std::string csv_cell(std::string_view text) {
    std::string out;
    append_csv_cell(out, text);
    return out;
}

}  // namespace cotation::io
