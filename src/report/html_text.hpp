// Text in the HTML reports (audit, compare): escaped for an element or a quoted attribute.
#pragma once

#include <string>
#include <string_view>

namespace cotation::internal {

inline std::string esc(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace cotation::internal
