// Rows of cells printed as aligned columns: the tables of the text reports (audit, compare, coverage).
#pragma once

#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/audit_words.hpp"

namespace cotation::internal {

// `s` padded with spaces to `width` display columns, on the left when `right` (aligned right).
inline std::string pad(std::string_view s, std::size_t width, bool right) {
    const std::size_t have = display_width(s);
    const std::string fill(have < width ? width - have : 0, ' ');
    return right ? fill + std::string(s) : std::string(s) + fill;
}

// `right[i]` right-aligns column i; each line starts with `indent`; a last column aligned left is
// not padded.
inline void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right,
                        const std::string& indent) {
    std::vector<std::size_t> w(right.size(), 0);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) w[i] = std::max(w[i], display_width(row[i]));
    for (const auto& row : rows) {
        std::string line = indent;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) line += "  ";
            line += pad(row[i], i + 1 == row.size() && !right[i] ? 0 : w[i], right[i]);
        }
        out << line << '\n';
    }
}

}  // namespace cotation::internal
