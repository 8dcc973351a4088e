// load: the sections of a policy file (records, parameters, grids, flags, ranking, quotas,
// matching) read into the policy tree.
#include <algorithm>
#include <map>

#include "load/loader.hpp"

namespace cotation::loading {

std::optional<Type> Loader::read_field_type(const YAML::Node& node, const std::string& what, Loc where) {
    auto type_text = scalar(node, what, where);
    if (!type_text) return std::nullopt;
    auto type = parse_field_type(*type_text);
    if (!type && type_text->rfind("enum[", 0) == 0) {
        // Name the value listed twice, at its second place.
        std::vector<std::string> seen_values;
        std::string item;
        std::size_t item_start = 5;
        for (std::size_t k = 5; k <= type_text->size(); ++k) {
            const char c = k < type_text->size() ? (*type_text)[k] : ',';
            if (c != ',' && c != ']') {
                item += c;
                continue;
            }
            const auto first = item.find_first_not_of(' ');
            const std::string trimmed = first == std::string::npos ? "" : item.substr(first, item.find_last_not_of(' ') - first + 1);
            if (!trimmed.empty() && std::find(seen_values.begin(), seen_values.end(), trimmed) != seen_values.end()) {
                const auto offsets = scalar_offsets(node);
                const std::size_t at = item_start + (first == std::string::npos ? 0 : first);
                error("E0108", Loc{file_, offsets[std::min(at, offsets.size() - 1)], offsets[std::min(at + trimmed.size(), offsets.size() - 1)]},
                      "enum type lists '" + trimmed + "' twice", "each value of an enumeration is listed once");
                return std::nullopt;
            }
            seen_values.push_back(trimmed);
            item.clear();
            item_start = k + 1;
        }
    }
    if (!type) {
        std::string hint = did_you_mean(*type_text, plain_field_type_names());
        error("E0108", loc_of(node), "unknown field type '" + *type_text + "'" + (hint.empty() ? "" : "; " + hint),
              hint.empty() ? "types are bool, int, number, string, date, enum[A, B, ...], list<string>, list<int>" : hint);
    }
    return type;
}

// A field: `name: type`, or the long form `name: {type: ..., label: ..., dalo: true, ...}`.
void Loader::read_field(RecordDecl& record, const Name& name, const YAML::Node& node) {
    if (!is_identifier(name.text)) {
        error("E0106", name.loc, "'" + name.text + "' is not a valid field name", "names are ASCII letters, digits and `_`, not starting with a digit");
        return;
    }
    const std::string what = "the type of '" + name.text + "'";
    if (!node.IsMap()) {
        if (auto type = read_field_type(node, what, name.loc)) record.fields.push_back(FieldDecl{name, *type, {}, {}, {}, {}, {}});
        return;
    }
    FieldDecl field{name, Type::of(TypeKind::error), {}, {}, {}, {}, {}};
    bool typed = false;
    for (auto& [key, value] : entries(node, Mapping::field, "field '" + name.text + "'")) {
        if (key.text == "type") {
            auto type = read_field_type(value, what, key.loc);
            if (!type) return;
            field.type = *type;
            typed = true;
        } else if (key.text == "label") field.label = read_text(value, "label", key.loc);
        else if (key.text == "reference") field.reference = read_text(value, "reference", key.loc);
        else if (key.text == "dalo") field.dalo = read_tag(value, "dalo", key.loc);
        else if (key.text == "protected") field.protected_ = read_tag(value, "protected", key.loc);
        else if (key.text == "residence") field.residence = read_tag(value, "residence", key.loc);
    }
    if (typed) record.fields.push_back(std::move(field));
}

void Loader::read_records(const YAML::Node& node, Loc where) {
    if (!expect_map(node, "records", where)) return;
    for (auto& entry : named_entries(node, "records")) {
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
        for (auto& [key, value] : entries(rnode, Mapping::record, "record '" + rname.text + "'")) {
            if (key.text == "key") {
                auto k = read_name(value, "key", key.loc);
                if (!k) continue;
                if (record.key && record.key->text != k->text) defined_twice("the key of record", Name{rname.text, k->loc}, record.key->loc);
                else if (!record.key) record.key = k;
            } else if (key.text == "fields") {
                if (!expect_map(value, "fields", key.loc)) continue;
                for (auto& [fname, fnode] : named_entries(value, "fields of '" + rname.text + "'")) read_field(record, fname, fnode);
            } else {
                if (!expect_map(value, "derived", key.loc)) continue;
                for (auto& [dname, dnode] : named_entries(value, "derived fields of '" + rname.text + "'")) {
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
    for (auto& [name, value] : named_entries(node, "parameters")) {
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
        for (auto& [key, value] : entries(gnode, Mapping::grid, "a grid")) {
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
                    for (auto& [rkey, rvalue] : entries(rnode, Mapping::rubric, "a rubric")) {
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
                                for (auto& [ckey, cvalue] : entries(cnode, Mapping::criterion, "a criterion")) {
                                    if (ckey.text == "id") { if (auto id = read_id(cvalue, "a criterion", ckey.loc)) c.id = *id; else ok = false; }
                                    else if (ckey.text == "label") c.label = read_text(cvalue, "label", ckey.loc);
                                    else if (ckey.text == "reference") c.reference = read_text(cvalue, "reference", ckey.loc);
                                    else if (ckey.text == "when") c.when = read_expr(cvalue, "when", ckey.loc);
                                    else if (ckey.text == "requires") c.requires_fields = read_names(cvalue, "requires", ckey.loc);
                                    else if (ckey.text == "priority") c.priority = read_names(cvalue, "priority", ckey.loc);
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
        for (auto& [key, value] : entries(fnode, Mapping::flag, "a flag")) {
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
    for (auto& [key, value] : entries(node, Mapping::ranking, "ranking")) {
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
        for (auto& [key, value] : entries(qnode, Mapping::quota, "a quota")) {
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
                    for (auto& [okey, ovalue] : entries(onode, Mapping::quota_override, "an override")) {
                        if (okey.text == "target") {
                            if (auto t = read_target(ovalue, okey.loc)) { o.target = *t; has_override_target = true; }
                        } else if (expect_map(ovalue, "where", okey.loc)) {
                            for (auto& [wname, wvalue] : named_entries(ovalue, "where")) {
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
    for (auto& [key, value] : entries(node, Mapping::matching, "matching")) {
        if (key.text == "order") {
            m.order = read_order(value, key.loc);
            m.has_order = true;
        } else if (expect_sequence(value, "eligible_when", key.loc)) {
            std::map<std::string, Loc> ids;
            for (const auto& cnode : value) {
                if (!expect_map(cnode, "a condition", key.loc)) continue;
                EligibilityDecl c;
                bool ok = false, has_when = false;
                for (auto& [ckey, cvalue] : entries(cnode, Mapping::condition, "a condition")) {
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

}  // namespace cotation::loading
