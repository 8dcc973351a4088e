// lsp: the documents the client has open and what the checker makes of them.
//
// Each open document is checked as the root of a policy, its includes read from the other open
// documents when they are open (the text being edited, not the disk), else from the disk; but a
// document that another open document includes is checked as part of that one instead, so that
// its names resolve as they will when the policy is used.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/compiled.hpp"
#include "cotation/diagnostic.hpp"

namespace cotation::lsp {

struct Document {
    std::string uri;        // as the client names it
    std::string path;       // the file's path, from the URI
    std::string canonical;  // std::filesystem::weakly_canonical(path): how includes find it
    std::string text;
    std::int64_t version = 0;
};

// One policy checked from a root document.
struct Analysis {
    std::string root_uri;
    // The policy as checked, with its sources and the policy as written (what could be read of it
    // when a file is not valid YAML: then only the loader's diagnostics are kept).
    std::shared_ptr<const CompiledPolicy> policy;  // null for a YAML file that is not a policy
    bool complete = false;                         // every file was read (no YAML error)
    std::vector<Diagnostic> diagnostics;   // check's, then lint's findings when check found no error
    std::vector<std::string> canonicals;   // every file read, canonical, in the order of `policy->sources`
};

// More diagnostics than this in one file are not sent: an editor shows no more, and a file that
// is not a policy at all could make millions.
inline constexpr std::size_t max_diagnostics_per_file = 1000;

class Workspace {
public:
    explicit Workspace(Date as_of) : as_of_(as_of) {}

    // Each returns the URIs whose diagnostics may have changed (the document itself first).
    std::vector<std::string> open(const std::string& uri, std::string text, std::int64_t version);
    std::vector<std::string> change(const std::string& uri, std::string text, std::int64_t version);
    std::vector<std::string> close(const std::string& uri);

    const Document* document(const std::string& uri) const;
    // The analysis that checks `uri`'s file: that of an open document including it, else its own.
    const Analysis* analysis_of(const std::string& uri) const;
    // The last analysis of that root that read every file (no YAML error), for names while the
    // text does not parse; null when there was none.
    const Analysis* last_complete_analysis_of(const std::string& uri) const;
    // The diagnostics of a file (by URI), from every analysis that read it; at most
    // max_diagnostics_per_file, in file order.
    std::vector<Diagnostic> diagnostics_of(const std::string& uri) const;
    // The URI that names a file of an analysis: the open document's own, else one made of its path.
    std::string uri_of_path(const std::string& path) const;
    // The text of a file of an analysis, as it was checked (by the path diagnostics name it with);
    // empty when no analysis read it.
    std::string_view text_of_path(const std::string& path) const;

    Date as_of() const { return as_of_; }

private:
    Date as_of_;
    std::map<std::string, Document> documents_;          // by URI
    std::vector<std::string> opened_order_;              // URIs, in the order opened
    std::map<std::string, Analysis> analyses_;           // by root URI
    std::map<std::string, Analysis> complete_analyses_;  // by root URI

    Analysis analyze(const Document& root) const;
    std::vector<std::string> includers_of(const Document& document) const;
    std::vector<std::string> refresh(const std::string& uri);
    std::vector<std::string> files_of(const Analysis& analysis) const;  // their URIs
};

// Today's date on this machine.
Date today();

}  // namespace cotation::lsp
