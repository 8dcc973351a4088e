// load: YAML policy file -> PolicyDoc, every part with its place; includes merged.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <yaml-cpp/depthguard.h>

#include "load/loader.hpp"

namespace cotation {

Loc ExprText::span_loc(std::uint32_t begin, std::uint32_t end) const {
    if (offsets.empty()) return loc;
    begin = std::min<std::uint32_t>(begin, static_cast<std::uint32_t>(offsets.size() - 1));
    end = std::min<std::uint32_t>(std::max(end, begin), static_cast<std::uint32_t>(offsets.size() - 1));
    const std::uint32_t file_begin = offsets[begin];
    const std::uint32_t file_end = end > begin ? (end - 1 < ends.size() ? ends[end - 1] : offsets[end - 1] + 1) : file_begin + 1;
    return Loc{loc.file, file_begin, std::max(file_end, file_begin + 1)};
}

namespace loading {

namespace fs = std::filesystem;

void Loader::read_root(const YAML::Node& root, const std::string& path) {
    const Loc file_start{file_, 0, 1};
    if (!root.IsMap()) {
        error("E0005", root.IsNull() ? file_start : loc_of(root),
              root.IsNull() ? "the policy file is empty" : "a policy file is a mapping of sections (cotation, name, records, ...)",
              "start with `cotation: 1`");
        return;
    }
    auto items = entries(root, Mapping::policy, "the policy");
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
            doc_.includes.push_back(IncludeDecl{Name{target, loc}, joined.string()});
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
    if (!text && open_files_) {
        if (const auto open = open_files_->find(canonical); open != open_files_->end()) text = open->second;
    }
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

}  // namespace loading

PolicyDoc load_policy_text(const std::string& path, std::string text, SourceSet& sources, std::vector<Diagnostic>& diagnostics,
                           const OpenFiles* open_files) {
    loading::Loader loader(sources, diagnostics, open_files);
    loader.load(path, std::move(text), std::nullopt);
    return loader.take();
}

PolicyDoc load_policy_file(const std::string& path, SourceSet& sources, std::vector<Diagnostic>& diagnostics) {
    loading::Loader loader(sources, diagnostics);
    loader.load(path, std::nullopt, std::nullopt);
    return loader.take();
}

}  // namespace cotation
