#include "lsp/features.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "check/functions.hpp"
#include "lsp/places.hpp"

namespace cotation::lsp {

namespace {

// LSP's enumerations, as the protocol numbers them.
namespace kind {
constexpr int function = 3, field = 5, variable = 6, keyword = 14, enum_member = 20, constant = 21;  // CompletionItemKind
}
namespace symbol_kind {
constexpr int namespace_ = 3, class_ = 5, field = 8, constant = 14, number = 16, boolean = 17;  // SymbolKind
}

constexpr std::array keywords{"and", "or", "not", "in", "is", "null", "if", "then", "else", "true", "false"};

// Places of an analysis's files as the protocol writes them.
class Locator {
public:
    Locator(const Workspace& workspace, const Analysis& analysis, Encoding encoding)
        : workspace_(workspace), analysis_(analysis), encoding_(encoding) {}

    Json range(Loc loc) {
        const LineIndex& index = lines(loc.file);
        return Json{{"start", position(index.position(loc.begin, encoding_))},
                    {"end", position(index.position(std::max(loc.end, loc.begin), encoding_))}};
    }
    Json location(Loc loc) { return Json{{"uri", uri(loc.file)}, {"range", range(loc)}}; }
    std::string uri(std::uint32_t file) const {
        return workspace_.uri_of_path(analysis_.policy->sources.file(file).path);
    }
    static Json position(Position p) { return Json{{"line", p.line}, {"character", p.character}}; }

private:
    const Workspace& workspace_;
    const Analysis& analysis_;
    Encoding encoding_;
    std::map<std::uint32_t, LineIndex> lines_;

    const LineIndex& lines(std::uint32_t file) {
        auto it = lines_.find(file);
        if (it == lines_.end()) it = lines_.emplace(file, LineIndex(analysis_.policy->sources.file(file).text)).first;
        return it->second;
    }
};

// What a document's place is read against: its analysis, the document's index among the files of
// that analysis and its text as checked (the places of the policy as written are offsets into it),
// and the policy to read names from.
struct Context {
    const Analysis* analysis = nullptr;
    std::uint32_t file = 0;
    std::string_view text;
    const CompiledPolicy* names = nullptr;  // the analysis's policy, or while the text does not parse the last that did
    std::size_t offset = 0;
};

std::optional<Context> context_of(const Workspace& workspace, const Document& document, Position position, Encoding encoding) {
    const Analysis* analysis = workspace.analysis_of(document.uri);
    if (!analysis || !analysis->policy) return std::nullopt;
    const auto at = std::find(analysis->canonicals.begin(), analysis->canonicals.end(), document.canonical);
    if (at == analysis->canonicals.end() || static_cast<std::size_t>(at - analysis->canonicals.begin()) >= analysis->policy->sources.size())
        return std::nullopt;
    Context context;
    context.analysis = analysis;
    context.file = static_cast<std::uint32_t>(at - analysis->canonicals.begin());
    context.names = analysis->policy.get();
    if (!analysis->complete)
        if (const Analysis* complete = workspace.last_complete_analysis_of(document.uri); complete && complete->policy)
            context.names = complete->policy.get();
    // The text as checked is the document's, but for a byte order mark that the loader skips.
    context.text = analysis->policy->sources.file(context.file).text;
    context.offset = LineIndex(context.text).offset(position, encoding);
    return context;
}

// What a name of an expression stands for.
struct Meaning {
    enum class Kind { none, field, derived, parameter, as_of, function } kind = Kind::none;
    std::string name;
    std::string record;                       // of a field or derived field
    const CheckedRecord* checked = nullptr;   // its record
    std::int32_t slot = -1;
    const FieldDecl* field = nullptr;
    const DerivedDecl* derived = nullptr;
    const CheckedParameter* parameter = nullptr;
    const ParameterDecl* parameter_decl = nullptr;
    const FunctionInfo* function = nullptr;
};

const RecordDecl* record_decl(const CompiledPolicy& policy, const std::string& name) {
    for (const RecordDecl& r : policy.doc.records)
        if (r.name.text == name) return &r;
    return nullptr;
}

Meaning resolve(const CompiledPolicy& policy, const NameScope& scope, const std::string& word, bool called) {
    Meaning m;
    m.name = word;
    if (called) {
        if ((m.function = find_function(word))) m.kind = Meaning::Kind::function;
        return m;
    }
    if (word == "as_of") {
        m.kind = Meaning::Kind::as_of;
        return m;
    }
    std::string record = scope.record, name = word;
    if (word.rfind("offer.", 0) == 0 && scope.offer) {
        record = "offer";
        name = word.substr(6);
    }
    if (const std::int32_t r = policy.record_index(record); r >= 0) {
        const CheckedRecord& checked = policy.records[static_cast<std::size_t>(r)];
        if (const std::int32_t slot = checked.slot_of(name); slot >= 0) {
            m.record = record;
            m.checked = &checked;
            m.slot = slot;
            m.name = name;
            const RecordDecl* decl = record_decl(policy, record);
            if (static_cast<std::size_t>(slot) < checked.fields.size()) {
                m.kind = Meaning::Kind::field;
                if (decl)
                    for (const FieldDecl& f : decl->fields)
                        if (f.name.text == name) m.field = &f;
            } else {
                m.kind = Meaning::Kind::derived;
                if (decl)
                    for (const DerivedDecl& d : decl->derived)
                        if (d.name.text == name) m.derived = &d;
            }
            return m;
        }
    }
    if (record == "offer") return m;
    if (const std::int32_t p = policy.parameter_index(word); p >= 0) {
        m.kind = Meaning::Kind::parameter;
        m.parameter = &policy.parameters[static_cast<std::size_t>(p)];
        for (const ParameterDecl& d : policy.doc.parameters)
            if (d.name.text == word) m.parameter_decl = &d;
    }
    return m;
}

// A value as a policy author writes it: 7890, "HLM", [1, 2], {1: 23201, 2: 30984}.
std::string written(const Value& value) {
    if (const auto* s = value.as_string()) return "\"" + *s + "\"";
    if (const auto* list = value.as_list()) {
        std::string out = "[";
        for (std::size_t i = 0; i < list->size(); ++i) out += (i ? ", " : "") + written((*list)[i]);
        return out + "]";
    }
    if (const auto* table = value.as_table()) {
        std::string out = "{";
        for (std::size_t i = 0; i < table->entries.size(); ++i) {
            if (i == 20) {
                out += ", ...";
                break;
            }
            out += (i ? ", " : "") + table->entries[i].first + ": " + format_number(table->entries[i].second);
        }
        return out + "}";
    }
    if (value.is_null()) return "null";
    return format_value(value);
}

std::string type_text(const Type& type) { return type.kind == TypeKind::error ? "unknown (its expression has an error)" : type_name(type); }

std::string describe(const Meaning& m, Date as_of) {
    using K = Meaning::Kind;
    std::string out;
    switch (m.kind) {
        case K::field: {
            out = "**" + m.name + "**: `" + type_text(m.checked->slot_types[static_cast<std::size_t>(m.slot)]) + "` — field of `" + m.record + "`";
            if (m.field && !m.field->label.empty()) out += "\n\n" + m.field->label;
            if (m.field && !m.field->reference.empty()) out += "\n\nReference: " + m.field->reference;
            std::string tags;
            if (m.field && m.field->dalo) tags += " `dalo`";
            if (m.field && m.field->protected_) tags += " `protected`";
            if (m.field && m.field->residence) tags += " `residence`";
            if (!tags.empty()) out += "\n\nTags:" + tags;
            break;
        }
        case K::derived:
            out = "**" + m.name + "**: `" + type_text(m.checked->slot_types[static_cast<std::size_t>(m.slot)]) + "` — derived field of `" + m.record + "`";
            if (m.derived) out += "\n\n```\n" + m.derived->expr.text + "\n```";
            break;
        case K::parameter: {
            out = "**" + m.name + "**: `" + type_text(m.parameter->type) + "` — parameter";
            if (!m.parameter->label.empty()) out += "\n\n" + m.parameter->label;
            const auto& versions = m.parameter->versions;
            const std::pair<std::optional<Date>, Value>* in_force = nullptr;
            for (const auto& v : versions)
                if (!v.first || *v.first <= as_of) in_force = &v;
            if (in_force && !in_force->first) out += "\n\nValue: `" + written(in_force->second) + "` (always in force)";
            else if (in_force)
                out += "\n\nValue on " + format_date(as_of) + ": `" + written(in_force->second) + "` (since " + format_date(*in_force->first) + ")";
            else if (!versions.empty() && versions.front().first)
                out += "\n\nNo value in force on " + format_date(as_of) + " (the first is from " + format_date(*versions.front().first) + ")";
            if (!m.parameter->reference.empty()) out += "\n\nReference: " + m.parameter->reference;
            if (m.parameter_decl && m.parameter_decl->yearly) out += "\n\nTags: `yearly`";
            break;
        }
        case K::as_of: out = "**as_of**: `date` — the evaluation date (here " + format_date(as_of) + ")"; break;
        case K::function: out = "**" + std::string(m.function->signature) + "** — " + std::string(m.function->summary); break;
        case K::none: break;
    }
    return out;
}

// The word at a place of a document: in an expression, or a field name written as a value.
struct WordAt {
    std::string word;
    Loc loc;
    NameScope scope;
    bool called = false;  // followed by `(`
};

std::optional<WordAt> word_at_place(const Context& c) {
    const PolicyDoc& doc = c.analysis->policy->doc;
    for (const NameSite& site : name_sites(doc)) {
        const Loc& loc = site.name->loc;
        if (loc.file == c.file && loc.begin <= c.offset && c.offset <= loc.end)
            return WordAt{site.name->text, loc, site.scope, false};
    }
    const LineIndex lines(c.text);
    const auto at = expression_at(expression_sites(doc), c.file, c.offset, c.text, lines);
    if (!at) return std::nullopt;
    const auto word = lsp::word_at(at->text, at->index);
    if (!word) return std::nullopt;
    WordAt out;
    out.word = at->text.substr(word->begin, word->end - word->begin);
    std::size_t next = word->end;
    while (next < at->text.size() && (at->text[next] == ' ' || at->text[next] == '\t')) ++next;
    out.called = next < at->text.size() && at->text[next] == '(';
    out.scope = at->scope;
    const std::uint32_t begin = static_cast<std::uint32_t>(at->file_offset(word->begin));
    std::uint32_t end = static_cast<std::uint32_t>(at->file_offset(word->end - 1) + 1);
    out.loc = Loc{c.file, begin, std::max(end, begin + 1)};
    return out;
}

Json completion_item(std::string label, int item_kind, std::string detail, std::string documentation, const std::string& sort,
                     const Json& range, std::string new_text) {
    Json item{{"label", label}, {"kind", item_kind}, {"sortText", sort + label}, {"textEdit", Json{{"range", range}, {"newText", std::move(new_text)}}}};
    if (!detail.empty()) item["detail"] = std::move(detail);
    if (!documentation.empty()) item["documentation"] = Json{{"kind", "markdown"}, {"value", std::move(documentation)}};
    return item;
}

// An enumeration whose values may come next in an expression being written.
struct ComparedEnum {
    std::vector<std::string> values;
    bool list = false;  // after `in` with no `[` yet: a value comes as a list literal
};

std::string_view trim_end(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

// The operand before a trailing `in` or `not in` of `text`; nullopt when `text` does not end so.
std::optional<std::string_view> before_in(std::string_view text) {
    text = trim_end(text);
    const auto ends_with_word = [](std::string_view t, std::string_view word) {
        return t.size() > word.size() && t.substr(t.size() - word.size()) == word && !is_word_char(t[t.size() - word.size() - 1]);
    };
    if (!ends_with_word(text, "in")) return std::nullopt;
    text = trim_end(text.substr(0, text.size() - 2));
    if (ends_with_word(text, "not")) text = trim_end(text.substr(0, text.size() - 3));
    return text;
}

// The enumeration compared in `head` (an expression's text up to a value being written) by `==`,
// `!=`, `in` or `not in`, with or without the list's `[` already written; nullopt when there is none.
std::optional<ComparedEnum> compared_enum(const CompiledPolicy& policy, const NameScope& scope, std::string_view head) {
    head = trim_end(head);
    std::string_view operand;
    bool list = false;
    if (head.size() >= 2 && (head.substr(head.size() - 2) == "==" || head.substr(head.size() - 2) == "!=")) {
        operand = trim_end(head.substr(0, head.size() - 2));
    } else if (!head.empty() && (head.back() == '[' || head.back() == ',')) {
        // The list literal still open: its `[`, after `in` or `not in`.
        std::vector<std::size_t> open;
        const StringState state = scan_outside_strings(head, [&](std::size_t i) {
            if (head[i] == '[') open.push_back(i);
            else if (head[i] == ']' && !open.empty()) open.pop_back();
            return true;
        });
        if (open.empty() || state.open) return std::nullopt;
        const auto left = before_in(head.substr(0, open.back()));
        if (!left) return std::nullopt;
        operand = *left;
    } else if (const auto left = before_in(head)) {
        operand = *left;
        list = true;
    } else {
        return std::nullopt;
    }
    const auto word = lsp::word_at(operand, operand.size());
    if (!word || word->end != operand.size()) return std::nullopt;
    const Meaning m = resolve(policy, scope, std::string(operand.substr(word->begin)), false);
    if (m.kind != Meaning::Kind::field && m.kind != Meaning::Kind::derived) return std::nullopt;
    const Type& type = m.checked->slot_types[static_cast<std::size_t>(m.slot)];
    if (type.kind != TypeKind::enumeration || !type.enum_values) return std::nullopt;
    return ComparedEnum{*type.enum_values, list};
}

// Grows `extent` to take in `loc` when it lies in `file`.
void take_in(Loc& extent, const Loc& loc, std::uint32_t file) {
    if (loc.file != file || loc.end <= loc.begin) return;
    if (extent.end <= extent.begin) {
        extent = loc;
        return;
    }
    extent.begin = std::min(extent.begin, loc.begin);
    extent.end = std::max(extent.end, loc.end);
}

Json symbol_json(const std::string& name, const std::string& detail, int kind_number, const Loc& extent, const Loc& selection, Locator& locator) {
    Json s{{"name", name}, {"kind", kind_number}, {"range", locator.range(extent)}, {"selectionRange", locator.range(selection)}};
    if (!detail.empty()) s["detail"] = detail;
    return s;
}

}  // namespace

Json DiagnosticWriter::range(const Diagnostic& d) {
    auto it = lines_.find(d.file);
    if (it == lines_.end()) it = lines_.emplace(d.file, LineIndex(workspace_.text_of_path(d.file))).first;
    const LineIndex& lines = it->second;
    const Position start = d.line == 0 ? Position{} : lines.position(lines.offset_of_column(d.line, d.column), encoding_);
    Position end = d.line == 0 ? Position{} : lines.position(lines.offset_of_column(d.end_line, d.end_column), encoding_);
    if (end.line < start.line || (end.line == start.line && end.character < start.character)) end = start;
    return Json{{"start", Locator::position(start)}, {"end", Locator::position(end)}};
}

Json DiagnosticWriter::operator()(const Diagnostic& d) {
    const int severity = d.severity == Severity::error ? 1 : d.severity == Severity::warning ? 2 : 3;
    Json out{{"range", range(d)},
             {"severity", severity},
             {"code", d.code},
             {"source", "cotation"},
             {"message", d.hint.empty() ? d.message : d.message + "\n" + d.hint}};
    if (!d.notes.empty()) {
        Json related = Json::array();
        for (const Diagnostic& note : d.notes)
            related.push_back(Json{{"location", Json{{"uri", workspace_.uri_of_path(note.file.empty() ? d.file : note.file)}, {"range", range(note)}}},
                                   {"message", note.message}});
        out["relatedInformation"] = std::move(related);
    }
    return out;
}

Json hover(const Workspace& workspace, const Document& document, Position position, Encoding encoding) {
    const auto c = context_of(workspace, document, position, encoding);
    if (!c) return nullptr;
    const auto word = word_at_place(*c);
    if (!word) return nullptr;
    const Meaning m = resolve(*c->names, word->scope, word->word, word->called);
    if (m.kind == Meaning::Kind::none) return nullptr;
    Locator locator(workspace, *c->analysis, encoding);
    return Json{{"contents", Json{{"kind", "markdown"}, {"value", describe(m, workspace.as_of())}}}, {"range", locator.range(word->loc)}};
}

Json completion(const Workspace& workspace, const Document& document, Position position, Encoding encoding) {
    Json items = Json::array();
    const auto done = [&] { return Json{{"isIncomplete", false}, {"items", std::move(items)}}; };
    const auto c = context_of(workspace, document, position, encoding);
    if (!c) return done();
    const LineIndex lines(c->text);
    const auto at = expression_at(expression_sites(c->analysis->policy->doc), c->file, c->offset, c->text, lines);
    if (!at) return done();
    const CompiledPolicy& policy = *c->names;
    const std::string before = at->text.substr(0, at->index);
    const Json cursor = Locator::position(position);
    const auto range_from = [&](std::size_t index) {
        const std::size_t start = std::min(at->file_offset(index), c->offset);
        return Json{{"start", Locator::position(lines.position(start, encoding))}, {"end", cursor}};
    };
    std::size_t quote = 0;
    if (inside_string(before, before.size(), &quote)) {
        // A string being written: the values of the enumeration it is compared with.
        if (const auto compared = compared_enum(policy, at->scope, std::string_view(before).substr(0, quote)); compared && !compared->list)
            for (const std::string& v : compared->values)
                items.push_back(completion_item(v, kind::enum_member, "", "", "0", range_from(quote + 1), v));
        return done();
    }
    std::size_t prefix_start = before.size();
    while (prefix_start > 0 && is_word_char(before[prefix_start - 1])) --prefix_start;
    const Json range = range_from(prefix_start);
    if (const auto compared = compared_enum(policy, at->scope, std::string_view(before).substr(0, prefix_start))) {
        for (const std::string& v : compared->values)
            items.push_back(completion_item(v, kind::enum_member, "", "", "0", range, compared->list ? "[\"" + v + "\"]" : "\"" + v + "\""));
        return done();
    }
    const auto add_record = [&](const std::string& record, const std::string& prefix) {
        const std::int32_t r = policy.record_index(record);
        if (r < 0) return;
        const CheckedRecord& checked = policy.records[static_cast<std::size_t>(r)];
        for (std::size_t slot = 0; slot < checked.slot_names.size(); ++slot) {
            const std::string name = prefix + checked.slot_names[slot];
            const Meaning m = resolve(policy, at->scope, name, false);
            const bool derived = slot >= checked.fields.size();
            std::string detail = type_text(checked.slot_types[slot]);
            if (m.field && !m.field->label.empty()) detail += " — " + m.field->label;
            items.push_back(completion_item(name, derived ? kind::variable : kind::field, detail, describe(m, workspace.as_of()),
                                            derived ? "2" : "1", range, name));
        }
    };
    const std::string prefix = before.substr(prefix_start);
    if (at->scope.offer && prefix.rfind("offer.", 0) == 0) {
        add_record("offer", "offer.");
        return done();
    }
    add_record(at->scope.record, "");
    if (at->scope.offer) add_record("offer", "offer.");
    for (const CheckedParameter& p : policy.parameters) {
        const Meaning m = resolve(policy, at->scope, p.name, false);
        std::string detail = type_text(p.type) + (p.label.empty() ? "" : " — " + p.label);
        items.push_back(completion_item(p.name, kind::constant, detail, describe(m, workspace.as_of()), "3", range, p.name));
    }
    items.push_back(completion_item("as_of", kind::variable, "date — the evaluation date", "", "4", range, "as_of"));
    for (const FunctionInfo& f : functions())
        items.push_back(completion_item(std::string(f.name), kind::function, std::string(f.signature), std::string(f.summary), "5", range,
                                        std::string(f.name)));
    for (const char* k : keywords) items.push_back(completion_item(k, kind::keyword, "", "", "6", range, k));
    return done();
}

Json definition(const Workspace& workspace, const Document& document, Position position, Encoding encoding) {
    const auto c = context_of(workspace, document, position, encoding);
    if (!c) return nullptr;
    const CompiledPolicy& policy = *c->analysis->policy;
    for (const IncludeDecl& include : policy.doc.includes) {
        const Loc& loc = include.path.loc;
        if (loc.file == c->file && loc.begin <= c->offset && c->offset <= loc.end)
            return Json{{"uri", workspace.uri_of_path(include.resolved)},
                        {"range", Json{{"start", Locator::position({})}, {"end", Locator::position({})}}}};
    }
    const auto word = word_at_place(*c);
    if (!word) return nullptr;
    const Meaning m = resolve(policy, word->scope, word->word, word->called);
    std::optional<Loc> target;
    if (m.field) target = m.field->name.loc;
    else if (m.derived) target = m.derived->name.loc;
    else if (m.parameter_decl) target = m.parameter_decl->name.loc;
    if (!target) return nullptr;
    Locator locator(workspace, *c->analysis, encoding);
    return locator.location(*target);
}

Json document_symbols(const Workspace& workspace, const Document& document, Encoding encoding) {
    Json out = Json::array();
    const auto c = context_of(workspace, document, Position{}, encoding);
    if (!c) return out;
    const PolicyDoc& doc = c->analysis->policy->doc;
    const std::uint32_t file = c->file;
    Locator locator(workspace, *c->analysis, encoding);
    for (const GridDecl& g : doc.grids) {
        if (g.id.loc.file != file) continue;
        Loc grid_extent = g.id.loc;
        take_in(grid_extent, g.record.loc, file);
        if (g.applies_when) take_in(grid_extent, g.applies_when->loc, file);
        if (g.cap) take_in(grid_extent, g.cap->loc, file);
        if (g.floor) take_in(grid_extent, g.floor->loc, file);
        Json rubrics = Json::array();
        for (const RubricDecl& r : g.rubrics) {
            Loc rubric_extent = r.id.loc;
            if (r.cap) take_in(rubric_extent, r.cap->loc, file);
            if (r.floor) take_in(rubric_extent, r.floor->loc, file);
            Json criteria = Json::array();
            for (const CriterionDecl& k : r.criteria) {
                Loc extent = k.id.loc;
                if (k.when) take_in(extent, k.when->loc, file);
                take_in(extent, k.points.loc, file);
                for (const Name& n : k.requires_fields) take_in(extent, n.loc, file);
                for (const Name& n : k.priority) take_in(extent, n.loc, file);
                take_in(rubric_extent, extent, file);
                criteria.push_back(symbol_json(k.id.text, k.label, symbol_kind::field, extent, k.id.loc, locator));
            }
            take_in(grid_extent, rubric_extent, file);
            Json rubric = symbol_json(r.id.text, r.label, symbol_kind::class_, rubric_extent, r.id.loc, locator);
            rubric["children"] = std::move(criteria);
            rubrics.push_back(std::move(rubric));
        }
        Json grid = symbol_json(g.id.text, g.label, symbol_kind::namespace_, grid_extent, g.id.loc, locator);
        grid["children"] = std::move(rubrics);
        out.push_back(std::move(grid));
    }
    for (const FlagDecl& f : doc.flags) {
        if (f.id.loc.file != file) continue;
        Loc extent = f.id.loc;
        take_in(extent, f.when.loc, file);
        out.push_back(symbol_json(f.id.text, f.label, symbol_kind::boolean, extent, f.id.loc, locator));
    }
    for (const QuotaDecl& q : doc.quotas) {
        if (q.id.loc.file != file) continue;
        Loc extent = q.id.loc;
        for (const Loc& loc : {q.record.loc, q.period_field.loc, q.meets.loc, q.target.loc}) take_in(extent, loc, file);
        if (q.scope) take_in(extent, q.scope->loc, file);
        for (const Name& n : q.by) take_in(extent, n.loc, file);
        for (const OverrideDecl& o : q.overrides) {
            take_in(extent, o.loc, file);
            take_in(extent, o.target.loc, file);
        }
        out.push_back(symbol_json(q.id.text, q.label, symbol_kind::number, extent, q.id.loc, locator));
    }
    for (const ParameterDecl& p : doc.parameters) {
        if (p.name.loc.file != file) continue;
        Loc extent = p.name.loc;
        for (const ParameterVersion& v : p.versions) take_in(extent, v.loc, file);
        if (p.yearly) take_in(extent, *p.yearly, file);
        out.push_back(symbol_json(p.name.text, p.label, symbol_kind::constant, extent, p.name.loc, locator));
    }
    return out;
}

}  // namespace cotation::lsp
