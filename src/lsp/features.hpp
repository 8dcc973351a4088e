// lsp: the answers of the server about a document, each the `result` of its request as JSON:
// diagnostics, hover, completion, go-to-definition and the document's outline.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cotation/diagnostic.hpp"
#include "lsp/text.hpp"
#include "lsp/workspace.hpp"

namespace cotation::lsp {

using Json = nlohmann::json;

// Diagnostics of check (or lint) as the protocol writes them: 0-based range, `code`, `source`
// "cotation", the message with the hint on a new line, the notes as related information. Keeps the
// lines of each file it met, for the next diagnostics.
class DiagnosticWriter {
public:
    DiagnosticWriter(const Workspace& workspace, Encoding encoding) : workspace_(workspace), encoding_(encoding) {}
    Json operator()(const Diagnostic& diagnostic);

private:
    const Workspace& workspace_;
    Encoding encoding_;
    std::map<std::string, LineIndex> lines_;  // by the path diagnostics name the file with

    Json range(const Diagnostic& diagnostic);
};

// textDocument/hover: on a field, a derived field, a parameter (its value in force at the
// workspace's date), `as_of` or a function, inside an expression or a field name; null elsewhere.
Json hover(const Workspace& workspace, const Document& document, Position position, Encoding encoding);
// textDocument/completion inside an expression: the names in scope and the functions, or after
// `==`, `!=` or `in [` on an enumeration, its values.
Json completion(const Workspace& workspace, const Document& document, Position position, Encoding encoding);
// textDocument/definition: from a field, derived field or parameter name to its declaration, from an
// `include` entry to the file; null elsewhere.
Json definition(const Workspace& workspace, const Document& document, Position position, Encoding encoding);
// textDocument/documentSymbol: grids > rubrics > criteria, flags, quotas, parameters declared in
// the document.
Json document_symbols(const Workspace& workspace, const Document& document, Encoding encoding);

}  // namespace cotation::lsp
