// load: YAML policy file -> PolicyDoc, every part with its place; includes merged.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "load/policy_ast.hpp"
#include "load/scalar_map.hpp"

namespace cotation {

Loc ExprText::span_loc(std::uint32_t begin, std::uint32_t end) const {
    if (offsets.empty()) return loc;
    begin = std::min<std::uint32_t>(begin, static_cast<std::uint32_t>(offsets.size() - 1));
    end = std::min<std::uint32_t>(std::max(end, begin), static_cast<std::uint32_t>(offsets.size() - 1));
    const std::uint32_t file_begin = offsets[begin];
    const std::uint32_t file_end = end > begin ? (end - 1 < ends.size() ? ends[end - 1] : offsets[end - 1] + 1) : file_begin + 1;
    return Loc{loc.file, file_begin, std::max(file_end, file_begin + 1)};
}

std::optional<Target> parse_target(const std::string& text, std::string& error) {
    std::string_view t = text;
    const auto trim = [](std::string_view& s) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    };
    trim(t);
    Target target;
    target.text = text;
    bool at_least;
    if (t.substr(0, 2) == ">=") at_least = true;
    else if (t.substr(0, 2) == "<=") at_least = false;
    else {
        error = "a target starts with `>=` or `<=`";
        return std::nullopt;
    }
    t.remove_prefix(2);
    trim(t);
    const bool percent = !t.empty() && t.back() == '%';
    if (percent) {
        t.remove_suffix(1);
        trim(t);
    }
    // Digits with at most 6 decimals, read exactly as numerator / 10^decimals.
    std::int64_t numerator = 0, scale = 1;
    bool seen_dot = false, any_digit = false;
    for (char c : t) {
        if (c == '.' && !seen_dot && percent) {
            seen_dot = true;
        } else if (c >= '0' && c <= '9') {
            any_digit = true;
            if (numerator > 1'000'000'000'000) {
                error = "the target is too large";
                return std::nullopt;
            }
            numerator = numerator * 10 + (c - '0');
            if (seen_dot) {
                scale *= 10;
                if (scale > 1'000'000) {
                    error = "a percentage takes at most 6 decimals";
                    return std::nullopt;
                }
            }
        } else {
            error = percent ? "expected a percentage such as `>= 25%`" : "expected a whole number such as `>= 12`, or a percentage such as `>= 25%`";
            return std::nullopt;
        }
    }
    if (!any_digit) {
        error = "the target has no number";
        return std::nullopt;
    }
    if (percent && numerator > 100 * scale) {
        error = "a share cannot be above 100%";
        return std::nullopt;
    }
    target.kind = percent ? (at_least ? TargetKind::at_least_percent : TargetKind::at_most_percent)
                          : (at_least ? TargetKind::at_least_count : TargetKind::at_most_count);
    target.numerator = numerator;
    target.scale = scale;
    return target;
}

namespace {

namespace fs = std::filesystem;

std::string hex_byte(unsigned char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string{digits[c >> 4], digits[c & 15]};
}

bool is_id(const std::string& s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_identifier(const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// Where UTF-8 is broken or the text holds control bytes: the byte offset, or npos.
std::size_t first_bad_byte(std::string_view s, std::string& what) {
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                what = "a control byte (0x" + hex_byte(c) + "): this is not a text file";
                return i;
            }
            ++i;
            continue;
        }
        const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = len != 0 && i + len <= s.size() && c >= 0xC2 && c <= 0xF4;
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (!ok) {
            what = "a byte that is not UTF-8 (0x" + hex_byte(c) + ")";
            return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

struct KeySpec {
    std::vector<std::string> allowed;
    std::vector<std::string> required;
};

class Loader {
public:
    Loader(SourceSet& sources, std::vector<Diagnostic>& diagnostics) : sources_(sources), diagnostics_(diagnostics) {}

    void load(const std::string& path, std::optional<std::string> text, std::optional<Loc> included_at);
    PolicyDoc take() { return std::move(doc_); }

private:
    SourceSet& sources_;
    std::vector<Diagnostic>& diagnostics_;
    PolicyDoc doc_;
    std::vector<std::string> include_stack_;  // canonical paths being loaded
    std::vector<std::string> include_names_;  // the same, as the user named them
    std::set<std::string> loaded_;            // each file is merged once, even when included twice
    std::uint32_t file_ = 0;
    bool is_root_ = true;
    std::optional<Loc> ranking_loc_, matching_loc_;
    std::map<std::string, Loc> record_keys_;

    // --- diagnostics ---
    Diagnostic& error(const char* code, Loc loc, std::string message, std::string hint = {}) {
        diagnostics_.push_back(sources_.make(Severity::error, code, loc, std::move(message), std::move(hint)));
        return diagnostics_.back();
    }
    void defined_twice(const std::string& what, const Name& again, Loc first) {
        Diagnostic& d = error("E0105", again.loc, what + " '" + again.text + "' is defined twice");
        d.notes.push_back(sources_.make(Severity::note, "E0105", first, "first defined here"));
    }

    // --- places ---
    Loc loc_of(const YAML::Node& node) const {
        const auto& text = sources_.file(file_).text;
        const std::uint32_t begin = static_cast<std::uint32_t>(std::clamp<int>(node.Mark().pos, 0, static_cast<int>(text.size())));
        std::uint32_t end = begin + 1;
        if (node.IsScalar()) end = scalar_offsets(node).back();
        return Loc{file_, begin, std::max(end, begin + 1)};
    }
    std::vector<std::uint32_t> scalar_offsets(const YAML::Node& node) const {
        const auto& text = sources_.file(file_).text;
        return map_scalar_offsets(text, static_cast<std::size_t>(std::max(0, node.Mark().pos)), node.Scalar());
    }
    static bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

    // --- shapes ---
    bool expect_map(const YAML::Node& node, const std::string& what, Loc where) {
        if (node.IsMap()) return true;
        error("E0104", node.IsDefined() && !node.IsNull() ? loc_of(node) : where, what + " must be a mapping (key: value lines)");
        return false;
    }
    bool expect_sequence(const YAML::Node& node, const std::string& what, Loc where) {
        if (node.IsSequence()) return true;
        error("E0104", node.IsDefined() && !node.IsNull() ? loc_of(node) : where, what + " must be a list");
        return false;
    }
    std::optional<std::string> scalar(const YAML::Node& node, const std::string& what, Loc where) {
        if (node.IsScalar()) return node.Scalar();
        error("E0104", node.IsDefined() && !node.IsNull() ? loc_of(node) : where, what + " must be a single value");
        return std::nullopt;
    }

    // Reports unknown, duplicate and missing keys; returns the key -> value pairs in file order.
    std::vector<std::pair<Name, YAML::Node>> entries(const YAML::Node& map, const KeySpec& spec, const std::string& what) {
        std::vector<std::pair<Name, YAML::Node>> out;
        std::map<std::string, Loc> seen;
        std::vector<std::string> suggested;  // a misspelt key already stands for these
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it->first.IsScalar()) {
                error("E0104", loc_of(it->first), "a key of " + what + " must be a plain name");
                continue;
            }
            Name key{it->first.Scalar(), loc_of(it->first)};
            if (auto [pos, fresh] = seen.emplace(key.text, key.loc); !fresh) {
                Diagnostic& d = error("E0102", key.loc, "key '" + key.text + "' appears twice in " + what);
                d.notes.push_back(sources_.make(Severity::note, "E0102", pos->second, "first given here"));
                continue;
            }
            if (!spec.allowed.empty() && std::find(spec.allowed.begin(), spec.allowed.end(), key.text) == spec.allowed.end()) {
                std::string hint = did_you_mean(key.text, spec.allowed);
                suggested.push_back(closest_name(key.text, spec.allowed));
                std::string message = "unknown key '" + key.text + "' in " + what;
                if (!hint.empty()) message += "; " + hint;
                else {
                    hint = "allowed keys: ";
                    for (std::size_t i = 0; i < spec.allowed.size(); ++i) hint += (i ? ", " : "") + spec.allowed[i];
                }
                error("E0101", key.loc, std::move(message), std::move(hint));
                continue;
            }
            out.emplace_back(std::move(key), it->second);
        }
        for (const std::string& r : spec.required) {
            if (!seen.count(r) && std::find(suggested.begin(), suggested.end(), r) == suggested.end())
                error("E0103", loc_of(map), what + " lacks the required key '" + r + "'");
        }
        return out;
    }

    std::optional<Name> read_id(const YAML::Node& node, const std::string& what, Loc where) {
        auto text = scalar(node, what, where);
        if (!text) return std::nullopt;
        Name name{*text, loc_of(node)};
        if (!is_id(name.text)) {
            error("E0106", name.loc, "'" + name.text + "' is not a valid id for " + what,
                  "ids are lower-case letters, digits and `_`, starting with a letter");
            return std::nullopt;
        }
        return name;
    }

    std::optional<Name> read_name(const YAML::Node& node, const std::string& what, Loc where) {
        auto text = scalar(node, what, where);
        if (!text) return std::nullopt;
        Name name{*text, loc_of(node)};
        if (!is_identifier(name.text)) {
            error("E0106", name.loc, "'" + name.text + "' is not a valid name for " + what,
                  "names are letters, digits and `_`, not starting with a digit");
            return std::nullopt;
        }
        return name;
    }

    std::vector<Name> read_names(const YAML::Node& node, const std::string& what, Loc where) {
        std::vector<Name> out;
        if (node.IsScalar()) {  // a single name is accepted for a one-item list
            if (auto n = read_name(node, what, where)) out.push_back(*n);
            return out;
        }
        if (!expect_sequence(node, what, where)) return out;
        for (const auto& item : node)
            if (auto n = read_name(item, what, where)) out.push_back(*n);
        return out;
    }

    std::string read_text(const YAML::Node& node, const std::string& what, Loc where) {
        return scalar(node, what, where).value_or("");
    }

    std::optional<ExprText> read_expr(const YAML::Node& node, const std::string& what, Loc where) {
        if (!node.IsScalar()) {
            if (node.IsNull() || !node.IsDefined()) {
                // `key:` with nothing, or `~`: an empty expression, unless written `null` on purpose.
                const auto& text = sources_.file(file_).text;
                const std::size_t pos = static_cast<std::size_t>(std::max(0, node.Mark().pos));
                if (node.IsDefined() && text.compare(pos, 4, "null") == 0) {
                    ExprText e{"null", Loc{file_, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + 4)}, {}};
                    for (std::uint32_t k = 0; k <= 4; ++k) e.offsets.push_back(static_cast<std::uint32_t>(pos) + k);
                    return e;
                }
                error("E0104", where, what + " is empty: expected an expression");
                return std::nullopt;
            }
            error("E0104", loc_of(node), what + " must be an expression (a single value), not a " +
                                             (node.IsMap() ? "mapping" : "list"),
                  node.IsSequence() ? "a YAML line that starts with `[` is a list: quote the expression whole" : "");
            return std::nullopt;
        }
        ExprText e;
        e.text = node.Scalar();
        e.offsets = map_scalar_offsets(sources_.file(file_).text, static_cast<std::size_t>(std::max(0, node.Mark().pos)), e.text, &e.ends);
        e.loc = Loc{file_, e.offsets.front(), e.offsets.back()};
        e.loc.begin = static_cast<std::uint32_t>(std::max(0, node.Mark().pos));
        return e;
    }

    std::optional<Bound> read_bound(const YAML::Node& node, const std::string& what, Loc where) {
        auto text = scalar(node, what, where);
        if (!text) return std::nullopt;
        double value = 0;
        const auto* end = text->data() + text->size();
        auto [ptr, ec] = std::from_chars(text->data(), end, value);
        if (is_quoted(node) || ec != std::errc() || ptr != end || !std::isfinite(value)) {
            error("E0104", loc_of(node), what + " must be a number, not '" + *text + "'");
            return std::nullopt;
        }
        return Bound{value, loc_of(node)};
    }

    std::optional<Target> read_target(const YAML::Node& node, Loc where) {
        auto text = scalar(node, "target", where);
        if (!text) return std::nullopt;
        std::string problem;
        auto target = parse_target(*text, problem);
        if (!target) {
            error("E0112", loc_of(node), "invalid target '" + *text + "': " + problem,
                  "targets are written \">= 25%\", \"<= 30%\", \">= 12\" or \"<= 5\"");
            return std::nullopt;
        }
        target->loc = loc_of(node);
        return target;
    }

    std::vector<OrderKey> read_order(const YAML::Node& node, Loc where) {
        std::vector<OrderKey> keys;
        if (!expect_sequence(node, "order", where)) return keys;
        for (const auto& item : node) {
            auto text = scalar(item, "an order key", where);
            if (!text) continue;
            std::istringstream words(*text);
            std::string name, direction, extra;
            words >> name >> direction >> extra;
            const Loc loc = loc_of(item);
            if (name.empty() || !extra.empty() || (!direction.empty() && direction != "asc" && direction != "desc") ||
                !is_identifier(name)) {
                error("E0113", loc, "invalid order key '" + *text + "'", "write a name then `asc` or `desc`, e.g. `score desc`");
                continue;
            }
            const std::uint32_t start = scalar_offsets(item).front();
            keys.push_back(OrderKey{Name{name, Loc{file_, start, static_cast<std::uint32_t>(start + name.size())}},
                                    direction == "desc", loc});
        }
        return keys;
    }

    // yaml-cpp accepts a quoted scalar that runs to the end of the file: such a scalar is reported.
    bool check_quoted_scalars(const YAML::Node& root);

    // --- values of parameters ---
    std::optional<std::pair<Value, Type>> read_parameter_value(const YAML::Node& node, const std::string& what);
    void read_parameter(const Name& name, const YAML::Node& node);

    // --- sections ---
    void read_root(const YAML::Node& root, const std::string& path);
    void read_records(const YAML::Node& node, Loc where);
    void read_parameters(const YAML::Node& node, Loc where);
    void read_grids(const YAML::Node& node, Loc where);
    void read_flags(const YAML::Node& node, Loc where);
    void read_ranking(const YAML::Node& node, Loc where);
    void read_quotas(const YAML::Node& node, Loc where);
    void read_matching(const YAML::Node& node, Loc where);

    std::map<std::string, Loc> grid_ids_, flag_ids_, quota_ids_;
    bool check_unique(std::map<std::string, Loc>& ids, const std::string& what, const Name& name) {
        auto [it, fresh] = ids.emplace(name.text, name.loc);
        if (!fresh) defined_twice(what, name, it->second);
        return fresh;
    }
};

bool Loader::check_quoted_scalars(const YAML::Node& root) {
    const std::string& source = sources_.file(file_).text;
    std::vector<YAML::Node> stack{root};
    // An alias shares its anchor's node, and so its place: each place is walked once, so that a
    // "billion laughs" file costs its size, not its expansion.
    std::set<int> visited;
    while (!stack.empty()) {
        YAML::Node node = stack.back();
        stack.pop_back();
        if (!visited.insert(node.Mark().pos).second && node.Mark().pos >= 0) continue;
        if (node.IsScalar()) {
            const int pos = node.Mark().pos;
            if (pos < 0 || static_cast<std::size_t>(pos) >= source.size()) continue;
            const char quote = source[static_cast<std::size_t>(pos)];
            if (!is_quoted(node) || (quote != '"' && quote != '\'')) continue;
            std::vector<std::uint32_t> ends;
            const auto begins = map_scalar_offsets(source, static_cast<std::size_t>(pos), node.Scalar(), &ends);
            const std::uint32_t end = ends.empty() ? begins.back() : ends.back();
            if (end >= source.size() || source[end] != quote) {
                doc_.incomplete = true;
                error("E0001", Loc{file_, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + 1)},
                      "YAML syntax: unterminated quoted string", std::string("close it with ") + quote);
                return false;
            }
        } else if (node.IsSequence()) {
            for (const auto& item : node) stack.push_back(item);
        } else if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                stack.push_back(it->first);
                stack.push_back(it->second);
            }
        }
    }
    return true;
}

std::optional<std::pair<Value, Type>> Loader::read_parameter_value(const YAML::Node& node, const std::string& what) {
    if (node.IsScalar()) {
        const std::string& text = node.Scalar();
        if (!is_quoted(node)) {
            double number = 0;
            const char* end = text.data() + text.size();
            auto [ptr, ec] = std::from_chars(text.data(), end, number);
            if (ec == std::errc() && ptr == end && !text.empty() && std::isfinite(number))
                return std::pair{Value(number), Type::of(number == std::floor(number) ? TypeKind::integer : TypeKind::number)};
            if (text == "true" || text == "True" || text == "TRUE") return std::pair{Value(true), Type::of(TypeKind::boolean)};
            if (text == "false" || text == "False" || text == "FALSE") return std::pair{Value(false), Type::of(TypeKind::boolean)};
        }
        return std::pair{Value(text), Type::of(TypeKind::string)};
    }
    if (node.IsSequence()) {
        List items;
        TypeKind element = TypeKind::null;
        for (const auto& item : node) {
            auto v = item.IsScalar() ? read_parameter_value(item, what) : std::nullopt;
            if (!v || v->second.kind == TypeKind::boolean) {
                // An alias carries its anchor's place: point at the list that uses it instead.
                const Loc at = item.Mark().pos < node.Mark().pos ? loc_of(node) : loc_of(item);
                error("E0111", at, "the items of a list parameter are numbers or strings");
                return std::nullopt;
            }
            TypeKind k = v->second.kind;
            if (element == TypeKind::null) element = k;
            else if (element != k) {
                if ((element == TypeKind::integer || element == TypeKind::number) && (k == TypeKind::integer || k == TypeKind::number))
                    element = TypeKind::number;
                else {
                    error("E0111", loc_of(item), "a list parameter mixes numbers and strings");
                    return std::nullopt;
                }
            }
            items.push_back(std::move(v->first));
        }
        return std::pair{Value(std::move(items)), Type::list_of(element == TypeKind::null ? TypeKind::string : element)};
    }
    if (node.IsMap()) {  // a table: int or string keys to numbers
        auto table = std::make_shared<Table>();
        bool all_int_keys = true;
        std::map<std::string, Loc> key_locs;
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (!it->first.IsScalar() || !it->second.IsScalar()) {
                error("E0111", loc_of(it->first), "a table maps keys to numbers");
                return std::nullopt;
            }
            auto v = read_parameter_value(it->second, what);
            if (!v || !v->second.is_numeric()) {
                error("E0111", loc_of(it->second), "a table's values must be numbers, not '" + it->second.Scalar() + "'");
                return std::nullopt;
            }
            std::string key = it->first.Scalar();
            long long as_int = 0;
            auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), as_int);
            if (ec != std::errc() || ptr != key.data() + key.size()) all_int_keys = false;
            else key = std::to_string(as_int);
            if (auto [first, fresh] = key_locs.emplace(key, loc_of(it->first)); !fresh) {
                Diagnostic& d = error("E0111", loc_of(it->first), "table key '" + it->first.Scalar() + "' appears twice");
                d.notes.push_back(sources_.make(Severity::note, "E0111", first->second, "first given here"));
                return std::nullopt;
            }
            table->entries.emplace_back(key, *v->first.as_number());
        }
        std::sort(table->entries.begin(), table->entries.end());
        Type type = Type::of(TypeKind::table);
        type.element = all_int_keys ? TypeKind::integer : TypeKind::string;
        return std::pair{Value(std::shared_ptr<const Table>(std::move(table))), type};
    }
    error("E0111", loc_of(node), what + " has no value");
    return std::nullopt;
}

void Loader::read_parameter(const Name& name, const YAML::Node& node) {
    ParameterDecl p;
    p.name = name;
    const std::size_t errors_before = diagnostics_.size();
    static const std::vector<std::string> long_form_keys{"label", "reference", "values"};
    const bool long_form = node.IsMap() && std::any_of(node.begin(), node.end(), [&](const auto& kv) {
        return kv.first.IsScalar() && std::find(long_form_keys.begin(), long_form_keys.end(), kv.first.Scalar()) != long_form_keys.end();
    });
    const auto add_version = [&](std::optional<Date> since, const YAML::Node& value_node) {
        if (auto v = read_parameter_value(value_node, "parameter '" + name.text + "'")) {
            p.versions.push_back(ParameterVersion{since, std::move(v->first), v->second, loc_of(value_node)});
        }
    };
    if (!long_form && (node.IsNull() || !node.IsDefined())) {
        error("E0111", name.loc, "parameter '" + name.text + "' has no value");
    } else if (!long_form) {
        add_version(std::nullopt, node);
    } else {
        YAML::Node values;
        for (auto& [key, value] : entries(node, KeySpec{long_form_keys, {"values"}}, "parameter '" + name.text + "'")) {
            if (key.text == "label") p.label = read_text(value, "label", key.loc);
            else if (key.text == "reference") p.reference = read_text(value, "reference", key.loc);
            else values = value;
        }
        if (values) {
            const bool dated = values.IsMap() && values.size() > 0 && std::all_of(values.begin(), values.end(), [](const auto& kv) {
                return kv.first.IsScalar() && parse_iso_date(kv.first.Scalar()).has_value();
            });
            const bool looks_dated = values.IsMap() && values.size() > 0 && std::any_of(values.begin(), values.end(), [](const auto& kv) {
                return kv.first.IsScalar() && kv.first.Scalar().size() == 10 && kv.first.Scalar()[4] == '-';
            });
            if (dated) {
                std::optional<Date> previous;
                Loc previous_loc;
                for (auto it = values.begin(); it != values.end(); ++it) {
                    const Date since = *parse_iso_date(it->first.Scalar());
                    if (previous && since <= *previous) {
                        Diagnostic& d = error("E0109", loc_of(it->first),
                                              "parameter '" + name.text + "': date " + it->first.Scalar() +
                                                  " is not after " + format_date(*previous),
                                              "dates of a parameter's values are strictly increasing");
                        d.notes.push_back(sources_.make(Severity::note, "E0109", previous_loc, "the previous date"));
                    }
                    previous = since;
                    previous_loc = loc_of(it->first);
                    add_version(since, it->second);
                }
            } else if (looks_dated) {
                for (auto it = values.begin(); it != values.end(); ++it) {
                    if (!parse_iso_date(it->first.Scalar()))
                        error("E0109", loc_of(it->first), "'" + it->first.Scalar() + "' is not a valid date (YYYY-MM-DD)");
                }
            } else {
                add_version(std::nullopt, values);
            }
        }
    }
    // Every dated value has the same type (whole and decimal numbers mix as numbers).
    for (std::size_t i = 1; i < p.versions.size(); ++i) {
        Type& a = p.versions[0].type;
        const Type& b = p.versions[i].type;
        if (a.is_numeric() && b.is_numeric()) {
            if (b.kind == TypeKind::number) a = b;
        } else if (a.kind != b.kind || (a.kind == TypeKind::table && a.element != b.element)) {
            error("E0111", p.versions[i].loc, "parameter '" + name.text + "' changes type: " + type_name(b) + " here, " +
                                                  type_name(a) + " before");
        }
    }
    for (auto& v : p.versions) if (v.type.is_numeric()) v.type = p.versions[0].type.is_numeric() ? p.versions[0].type : v.type;
    p.broken = diagnostics_.size() > errors_before || p.versions.empty();
    doc_.parameters.push_back(std::move(p));
}

void Loader::read_records(const YAML::Node& node, Loc where) {
    if (!expect_map(node, "records", where)) return;
    for (auto& entry : entries(node, KeySpec{}, "records")) {
        const Name& rname = entry.first;  // a plain reference: lambdas below capture it
        const YAML::Node& rnode = entry.second;
        if (!is_id(rname.text)) {
            error("E0106", rname.loc, "'" + rname.text + "' is not a valid record name",
                  "record names are lower-case letters, digits and `_`, starting with a letter");
            continue;
        }
        if (!expect_map(rnode, "record '" + rname.text + "'", rname.loc)) continue;
        auto existing = std::find_if(doc_.records.begin(), doc_.records.end(), [&](const RecordDecl& r) { return r.name.text == rname.text; });
        if (existing == doc_.records.end()) {
            doc_.records.push_back(RecordDecl{rname, std::nullopt, {}, {}});
            existing = doc_.records.end() - 1;
        }
        RecordDecl& record = *existing;
        for (auto& [key, value] : entries(rnode, KeySpec{{"key", "fields", "derived"}, {}}, "record '" + rname.text + "'")) {
            if (key.text == "key") {
                auto k = read_name(value, "key", key.loc);
                if (!k) continue;
                if (record.key && record.key->text != k->text) defined_twice("the key of record", Name{rname.text, k->loc}, record.key->loc);
                else if (!record.key) record.key = k;
            } else if (key.text == "fields") {
                if (!expect_map(value, "fields", key.loc)) continue;
                for (auto& [fname, fnode] : entries(value, KeySpec{}, "fields of '" + rname.text + "'")) {
                    if (!is_identifier(fname.text)) {
                        error("E0106", fname.loc, "'" + fname.text + "' is not a valid field name",
                              "names are ASCII letters, digits and `_`, not starting with a digit");
                        continue;
                    }
                    auto type_text = scalar(fnode, "the type of '" + fname.text + "'", fname.loc);
                    if (!type_text) continue;
                    auto type = parse_field_type(*type_text);
                    if (!type && type_text->rfind("enum[", 0) == 0) {
                        // Name the value listed twice, at its second place.
                        std::vector<std::string> seen_values;
                        std::string item;
                        std::size_t item_start = 5;
                        bool reported = false;
                        for (std::size_t k = 5; k <= type_text->size() && !reported; ++k) {
                            const char c = k < type_text->size() ? (*type_text)[k] : ',';
                            if (c == ',' || c == ']') {
                                const auto first = item.find_first_not_of(' ');
                                const std::string trimmed = first == std::string::npos ? "" : item.substr(first, item.find_last_not_of(' ') - first + 1);
                                if (!trimmed.empty() && std::find(seen_values.begin(), seen_values.end(), trimmed) != seen_values.end()) {
                                    const auto offsets = scalar_offsets(fnode);
                                    const std::size_t at = item_start + (first == std::string::npos ? 0 : first);
                                    error("E0108", Loc{file_, offsets[std::min(at, offsets.size() - 1)], offsets[std::min(at + trimmed.size(), offsets.size() - 1)]},
                                          "enum type lists '" + trimmed + "' twice", "each value of an enumeration is listed once");
                                    reported = true;
                                }
                                seen_values.push_back(trimmed);
                                item.clear();
                                item_start = k + 1;
                            } else {
                                item += c;
                            }
                        }
                        if (reported) continue;
                    }
                    if (!type) {
                        static const std::vector<std::string> types{"bool", "int", "number", "string", "date", "list<string>", "list<int>"};
                        std::string hint = did_you_mean(*type_text, types);
                        error("E0108", loc_of(fnode), "unknown field type '" + *type_text + "'" + (hint.empty() ? "" : "; " + hint),
                              hint.empty() ? "types are bool, int, number, string, date, enum[A, B, ...], list<string>, list<int>" : hint);
                        continue;
                    }
                    record.fields.push_back(FieldDecl{fname, *type});
                }
            } else {
                if (!expect_map(value, "derived", key.loc)) continue;
                for (auto& [dname, dnode] : entries(value, KeySpec{}, "derived fields of '" + rname.text + "'")) {
                    if (!is_identifier(dname.text)) {
                        error("E0106", dname.loc, "'" + dname.text + "' is not a valid field name",
                              "names are ASCII letters, digits and `_`, not starting with a digit");
                        continue;
                    }
                    if (auto e = read_expr(dnode, "derived field '" + dname.text + "'", dname.loc))
                        record.derived.push_back(DerivedDecl{dname, std::move(*e)});
                }
            }
        }
    }
}

void Loader::read_parameters(const YAML::Node& node, Loc where) {
    if (!expect_map(node, "parameters", where)) return;
    for (auto& [name, value] : entries(node, KeySpec{}, "parameters")) {
        if (!is_identifier(name.text)) {
            error("E0106", name.loc, "'" + name.text + "' is not a valid parameter name",
                  "names are ASCII letters, digits and `_`, not starting with a digit");
            continue;
        }
        read_parameter(name, value);
    }
}

void Loader::read_grids(const YAML::Node& node, Loc where) {
    if (!expect_sequence(node, "grids", where)) return;
    for (const auto& gnode : node) {
        if (!expect_map(gnode, "a grid", where)) continue;
        GridDecl grid;
        grid.record = Name{"demand", loc_of(gnode)};
        bool has_id = false;
        for (auto& [key, value] : entries(gnode, KeySpec{{"id", "label", "reference", "record", "applies_when", "cap", "floor", "rubrics"}, {"id", "rubrics"}}, "a grid")) {
            if (key.text == "id") { if (auto id = read_id(value, "a grid", key.loc)) { grid.id = *id; has_id = true; } }
            else if (key.text == "label") grid.label = read_text(value, "label", key.loc);
            else if (key.text == "reference") grid.reference = read_text(value, "reference", key.loc);
            else if (key.text == "record") { if (auto r = read_name(value, "record", key.loc)) grid.record = *r; }
            else if (key.text == "applies_when") grid.applies_when = read_expr(value, "applies_when", key.loc);
            else if (key.text == "cap") grid.cap = read_bound(value, "cap", key.loc);
            else if (key.text == "floor") grid.floor = read_bound(value, "floor", key.loc);
            else if (expect_sequence(value, "rubrics", key.loc)) {
                std::map<std::string, Loc> rubric_ids;
                for (const auto& rnode : value) {
                    if (!expect_map(rnode, "a rubric", key.loc)) continue;
                    RubricDecl rubric;
                    bool rubric_has_id = false;
                    for (auto& [rkey, rvalue] : entries(rnode, KeySpec{{"id", "label", "reference", "combine", "cap", "floor", "criteria"}, {"id", "criteria"}}, "a rubric")) {
                        if (rkey.text == "id") { if (auto id = read_id(rvalue, "a rubric", rkey.loc)) { rubric.id = *id; rubric_has_id = true; } }
                        else if (rkey.text == "label") rubric.label = read_text(rvalue, "label", rkey.loc);
                        else if (rkey.text == "reference") rubric.reference = read_text(rvalue, "reference", rkey.loc);
                        else if (rkey.text == "combine") {
                            auto c = scalar(rvalue, "combine", rkey.loc);
                            if (c && *c == "sum") rubric.combine = Combine::sum;
                            else if (c && *c == "max") rubric.combine = Combine::max;
                            else if (c) error("E0104", loc_of(rvalue), "combine is `sum` or `max`, not '" + *c + "'", did_you_mean(*c, {"sum", "max"}));
                        }
                        else if (rkey.text == "cap") rubric.cap = read_bound(rvalue, "cap", rkey.loc);
                        else if (rkey.text == "floor") rubric.floor = read_bound(rvalue, "floor", rkey.loc);
                        else if (expect_sequence(rvalue, "criteria", rkey.loc)) {
                            std::map<std::string, Loc> criterion_ids;
                            for (const auto& cnode : rvalue) {
                                if (!expect_map(cnode, "a criterion", rkey.loc)) continue;
                                CriterionDecl c;
                                bool ok = true, has_points = false;
                                for (auto& [ckey, cvalue] : entries(cnode, KeySpec{{"id", "label", "reference", "when", "requires", "points"}, {"id", "points"}}, "a criterion")) {
                                    if (ckey.text == "id") { if (auto id = read_id(cvalue, "a criterion", ckey.loc)) c.id = *id; else ok = false; }
                                    else if (ckey.text == "label") c.label = read_text(cvalue, "label", ckey.loc);
                                    else if (ckey.text == "reference") c.reference = read_text(cvalue, "reference", ckey.loc);
                                    else if (ckey.text == "when") c.when = read_expr(cvalue, "when", ckey.loc);
                                    else if (ckey.text == "requires") c.requires_fields = read_names(cvalue, "requires", ckey.loc);
                                    else if (auto e = read_expr(cvalue, "points", ckey.loc)) { c.points = std::move(*e); has_points = true; }
                                }
                                if (!ok || c.id.text.empty() || !has_points) continue;
                                if (check_unique(criterion_ids, "criterion", c.id)) rubric.criteria.push_back(std::move(c));
                            }
                        }
                    }
                    if (rubric_has_id && check_unique(rubric_ids, "rubric", rubric.id)) grid.rubrics.push_back(std::move(rubric));
                }
            }
        }
        if (has_id && check_unique(grid_ids_, "grid", grid.id)) doc_.grids.push_back(std::move(grid));
    }
}

void Loader::read_flags(const YAML::Node& node, Loc where) {
    if (!expect_sequence(node, "flags", where)) return;
    for (const auto& fnode : node) {
        if (!expect_map(fnode, "a flag", where)) continue;
        FlagDecl flag;
        bool ok = false, has_when = false;
        for (auto& [key, value] : entries(fnode, KeySpec{{"id", "label", "reference", "when"}, {"id", "when"}}, "a flag")) {
            if (key.text == "id") { if (auto id = read_id(value, "a flag", key.loc)) { flag.id = *id; ok = true; } }
            else if (key.text == "label") flag.label = read_text(value, "label", key.loc);
            else if (key.text == "reference") flag.reference = read_text(value, "reference", key.loc);
            else if (auto e = read_expr(value, "when", key.loc)) { flag.when = std::move(*e); has_when = true; }
        }
        if (ok && has_when && check_unique(flag_ids_, "flag", flag.id)) doc_.flags.push_back(std::move(flag));
    }
}

void Loader::read_ranking(const YAML::Node& node, Loc where) {
    if (ranking_loc_) {
        Diagnostic& d = error("E0105", where, "the ranking section is defined twice");
        d.notes.push_back(sources_.make(Severity::note, "E0105", *ranking_loc_, "first defined here"));
        return;
    }
    ranking_loc_ = where;
    if (!expect_map(node, "ranking", where)) return;
    RankingDecl ranking;
    ranking.loc = where;
    for (auto& [key, value] : entries(node, KeySpec{{"within", "order"}, {}}, "ranking")) {
        if (key.text == "order") {
            ranking.order = read_order(value, key.loc);
            ranking.has_order = true;
        } else if (expect_sequence(value, "within", key.loc)) {
            for (const auto& item : value)
                if (auto e = read_expr(item, "a `within` expression", key.loc)) ranking.within.push_back(std::move(*e));
        }
    }
    doc_.ranking = std::move(ranking);
}

void Loader::read_quotas(const YAML::Node& node, Loc where) {
    if (!expect_sequence(node, "quotas", where)) return;
    for (const auto& qnode : node) {
        if (!expect_map(qnode, "a quota", where)) continue;
        QuotaDecl q;
        q.record = Name{"allocation", loc_of(qnode)};
        q.period_field = Name{"lease_signed_on", loc_of(qnode)};
        q.period_default = true;
        bool ok = false, has_meets = false, has_target = false;
        for (auto& [key, value] : entries(qnode, KeySpec{{"id", "label", "reference", "record", "period_field", "scope", "meets", "target", "by", "overrides"}, {"id", "meets", "target"}}, "a quota")) {
            if (key.text == "id") { if (auto id = read_id(value, "a quota", key.loc)) { q.id = *id; ok = true; } }
            else if (key.text == "label") q.label = read_text(value, "label", key.loc);
            else if (key.text == "reference") q.reference = read_text(value, "reference", key.loc);
            else if (key.text == "record") { if (auto r = read_name(value, "record", key.loc)) q.record = *r; }
            else if (key.text == "period_field") { if (auto r = read_name(value, "period_field", key.loc)) { q.period_field = *r; q.period_default = false; } }
            else if (key.text == "scope") q.scope = read_expr(value, "scope", key.loc);
            else if (key.text == "meets") { if (auto e = read_expr(value, "meets", key.loc)) { q.meets = std::move(*e); has_meets = true; } }
            else if (key.text == "target") { if (auto t = read_target(value, key.loc)) { q.target = *t; has_target = true; } }
            else if (key.text == "by") q.by = read_names(value, "by", key.loc);
            else if (expect_sequence(value, "overrides", key.loc)) {
                for (const auto& onode : value) {
                    if (!expect_map(onode, "an override", key.loc)) continue;
                    OverrideDecl o;
                    o.loc = loc_of(onode);
                    bool has_override_target = false;
                    for (auto& [okey, ovalue] : entries(onode, KeySpec{{"where", "target"}, {"where", "target"}}, "an override")) {
                        if (okey.text == "target") {
                            if (auto t = read_target(ovalue, okey.loc)) { o.target = *t; has_override_target = true; }
                        } else if (expect_map(ovalue, "where", okey.loc)) {
                            for (auto& [wname, wvalue] : entries(ovalue, KeySpec{}, "where")) {
                                if (auto text = scalar(wvalue, "a `where` value", wname.loc)) {
                                    Value v = wvalue.IsNull() ? Value() : Value(*text);
                                    o.where.emplace_back(wname, std::move(v));
                                    o.value_locs.push_back(loc_of(wvalue));
                                }
                            }
                        }
                    }
                    if (has_override_target) q.overrides.push_back(std::move(o));
                }
            }
        }
        q.target_ok = has_target;
        if (ok && has_meets && check_unique(quota_ids_, "quota", q.id)) doc_.quotas.push_back(std::move(q));
    }
}

void Loader::read_matching(const YAML::Node& node, Loc where) {
    if (matching_loc_) {
        Diagnostic& d = error("E0105", where, "the matching section is defined twice");
        d.notes.push_back(sources_.make(Severity::note, "E0105", *matching_loc_, "first defined here"));
        return;
    }
    matching_loc_ = where;
    if (!expect_map(node, "matching", where)) return;
    MatchingDecl m;
    m.loc = where;
    for (auto& [key, value] : entries(node, KeySpec{{"eligible_when", "order"}, {"eligible_when"}}, "matching")) {
        if (key.text == "order") {
            m.order = read_order(value, key.loc);
            m.has_order = true;
        } else if (expect_sequence(value, "eligible_when", key.loc)) {
            std::map<std::string, Loc> ids;
            for (const auto& cnode : value) {
                if (!expect_map(cnode, "a condition", key.loc)) continue;
                EligibilityDecl c;
                bool ok = false, has_when = false;
                for (auto& [ckey, cvalue] : entries(cnode, KeySpec{{"id", "label", "when"}, {"id", "when"}}, "a condition")) {
                    if (ckey.text == "id") { if (auto id = read_id(cvalue, "a condition", ckey.loc)) { c.id = *id; ok = true; } }
                    else if (ckey.text == "label") c.label = read_text(cvalue, "label", ckey.loc);
                    else if (auto e = read_expr(cvalue, "when", ckey.loc)) { c.when = std::move(*e); has_when = true; }
                }
                if (ok && has_when && check_unique(ids, "condition", c.id)) m.eligible_when.push_back(std::move(c));
            }
        }
    }
    doc_.matching = std::move(m);
}

void Loader::read_root(const YAML::Node& root, const std::string& path) {
    const Loc file_start{file_, 0, 1};
    if (!root.IsMap()) {
        error("E0005", root.IsNull() ? file_start : loc_of(root),
              root.IsNull() ? "the policy file is empty" : "a policy file is a mapping of sections (cotation, name, records, ...)",
              "start with `cotation: 1`");
        return;
    }
    static const KeySpec top{{"cotation", "name", "version", "reference", "include", "records", "parameters", "grids",
                              "flags", "ranking", "quotas", "matching"},
                             {"cotation"}};
    auto items = entries(root, top, "the policy");
    // Includes first, so that their records and parameters come before this file's.
    for (auto& [key, value] : items) {
        if (key.text != "include") continue;
        std::vector<std::pair<std::string, Loc>> targets;
        if (value.IsScalar()) targets.emplace_back(value.Scalar(), loc_of(value));
        else if (!value.IsSequence()) {
            expect_sequence(value, "include", key.loc);
            doc_.incomplete = true;
        } else if (expect_sequence(value, "include", key.loc))
            for (const auto& item : value)
                if (auto s = scalar(item, "an include path", key.loc)) targets.emplace_back(*s, loc_of(item));
        const std::uint32_t this_file = file_;
        const bool was_root = is_root_;
        for (auto& [target, loc] : targets) {
            const fs::path joined = (fs::path(path).parent_path() / target).lexically_normal();
            is_root_ = false;
            load(joined.string(), std::nullopt, loc);
            file_ = this_file;
        }
        is_root_ = was_root;
    }
    for (auto& [key, value] : items) {
        const std::string& k = key.text;
        if (k == "cotation") {
            if (!value.IsScalar() || value.Scalar() != "1")
                error("E0110", value.IsScalar() ? loc_of(value) : key.loc,
                      "unsupported format version '" + (value.IsScalar() ? value.Scalar() : std::string("?")) + "'",
                      "only `cotation: 1` exists");
        } else if (k == "name" || k == "version" || k == "reference") {
            std::string text = read_text(value, k, key.loc);
            if (is_root_) (k == "name" ? doc_.name : k == "version" ? doc_.version : doc_.reference) = text;
        } else if (k == "records") read_records(value, key.loc);
        else if (k == "parameters") read_parameters(value, key.loc);
        else if (k == "grids") read_grids(value, key.loc);
        else if (k == "flags") read_flags(value, key.loc);
        else if (k == "ranking") read_ranking(value, key.loc);
        else if (k == "quotas") read_quotas(value, key.loc);
        else if (k == "matching") read_matching(value, key.loc);
    }
}

// yaml-cpp's messages, with a hint for the commonest mistake: an expression that starts with a quote.
std::string yaml_hint(const std::string& line) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos) return {};
    std::size_t v = line.find_first_not_of(' ', colon + 1);
    if (v == std::string::npos || (line[v] != '"' && line[v] != '\'')) return {};
    const char quote = line[v];
    const auto close = line.find(quote, v + 1);
    if (close == std::string::npos) return {};
    const auto after = line.find_first_not_of(' ', close + 1);
    if (after == std::string::npos || line[after] == '#') return {};
    const std::string expression = line.substr(v);
    const char outer = quote == '"' ? '\'' : '"';
    const std::size_t indent = line.find_first_not_of(' ');
    return "YAML reads a value that starts with a quote as a quoted string: quote the whole expression, e.g. " +
           line.substr(indent, colon + 2 - indent) + outer + expression + outer;
}

void Loader::load(const std::string& path, std::optional<std::string> text, std::optional<Loc> included_at) {
    std::error_code ec;
    const std::string canonical = fs::weakly_canonical(fs::path(path), ec).string();
    if (std::find(include_stack_.begin(), include_stack_.end(), canonical) != include_stack_.end()) {
        std::string chain;
        const auto start = std::find(include_stack_.begin(), include_stack_.end(), canonical) - include_stack_.begin();
        for (auto k = static_cast<std::size_t>(start); k < include_names_.size(); ++k) chain += include_names_[k] + " -> ";
        error("E0107", *included_at, "include cycle: " + chain + path, "a file cannot include itself, directly or through others");
        doc_.incomplete = true;
        return;
    }
    if (!loaded_.insert(canonical).second) return;
    if (!text) {
        std::ifstream in(path, std::ios::binary);
        if (in && fs::is_directory(fs::path(path), ec)) {
            in.close();
            errno = EISDIR;
        }
        if (!in || !in.is_open()) {
            const std::string why = std::generic_category().message(errno);
            doc_.incomplete = true;
            if (included_at) error("E0004", *included_at, "cannot read included file '" + path + "': " + why);
            else diagnostics_.push_back(SourceSet::make_global(Severity::error, "E0004", path, "cannot read file: " + why));
            return;
        }
        in.seekg(0, std::ios::end);
        const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
        if (size > max_policy_file_bytes) {
            doc_.incomplete = true;
            Diagnostic d = SourceSet::make_global(Severity::error, "E0003", path,
                                                  "policy file too large (" + std::to_string(size) + " bytes; the limit is " +
                                                      std::to_string(max_policy_file_bytes) + ")",
                                                  "a policy is a few hundred lines: is this the right file?");
            if (included_at) {
                Diagnostic at = sources_.make(Severity::error, "E0003", *included_at, d.message, d.hint);
                diagnostics_.push_back(std::move(at));
            } else diagnostics_.push_back(std::move(d));
            return;
        }
        in.seekg(0);
        text.emplace(size, '\0');
        in.read(text->data(), static_cast<std::streamsize>(size));
    } else if (text->size() > max_policy_file_bytes) {
        doc_.incomplete = true;
        diagnostics_.push_back(SourceSet::make_global(Severity::error, "E0003", path, "policy file too large (" + std::to_string(text->size()) + " bytes)"));
        return;
    }
    // A UTF-8 byte order mark is skipped, as editors on Windows write one.
    if (text->compare(0, 3, "\xEF\xBB\xBF") == 0) text->erase(0, 3);
    file_ = sources_.add(path, std::move(*text));
    const std::string& source = sources_.file(file_).text;
    std::string what;
    if (const std::size_t bad = first_bad_byte(source, what); bad != std::string_view::npos) {
        doc_.incomplete = true;
        error("E0002", Loc{file_, static_cast<std::uint32_t>(bad), static_cast<std::uint32_t>(bad + 1)},
              "the file holds " + what, "policy files are UTF-8 text");
        return;
    }
    YAML::Node root;
    try {
        root = YAML::Load(source);
    } catch (const YAML::Exception& e) {
        const std::uint32_t pos = static_cast<std::uint32_t>(std::clamp<int>(e.mark.pos, 0, static_cast<int>(source.size())));
        Loc loc{file_, pos, pos + 1};
        doc_.incomplete = true;
        if (dynamic_cast<const YAML::DeepRecursion*>(&e)) {
            diagnostics_.push_back(sources_.make(Severity::error, "E0001", loc, "YAML syntax: nested too deeply",
                                                 "a policy nests a few levels: is this the right file?"));
            return;
        }
        // A tab in the indentation: YAML indents with spaces only.
        const auto& lines = sources_.file(file_).line_starts;
        for (std::size_t l = static_cast<std::size_t>(std::max(0, e.mark.line - 1)); l <= static_cast<std::size_t>(std::max(0, e.mark.line)) && l < lines.size(); ++l) {
            std::size_t i = lines[l];
            while (i < source.size() && source[i] == ' ') ++i;
            if (i < source.size() && source[i] == '\t') {
                diagnostics_.push_back(sources_.make(Severity::error, "E0001", Loc{file_, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)},
                                                     "YAML syntax: a tab indents this line", "YAML indents with spaces only"));
                return;
            }
        }
        Diagnostic d = sources_.make(Severity::error, "E0001", loc, "YAML syntax: " + e.msg);
        std::string hint = yaml_hint(d.source_line);
        if (hint.empty() && e.mark.line > 0) {
            // yaml-cpp often reports the line after the mistake.
            const auto& f = sources_.file(file_);
            const std::uint32_t prev = f.line_starts[std::min<std::size_t>(static_cast<std::size_t>(e.mark.line), f.line_starts.size()) - 1];
            std::string previous = source.substr(prev, source.find('\n', prev) - prev);
            hint = yaml_hint(previous);
        }
        if (hint.empty() && e.mark.line > 0) {
            // A comment ends a plain value: the next line cannot continue it.
            const auto& f = sources_.file(file_);
            const std::size_t line = static_cast<std::size_t>(e.mark.line) - 1;
            if (line < f.line_starts.size()) {
                const std::uint32_t start = f.line_starts[line];
                const std::string previous = source.substr(start, source.find('\n', start) - start);
                if (previous.find(" #") != std::string::npos && previous.find('"') == std::string::npos && previous.find('\'') == std::string::npos)
                    hint = "the comment on line " + std::to_string(line + 1) + " ends the value: a line after it cannot continue the expression";
            }
        }
        d.hint = std::move(hint);
        diagnostics_.push_back(std::move(d));
        return;
    }
    if (!check_quoted_scalars(root)) return;
    include_stack_.push_back(canonical);
    include_names_.push_back(path);
    read_root(root, path);
    include_stack_.pop_back();
    include_names_.pop_back();
}

}  // namespace

PolicyDoc load_policy_text(const std::string& path, std::string text, SourceSet& sources, std::vector<Diagnostic>& diagnostics) {
    Loader loader(sources, diagnostics);
    loader.load(path, std::move(text), std::nullopt);
    return loader.take();
}

PolicyDoc load_policy_file(const std::string& path, SourceSet& sources, std::vector<Diagnostic>& diagnostics) {
    Loader loader(sources, diagnostics);
    loader.load(path, std::nullopt, std::nullopt);
    return loader.take();
}

}  // namespace cotation
