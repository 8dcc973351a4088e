// lsp: the answers of the server about a document, each the `result` of its request as JSON:
// diagnostics, hover, completion, go-to-definition and the document's outline.
#pragma once

#include <nlohmann/json.hpp>

#include "cotation/diagnostic.hpp"
#include "lsp/text.hpp"
#include "lsp/workspace.hpp"

namespace cotation::lsp {

using Json = nlohmann::json;

// A diagnostic of check (or lint) as the protocol writes it: 0-based range, `code`, `source`
// "cotation", the message with the hint on a new line, the notes as related information.
Json diagnostic_json(const Diagnostic& diagnostic, const Workspace& workspace, Encoding encoding);

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
