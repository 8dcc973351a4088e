#include "lsp/workspace.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <set>
#include <tuple>

#include "lint/lint.hpp"
#include "load/format.hpp"
#include "lsp/text.hpp"

namespace cotation::lsp {

namespace fs = std::filesystem;

namespace {

std::string canonical_of(const std::string& path) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(fs::path(path), error);
    return error ? fs::path(path).lexically_normal().string() : canonical.string();
}

// A YAML file of another kind (a CI workflow, a docker-compose file) that a client sends because it
// sends every YAML file: its top-level keys are all foreign to the policy format.
bool other_yaml(std::string_view text) {
    const MappingInfo& policy = mapping_info(Mapping::policy);
    bool any_key = false;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        std::size_t k = 0;
        while (k < line.size() && (std::isalnum(static_cast<unsigned char>(line[k])) || line[k] == '_')) ++k;
        if (k > 0 && k < line.size() && line[k] == ':') {
            if (policy.key(line.substr(0, k))) return false;
            any_key = true;
        }
        start = end + 1;
    }
    return any_key;
}

}  // namespace

Date today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return date_from_civil(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1), static_cast<unsigned>(local.tm_mday));
}

const Document* Workspace::document(const std::string& uri) const {
    const auto it = documents_.find(uri);
    return it == documents_.end() ? nullptr : &it->second;
}

Analysis Workspace::analyze(const Document& root) const {
    Analysis analysis;
    analysis.root_uri = root.uri;
    if (other_yaml(root.text)) {
        analysis.canonicals.push_back(root.canonical);
        return analysis;
    }
    OpenFiles open_files;
    for (const auto& [uri, document] : documents_) open_files.emplace(document.canonical, document.text);
    SourceSet sources;
    std::vector<Diagnostic> diagnostics;
    PolicyDoc doc = load_policy_text(root.path, root.text, sources, diagnostics, &open_files);
    analysis.complete = !doc.incomplete;
    std::vector<Diagnostic> checked;
    // Checked even when a file did not parse, for the names the rest declares; but then the
    // checker's diagnostics would mislead (a name of the unreadable file is reported missing).
    auto policy = std::make_shared<CompiledPolicy>(check_policy(std::move(doc), std::move(sources), checked));
    if (analysis.complete) diagnostics.insert(diagnostics.end(), checked.begin(), checked.end());
    if (analysis.complete && !has_errors(diagnostics)) {
        std::vector<Diagnostic> findings = lint_policy(*policy, as_of_);
        diagnostics.insert(diagnostics.end(), findings.begin(), findings.end());
    }
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    for (std::size_t i = 0; i < policy->sources.size(); ++i) analysis.canonicals.push_back(canonical_of(policy->sources.file(static_cast<std::uint32_t>(i)).path));
    if (analysis.canonicals.empty()) analysis.canonicals.push_back(root.canonical);
    analysis.diagnostics = std::move(diagnostics);
    analysis.policy = std::move(policy);
    return analysis;
}

std::vector<std::string> Workspace::includers_of(const Document& document) const {
    std::vector<std::string> out;
    for (const std::string& uri : opened_order_) {
        if (uri == document.uri) continue;
        const auto it = analyses_.find(uri);
        if (it == analyses_.end()) continue;
        const auto& files = it->second.canonicals;
        if (std::find(files.begin(), files.end(), document.canonical) != files.end()) out.push_back(uri);
    }
    return out;
}

std::vector<std::string> Workspace::files_of(const Analysis& analysis) const {
    std::vector<std::string> uris;
    for (const std::string& canonical : analysis.canonicals) uris.push_back(uri_of_path(canonical));
    return uris;
}

std::vector<std::string> Workspace::refresh(const std::string& uri) {
    std::vector<std::string> touched{uri};
    const auto add = [&](const std::vector<std::string>& uris) {
        for (const std::string& u : uris)
            if (std::find(touched.begin(), touched.end(), u) == touched.end()) touched.push_back(u);
    };
    const Document& changed = documents_.at(uri);
    std::vector<std::string> roots = includers_of(changed);
    if (roots.empty()) roots.push_back(uri);
    for (const std::string& root : roots) {
        if (const auto old = analyses_.find(root); old != analyses_.end()) add(files_of(old->second));
        Analysis analysis = analyze(documents_.at(root));
        if (analysis.complete) complete_analyses_[root] = analysis;
        add(files_of(analysis));
        // An open document that this root includes is checked as part of it from now on.
        for (auto it = analyses_.begin(); it != analyses_.end();) {
            const Document& other = documents_.at(it->first);
            const bool covered = it->first != root && std::find(analysis.canonicals.begin(), analysis.canonicals.end(),
                                                                other.canonical) != analysis.canonicals.end();
            if (covered) {
                add(files_of(it->second));
                complete_analyses_.erase(it->first);
                it = analyses_.erase(it);
            } else {
                ++it;
            }
        }
        analyses_[root] = std::move(analysis);
    }
    return touched;
}

std::vector<std::string> Workspace::open(const std::string& uri, std::string text, std::int64_t version) {
    Document document;
    document.uri = uri;
    document.path = path_from_uri(uri);
    if (document.path.empty()) document.path = uri;  // an unsaved buffer: named by its URI
    document.canonical = canonical_of(document.path);
    document.text = std::move(text);
    document.version = version;
    documents_[uri] = std::move(document);
    if (std::find(opened_order_.begin(), opened_order_.end(), uri) == opened_order_.end()) opened_order_.push_back(uri);
    return refresh(uri);
}

std::vector<std::string> Workspace::change(const std::string& uri, std::string text, std::int64_t version) {
    const auto it = documents_.find(uri);
    if (it == documents_.end()) return open(uri, std::move(text), version);
    it->second.text = std::move(text);
    it->second.version = version;
    return refresh(uri);
}

std::vector<std::string> Workspace::close(const std::string& uri) {
    const auto it = documents_.find(uri);
    if (it == documents_.end()) return {};
    std::vector<std::string> touched{uri};
    // The documents that include this one read it from the disk again.
    const std::vector<std::string> includers = includers_of(it->second);
    std::vector<std::string> orphans;  // open documents that only this one included
    if (const auto analysis = analyses_.find(uri); analysis != analyses_.end()) {
        for (const std::string& file : files_of(analysis->second))
            if (std::find(touched.begin(), touched.end(), file) == touched.end()) touched.push_back(file);
        const std::vector<std::string> canonicals = analysis->second.canonicals;
        analyses_.erase(analysis);
        complete_analyses_.erase(uri);
        for (const auto& [other_uri, other] : documents_)
            if (other_uri != uri && std::find(canonicals.begin(), canonicals.end(), other.canonical) != canonicals.end())
                orphans.push_back(other_uri);
    }
    documents_.erase(it);
    opened_order_.erase(std::remove(opened_order_.begin(), opened_order_.end(), uri), opened_order_.end());
    const auto add = [&](const std::vector<std::string>& uris) {
        for (const std::string& u : uris)
            if (std::find(touched.begin(), touched.end(), u) == touched.end()) touched.push_back(u);
    };
    for (const std::string& includer : includers)
        if (analyses_.count(includer)) add(refresh(includer));
    // A file checked as part of the one closed may still be included by another open document: the
    // first refresh of an orphan re-checks that one, and the others stay covered by it.
    for (const std::string& orphan : orphans) {
        if (analyses_.count(orphan)) continue;
        if (includers_of(documents_.at(orphan)).empty()) add(refresh(orphan));
    }
    return touched;
}

const Analysis* Workspace::analysis_of(const std::string& uri) const {
    if (const auto own = analyses_.find(uri); own != analyses_.end()) return &own->second;
    const Document* document = this->document(uri);
    if (!document) return nullptr;
    const std::vector<std::string> includers = includers_of(*document);
    return includers.empty() ? nullptr : &analyses_.at(includers.front());
}

const Analysis* Workspace::last_complete_analysis_of(const std::string& uri) const {
    const Analysis* current = analysis_of(uri);
    if (!current) return nullptr;
    const auto it = complete_analyses_.find(current->root_uri);
    return it == complete_analyses_.end() ? nullptr : &it->second;
}

std::vector<Diagnostic> Workspace::diagnostics_of(const std::string& uri) const {
    const Document* open_document = document(uri);
    const std::string canonical = open_document ? open_document->canonical : canonical_of(path_from_uri(uri));
    std::vector<Diagnostic> out;
    // The same diagnostic seen by two analyses (a file that two open files include) is kept once.
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::string, std::string>> seen;
    std::map<std::string, bool> in_file;  // by the path diagnostics name a file with
    for (const std::string& root : opened_order_) {
        const auto it = analyses_.find(root);
        if (it == analyses_.end()) continue;
        const Analysis& analysis = it->second;
        if (std::find(analysis.canonicals.begin(), analysis.canonicals.end(), canonical) == analysis.canonicals.end()) continue;
        for (const Diagnostic& d : analysis.diagnostics) {
            if (out.size() == max_diagnostics_per_file) return out;
            auto known = in_file.find(d.file);
            if (known == in_file.end()) known = in_file.emplace(d.file, canonical_of(d.file) == canonical).first;
            if (!known->second) continue;
            if (!seen.emplace(d.line, d.column, d.end_line, d.end_column, d.code, d.message).second) continue;
            out.push_back(d);
        }
    }
    return out;
}

std::string Workspace::uri_of_path(const std::string& path) const {
    const std::string canonical = canonical_of(path);
    for (const auto& [uri, document] : documents_)
        if (document.canonical == canonical) return uri;
    std::error_code error;
    const fs::path absolute = fs::absolute(fs::path(canonical), error);
    return uri_from_path(error ? canonical : absolute.lexically_normal().string());
}

std::string_view Workspace::text_of_path(const std::string& path) const {
    const std::string canonical = canonical_of(path);
    for (const auto& [root, analysis] : analyses_) {
        if (!analysis.policy) continue;
        for (std::size_t i = 0; i < analysis.canonicals.size() && i < analysis.policy->sources.size(); ++i)
            if (analysis.canonicals[i] == canonical) return analysis.policy->sources.file(static_cast<std::uint32_t>(i)).text;
    }
    return {};
}

}  // namespace cotation::lsp
