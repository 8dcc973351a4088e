// What the HTML writers (the audit report, the published grid) share.
#pragma once

#include <string>
#include <string_view>

namespace cotation::internal {

// Text as HTML, in an element or a quoted attribute.
inline std::string html_escape(std::string_view s) {
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

// Text as HTML element content: only &, < and > are escaped, so that quotes and apostrophes stay
// as written (in an attribute, use html_escape).
inline std::string html_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace cotation::internal
