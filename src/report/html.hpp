// What the HTML writers (the audit report, the published grid) share.
#pragma once

#include <string>
#include <string_view>

namespace cotation::internal {

// Text as HTML: `&`, `<` and `>` always; quotes and apostrophes too in an attribute, only there,
// so that element content keeps the words as written.
inline std::string html_escaped(std::string_view s, bool attribute) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += attribute ? "&quot;" : "\""; break;
            case '\'': out += attribute ? "&#39;" : "'"; break;
            default: out += c;
        }
    }
    return out;
}

// In an element or a quoted attribute.
inline std::string html_escape(std::string_view s) { return html_escaped(s, true); }
// In an element only.
inline std::string html_text(std::string_view s) { return html_escaped(s, false); }

}  // namespace cotation::internal
