#include "lsp/places.hpp"

#include <algorithm>
#include <array>

namespace cotation::lsp {

namespace {

const std::string demand = "demand";
const std::string allocation = "allocation";

// The keys whose value is an expression (load/format.hpp: ValueShape::expression).
constexpr std::array expression_keys{std::string_view("when"), std::string_view("points"), std::string_view("applies_when"),
                                     std::string_view("scope"), std::string_view("meets")};

bool blank(char c) { return c == ' ' || c == '\t'; }

// A line `  - key: value`: where its key starts, and where its value starts.
struct KeyLine {
    std::string key;
    std::size_t key_column = 0;
    std::size_t value_column = 0;
};

// The first non-blank column of a line, after any `- ` of list items; `dashed` says whether there was one.
std::size_t content_column(std::string_view line, bool& dashed) {
    std::size_t i = 0;
    dashed = false;
    while (true) {
        while (i < line.size() && blank(line[i])) ++i;
        if (i < line.size() && line[i] == '-' && (i + 1 == line.size() || blank(line[i + 1]))) {
            dashed = true;
            ++i;
            continue;
        }
        return i;
    }
}

std::optional<KeyLine> key_line(std::string_view line) {
    bool dashed = false;
    std::size_t i = content_column(line, dashed);
    const std::size_t start = i;
    while (i < line.size() && is_word_char(line[i]) && line[i] != '.') ++i;
    if (i == start) return std::nullopt;
    std::size_t colon = i;
    while (colon < line.size() && blank(line[colon])) ++colon;
    if (colon >= line.size() || line[colon] != ':' || (colon + 1 < line.size() && !blank(line[colon + 1]))) return std::nullopt;
    std::size_t value = colon + 1;
    while (value < line.size() && blank(line[value])) ++value;
    return KeyLine{std::string(line.substr(start, i - start)), start, value};
}

bool comment_or_blank(std::string_view line) {
    bool dashed = false;
    const std::size_t i = content_column(line, dashed);
    return !dashed && (i == line.size() || line[i] == '#');
}

// The keys of the mappings that hold column `column` of line `index`, outermost first.
std::vector<std::string> parent_keys(const LineIndex& lines, std::size_t index, std::size_t column) {
    std::vector<std::string> keys;
    for (std::size_t j = index; j-- > 0 && column > 0;) {
        const std::string_view line = lines.line(j);
        if (comment_or_blank(line)) continue;
        const auto k = key_line(line);
        if (!k || k->key_column >= column) continue;
        keys.insert(keys.begin(), k->key);
        column = k->key_column;
    }
    return keys;
}

// The scope of an expression under these keys (the record of a grid or a quota written with
// `record:` is not looked for: its default is taken).
NameScope scope_of(const std::vector<std::string>& keys) {
    if (keys.size() >= 2 && keys[0] == "records") return NameScope{keys[1], false};
    if (!keys.empty() && keys[0] == "quotas") return NameScope{allocation, false};
    if (!keys.empty() && keys[0] == "matching") return NameScope{demand, true};
    return NameScope{demand, false};
}

std::optional<ExpressionAt> guess_from_lines(std::size_t offset, std::string_view text, const LineIndex& lines) {
    const Position place = lines.position(offset, Encoding::utf8);
    const std::string_view line = lines.line(place.line);
    const std::size_t column = std::min<std::size_t>(place.character, line.size());
    std::vector<std::string> keys;
    std::size_t value_column = 0;
    bool item = false;
    if (const auto k = key_line(line)) {
        if (column < k->value_column) return std::nullopt;
        keys = parent_keys(lines, place.line, k->key_column);
        keys.push_back(k->key);
        value_column = k->value_column;
    } else {
        value_column = content_column(line, item);
        keys = parent_keys(lines, place.line, value_column);  // a line that continues a value, or an item of a list
        if (column < value_column) return std::nullopt;
    }
    if (keys.empty()) return std::nullopt;
    const std::string& last = keys.back();
    const bool expression = std::find(expression_keys.begin(), expression_keys.end(), last) != expression_keys.end() ||
                            (keys.size() == 4 && keys[0] == "records" && keys[2] == "derived") || (last == "within" && item);
    if (!expression) return std::nullopt;
    // The value runs to the end of the line or to a comment.
    std::size_t end = line.size();
    const std::string_view value = line.substr(value_column);
    scan_outside_strings(value, [&](std::size_t i) {
        if (value[i] != '#' || i == 0 || !blank(value[i - 1])) return true;
        end = value_column + i;
        return false;
    });
    if (column > end) return std::nullopt;
    while (end > column && blank(line[end - 1])) --end;  // blanks before a comment, unless the place is in them
    ExpressionAt at;
    at.text = std::string(line.substr(value_column, end - value_column));
    at.index = column - value_column;
    at.scope = scope_of(keys);
    at.raw_begin = static_cast<std::size_t>(line.data() - text.data()) + value_column;
    return at;
}

}  // namespace

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

std::size_t ExpressionAt::file_offset(std::size_t i) const {
    if (!written) return raw_begin + i;
    const auto& offsets = written->offsets;
    if (i < written->text.size()) return offsets[i];
    return offsets.back() + (i - written->text.size());
}

std::vector<ExpressionSite> expression_sites(const PolicyDoc& doc) {
    std::vector<ExpressionSite> sites;
    for (const RecordDecl& r : doc.records)
        for (const DerivedDecl& d : r.derived) sites.push_back({&d.expr, {r.name.text, false}});
    for (const GridDecl& g : doc.grids) {
        const NameScope scope{g.record.text, false};
        if (g.applies_when) sites.push_back({&*g.applies_when, scope});
        for (const RubricDecl& r : g.rubrics)
            for (const CriterionDecl& c : r.criteria) {
                if (c.when) sites.push_back({&*c.when, scope});
                sites.push_back({&c.points, scope});
            }
    }
    for (const FlagDecl& f : doc.flags) sites.push_back({&f.when, {demand, false}});
    if (doc.ranking)
        for (const ExprText& w : doc.ranking->within) sites.push_back({&w, {demand, false}});
    for (const QuotaDecl& q : doc.quotas) {
        const NameScope scope{q.record.text, false};
        if (q.scope) sites.push_back({&*q.scope, scope});
        sites.push_back({&q.meets, scope});
    }
    if (doc.matching)
        for (const EligibilityDecl& c : doc.matching->eligible_when) sites.push_back({&c.when, {demand, true}});
    return sites;
}

std::vector<NameSite> name_sites(const PolicyDoc& doc) {
    std::vector<NameSite> sites;
    for (const RecordDecl& r : doc.records)
        if (r.key) sites.push_back({&*r.key, {r.name.text, false}});
    for (const GridDecl& g : doc.grids)
        for (const RubricDecl& r : g.rubrics)
            for (const CriterionDecl& c : r.criteria)
                for (const Name& n : c.requires_fields) sites.push_back({&n, {g.record.text, false}});
    if (doc.ranking)
        for (const OrderKey& k : doc.ranking->order) sites.push_back({&k.name, {demand, false}});
    for (const QuotaDecl& q : doc.quotas) {
        if (!q.period_default) sites.push_back({&q.period_field, {q.record.text, false}});
        for (const Name& n : q.by) sites.push_back({&n, {q.record.text, false}});
    }
    if (doc.matching)
        for (const OrderKey& k : doc.matching->order) sites.push_back({&k.name, {demand, false}});
    return sites;
}

std::optional<ExpressionAt> expression_at(const std::vector<ExpressionSite>& sites, std::uint32_t file, std::size_t offset,
                                          std::string_view text, const LineIndex& lines) {
    for (const ExpressionSite& site : sites) {
        const ExprText& e = *site.text;
        if (e.loc.file != file || e.offsets.empty() || e.offsets.front() > offset) continue;
        const std::size_t end = e.offsets.back();
        std::size_t index;
        std::string tail;
        if (offset <= end) {
            // The first byte at or after the place (a place in the indentation of a folded line is
            // the start of the next byte).
            index = static_cast<std::size_t>(std::lower_bound(e.offsets.begin(), e.offsets.end() - 1, offset) - e.offsets.begin());
        } else {
            // Blanks after the value (YAML drops them) on the same line still belong to it.
            if (offset > text.size() || end > text.size()) continue;
            const std::string_view gap = text.substr(end, offset - end);
            if (!std::all_of(gap.begin(), gap.end(), blank)) continue;
            index = e.text.size() + gap.size();
            tail = std::string(gap);
        }
        ExpressionAt at;
        at.text = e.text + tail;
        at.index = index;
        at.scope = site.scope;
        at.written = &e;
        return at;
    }
    return guess_from_lines(offset, text, lines);
}

StringState scan_outside_strings(std::string_view text, const std::function<bool(std::size_t)>& visit) {
    StringState state;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (quote) {
            if (text[i] == '\\') ++i;
            else if (text[i] == quote) quote = 0;
        } else if (text[i] == '"' || text[i] == '\'') {
            quote = text[i];
            state.quote_at = i;
        } else if (!visit(i)) {
            break;
        }
    }
    state.open = quote != 0;
    return state;
}

bool inside_string(std::string_view text, std::size_t at, std::size_t* quote_at) {
    const StringState state = scan_outside_strings(text.substr(0, std::min(at, text.size())), [](std::size_t) { return true; });
    if (state.open && quote_at) *quote_at = state.quote_at;
    return state.open;
}

std::optional<Word> word_at(std::string_view text, std::size_t at) {
    at = std::min(at, text.size());
    if (inside_string(text, at)) return std::nullopt;
    std::size_t begin = at, end = at;
    while (begin > 0 && is_word_char(text[begin - 1])) --begin;
    while (end < text.size() && is_word_char(text[end])) ++end;
    if (begin == end || (text[begin] >= '0' && text[begin] <= '9')) return std::nullopt;
    return Word{begin, end};
}

}  // namespace cotation::lsp
