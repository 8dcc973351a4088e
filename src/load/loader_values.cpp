// load: the keys of a mapping and the scalar values of a policy file (ids, names, expressions,
// bounds, targets, order keys, tags, parameter values).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "load/loader.hpp"
#include "core/text.hpp"

namespace cotation {

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

namespace loading {

namespace {

std::string hex_byte(unsigned char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string{digits[c >> 4], digits[c & 15]};
}

}  // namespace

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

std::vector<std::pair<Name, YAML::Node>> Loader::entries(const YAML::Node& map, Mapping mapping, const std::string& what) {
    const MappingInfo& info = mapping_info(mapping);
    return entries(map, info.names(), info.required(), what);
}

std::vector<std::pair<Name, YAML::Node>> Loader::named_entries(const YAML::Node& map, const std::string& what) {
    return entries(map, {}, {}, what);
}

std::vector<std::pair<Name, YAML::Node>> Loader::entries(const YAML::Node& map, const std::vector<std::string>& allowed,
                                                         const std::vector<std::string>& required, const std::string& what) {
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
            if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key.text) == allowed.end()) {
                std::string hint = did_you_mean(key.text, allowed);
                suggested.push_back(closest_name(key.text, allowed));
                std::string message = "unknown key '" + key.text + "' in " + what;
                if (!hint.empty()) message += "; " + hint;
                else {
                    hint = "allowed keys: ";
                    hint += join_texts(allowed, ", ");
                }
                error("E0101", key.loc, std::move(message), std::move(hint));
                continue;
            }
            out.emplace_back(std::move(key), it->second);
        }
        for (const std::string& r : required) {
            if (!seen.count(r) && std::find(suggested.begin(), suggested.end(), r) == suggested.end())
                error("E0103", loc_of(map), what + " lacks the required key '" + r + "'");
        }
        return out;
    }

std::optional<Name> Loader::read_id(const YAML::Node& node, const std::string& what, Loc where) {
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

std::optional<Name> Loader::read_name(const YAML::Node& node, const std::string& what, Loc where) {
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

std::vector<Name> Loader::read_names(const YAML::Node& node, const std::string& what, Loc where) {
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

std::optional<ExprText> Loader::read_expr(const YAML::Node& node, const std::string& what, Loc where) {
        if (!node.IsScalar()) {
            if (node.IsNull() || !node.IsDefined()) {
                // `key:` with nothing, or `~`: an empty expression, unless written `null` on purpose.
                const auto& text = sources_.file(file_).text;
                const std::size_t pos = static_cast<std::size_t>(std::max(0, node.Mark().pos));
                if (node.IsDefined() && text.compare(pos, 4, "null") == 0) {
                    ExprText e{"null", Loc{file_, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + 4)}, {}, {}};
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

std::optional<Bound> Loader::read_bound(const YAML::Node& node, const std::string& what, Loc where) {
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

std::optional<Target> Loader::read_target(const YAML::Node& node, Loc where) {
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

std::vector<OrderKey> Loader::read_order(const YAML::Node& node, Loc where) {
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

std::optional<Loc> Loader::read_tag(const YAML::Node& node, const std::string& what, Loc where) {
    auto text = scalar(node, what, where);
    if (!text) return std::nullopt;
    if (!is_quoted(node) && (*text == "true" || *text == "false")) {
        if (*text == "true") return loc_of(node);
        return std::nullopt;
    }
    error("E0104", loc_of(node), what + " is `true` or `false`, not '" + *text + "'");
    return std::nullopt;
}

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
    const MappingInfo& long_form_keys = mapping_info(Mapping::parameter);
    const bool long_form = node.IsMap() && std::any_of(node.begin(), node.end(), [&](const auto& kv) {
        return kv.first.IsScalar() && long_form_keys.key(kv.first.Scalar()) != nullptr;
    });
    const auto add_version = [&](std::optional<Date> since, const YAML::Node& value_node, std::optional<Loc> since_loc) {
        if (auto v = read_parameter_value(value_node, "parameter '" + name.text + "'")) {
            const Loc at = loc_of(value_node);
            p.versions.push_back(ParameterVersion{since, std::move(v->first), v->second, at, since_loc.value_or(at)});
        }
    };
    if (!long_form && (node.IsNull() || !node.IsDefined())) {
        error("E0111", name.loc, "parameter '" + name.text + "' has no value");
    } else if (!long_form) {
        add_version(std::nullopt, node, std::nullopt);
    } else {
        YAML::Node values;
        for (auto& [key, value] : entries(node, Mapping::parameter, "parameter '" + name.text + "'")) {
            if (key.text == "label") p.label = read_text(value, "label", key.loc);
            else if (key.text == "reference") p.reference = read_text(value, "reference", key.loc);
            else if (key.text == "yearly") p.yearly = read_tag(value, "yearly", key.loc);
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
                    add_version(since, it->second, loc_of(it->first));
                }
            } else if (looks_dated) {
                for (auto it = values.begin(); it != values.end(); ++it) {
                    if (!parse_iso_date(it->first.Scalar()))
                        error("E0109", loc_of(it->first), "'" + it->first.Scalar() + "' is not a valid date (YYYY-MM-DD)");
                }
            } else {
                add_version(std::nullopt, values, std::nullopt);
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

}  // namespace loading
}  // namespace cotation
