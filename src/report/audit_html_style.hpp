// The style sheet of the HTML audit report (audit_html_style.cpp).
#pragma once

#include <string_view>

namespace cotation::internal {

extern const std::string_view audit_html_style;

}  // namespace cotation::internal
