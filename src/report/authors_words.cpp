#include "report/authors_words.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace cotation::internal {

namespace {

std::string value_words(const Value& v) {
    if (const List* items = v.as_list()) {
        std::string out = "[";
        for (std::size_t i = 0; i < items->size(); ++i) out += (i ? ", " : "") + format_value((*items)[i]);
        return out + "]";
    }
    if (const Table* table = v.as_table()) {
        std::string out = "{";
        for (std::size_t i = 0; i < table->entries.size(); ++i)
            out += (i ? ", " : "") + table->entries[i].first + ": " + format_number(table->entries[i].second);
        return out + "}";
    }
    return format_value(v);
}

}  // namespace

std::string overrides_fr(const std::vector<std::pair<std::string, Value>>& overrides) {
    std::string out;
    for (std::size_t i = 0; i < overrides.size(); ++i) {
        const std::string& name = overrides[i].first;
        const bool later = std::any_of(overrides.begin() + static_cast<std::ptrdiff_t>(i) + 1, overrides.end(),
                                       [&](const auto& o) { return o.first == name; });
        if (later) continue;  // the last of a name wins
        out += (out.empty() ? "" : " ; ") + name + " = " + value_words(overrides[i].second);
    }
    return out;
}

std::string signed_text(std::int64_t change) { return change > 0 ? "+" + std::to_string(change) : std::to_string(change); }

std::string mean_fr(double mean) {
    std::string text = fmt::format("{:.2f}", mean);
    if (mean > 0) text = "+" + text;
    if (text == "-0.00") text = "0.00";
    std::replace(text.begin(), text.end(), '.', ',');
    return text;
}

std::string bin_fr(const RankChangeBin& bin) {
    if (bin.to == std::numeric_limits<std::int64_t>::max()) return signed_text(bin.from) + " et plus";
    if (bin.from == std::numeric_limits<std::int64_t>::min() + 1) return signed_text(bin.to) + " et moins";
    if (bin.from == bin.to) return signed_text(bin.from);
    return signed_text(bin.from) + " à " + signed_text(bin.to);
}

}  // namespace cotation::internal
