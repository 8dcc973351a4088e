// load (internal): the loader's parts, shared by its three sources: loader.cpp (files, includes,
// YAML errors, the root), loader_values.cpp (keys and scalar values), loader_sections.cpp (the
// sections of a policy).
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "load/format.hpp"
#include "load/policy_ast.hpp"
#include "load/scalar_map.hpp"

namespace cotation::loading {

bool is_id(const std::string& s);          // [a-z][a-z0-9_]*: ids of grids, rubrics, criteria...
bool is_identifier(const std::string& s);  // [A-Za-z_][A-Za-z0-9_]*: names of fields and parameters
// Where UTF-8 is broken or the text holds control bytes: the byte offset, or npos, with `what`.
std::size_t first_bad_byte(std::string_view s, std::string& what);

class Loader {
public:
    Loader(SourceSet& sources, std::vector<Diagnostic>& diagnostics, const OpenFiles* open_files = nullptr)
        : sources_(sources), diagnostics_(diagnostics), open_files_(open_files) {}

    void load(const std::string& path, std::optional<std::string> text, std::optional<Loc> included_at);
    PolicyDoc take() { return std::move(doc_); }

private:
    SourceSet& sources_;
    std::vector<Diagnostic>& diagnostics_;
    const OpenFiles* open_files_;  // included files being edited: read from there, not from the disk
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

    // Reports unknown, duplicate and missing keys of a mapping of the format (load/format.hpp);
    // returns the key -> value pairs in file order. `what` names the mapping in messages.
    std::vector<std::pair<Name, YAML::Node>> entries(const YAML::Node& map, Mapping mapping, const std::string& what);
    // The same for a mapping whose keys are names (records, fields, parameters, `where`): any key.
    std::vector<std::pair<Name, YAML::Node>> named_entries(const YAML::Node& map, const std::string& what);
    std::vector<std::pair<Name, YAML::Node>> entries(const YAML::Node& map, const std::vector<std::string>& allowed,
                                                     const std::vector<std::string>& required, const std::string& what);

    std::optional<Name> read_id(const YAML::Node& node, const std::string& what, Loc where);

    std::optional<Name> read_name(const YAML::Node& node, const std::string& what, Loc where);

    std::vector<Name> read_names(const YAML::Node& node, const std::string& what, Loc where);

    std::string read_text(const YAML::Node& node, const std::string& what, Loc where) {
        return scalar(node, what, where).value_or("");
    }

    std::optional<ExprText> read_expr(const YAML::Node& node, const std::string& what, Loc where);

    std::optional<Bound> read_bound(const YAML::Node& node, const std::string& what, Loc where);

    std::optional<Target> read_target(const YAML::Node& node, Loc where);

    std::vector<OrderKey> read_order(const YAML::Node& node, Loc where);
    // A tag's value: true or false; the place of a `true`, nullopt for `false` or a mistake (reported).
    std::optional<Loc> read_tag(const YAML::Node& node, const std::string& what, Loc where);

    // yaml-cpp accepts a quoted scalar that runs to the end of the file: such a scalar is reported.
    bool check_quoted_scalars(const YAML::Node& root);

    // --- values of parameters ---
    std::optional<std::pair<Value, Type>> read_parameter_value(const YAML::Node& node, const std::string& what);
    void read_parameter(const Name& name, const YAML::Node& node);

    // --- sections ---
    void read_root(const YAML::Node& root, const std::string& path);
    void read_records(const YAML::Node& node, Loc where);
    void read_field(RecordDecl& record, const Name& name, const YAML::Node& node);
    std::optional<Type> read_field_type(const YAML::Node& node, const std::string& what, Loc where);
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

}  // namespace cotation::loading
