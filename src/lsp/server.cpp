#include "lsp/server.hpp"

#include <algorithm>
#include <cstdint>
#include <istream>
#include <ostream>

#include "cotation/version.hpp"
#include "lsp/features.hpp"
#include "lsp/json_rpc.hpp"

namespace cotation::lsp {

namespace {

// JSON-RPC's and LSP's error codes.
constexpr int parse_error = -32700, invalid_request = -32600, method_not_found = -32601, invalid_params = -32602,
              internal_error = -32603, server_not_initialized = -32002;

// Thrown by the handlers for a request whose params are not those of its method; turned into the
// error response `invalid_params`, never out of the server.
struct BadParams {
    std::string message;
};

std::string text_of(const Json& message) { return message.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string response(const Json& id, Json result) {
    return text_of(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

std::string error_response(const Json& id, int code, const std::string& message) {
    return text_of(Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", Json{{"code", code}, {"message", message}}}});
}

std::string notification(const std::string& method, Json params) {
    return text_of(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

// The member `key` of `object`, of the JSON type `is` checks; BadParams when it is missing or of another type.
const Json& member(const Json& object, const char* key, bool (Json::*is)() const noexcept, const char* what) {
    if (!object.is_object()) throw BadParams{"expected an object holding '" + std::string(key) + "'"};
    const auto it = object.find(key);
    if (it == object.end() || !((*it).*is)()) throw BadParams{"'" + std::string(key) + "' must be " + what};
    return *it;
}

std::string uri_of(const Json& params) {
    return member(member(params, "textDocument", &Json::is_object, "an object"), "uri", &Json::is_string, "a string").get<std::string>();
}

std::uint32_t coordinate(const Json& position, const char* key) {
    const Json& value = member(position, key, &Json::is_number_integer, "a whole number");
    if (value.is_number_unsigned()) return static_cast<std::uint32_t>(std::min<std::uint64_t>(value.get<std::uint64_t>(), UINT32_MAX));
    if (value.get<std::int64_t>() < 0) throw BadParams{"'" + std::string(key) + "' must not be negative"};
    return static_cast<std::uint32_t>(std::min<std::int64_t>(value.get<std::int64_t>(), UINT32_MAX));
}

Position position_of(const Json& object) {
    const Json& position = member(object, "position", &Json::is_object, "an object");
    return Position{coordinate(position, "line"), coordinate(position, "character")};
}

std::int64_t version_of(const Json& text_document) {
    const auto it = text_document.find("version");
    return it != text_document.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

Server::Server(const LanguageServerOptions& options) : as_of_option_(options.as_of) {}

std::vector<std::string> Server::handle(std::string_view body) {
    std::vector<std::string> out;
    if (nests_deeper_than(body, max_json_depth)) {
        out.push_back(error_response(nullptr, invalid_request, "the message nests deeper than " + std::to_string(max_json_depth) + " levels"));
        return out;
    }
    const Json message = Json::parse(body.begin(), body.end(), nullptr, false);
    if (message.is_discarded()) {
        out.push_back(error_response(nullptr, parse_error, "the message is not JSON"));
        return out;
    }
    handle_message(message, out);
    return out;
}

Json Server::initialize(const Json& params, std::vector<std::string>& out) {
    std::optional<Date> as_of = as_of_option_;
    if (const auto options = params.find("initializationOptions"); options != params.end() && options->is_object()) {
        if (const auto given = options->find("as_of"); given != options->end() && !given->is_null()) {
            const std::optional<Date> date = given->is_string() ? parse_iso_date(given->get<std::string>()) : std::nullopt;
            if (date) as_of = date;
            else
                out.push_back(notification("window/showMessage",
                                           Json{{"type", 2},
                                                {"message", "cotation: initializationOptions.as_of is not a date (YYYY-MM-DD): " +
                                                                text_of(*given) + "; parameters are read at " +
                                                                format_date(as_of.value_or(today()))}}));
        }
    }
    workspace_.emplace(as_of.value_or(today()));
    // The first encoding of the client's preference that the server knows; UTF-16 otherwise.
    std::string encoding = "utf-16";
    const Json encodings = params.value(Json::json_pointer("/capabilities/general/positionEncodings"), Json::array());
    if (encodings.is_array())
        for (const Json& e : encodings)
            if (e == "utf-16" || e == "utf-8") {
                encoding = e.get<std::string>();
                break;
            }
    encoding_ = encoding == "utf-8" ? Encoding::utf8 : Encoding::utf16;
    const Json capabilities{
        {"positionEncoding", encoding},
        {"textDocumentSync", Json{{"openClose", true}, {"change", 1}}},
        {"hoverProvider", true},
        {"completionProvider", Json{{"triggerCharacters", Json::array({".", "\"", "["})}, {"resolveProvider", false}}},
        {"definitionProvider", true},
        {"documentSymbolProvider", true},
    };
    return Json{{"capabilities", capabilities}, {"serverInfo", Json{{"name", "cotation"}, {"version", std::string(version())}}}};
}

void Server::publish(const std::vector<std::string>& uris, std::vector<std::string>& out) {
    DiagnosticWriter write(*workspace_, encoding_);
    for (const std::string& uri : uris) {
        Json diagnostics = Json::array();
        for (const Diagnostic& d : workspace_->diagnostics_of(uri)) diagnostics.push_back(write(d));
        const Document* document = workspace_->document(uri);
        const auto was = std::find(published_.begin(), published_.end(), uri);
        // A file that is not open is only told of when it has diagnostics, or had.
        if (!document && diagnostics.empty() && was == published_.end()) continue;
        if (diagnostics.empty() && was != published_.end()) published_.erase(was);
        else if (!diagnostics.empty() && was == published_.end()) published_.push_back(uri);
        Json params{{"uri", uri}, {"diagnostics", std::move(diagnostics)}};
        if (document) params["version"] = document->version;
        out.push_back(notification("textDocument/publishDiagnostics", std::move(params)));
    }
}

void Server::handle_message(const Json& message, std::vector<std::string>& out) {
    if (!message.is_object()) {
        out.push_back(error_response(nullptr, invalid_request, "a message is a JSON object"));
        return;
    }
    const auto method_it = message.find("method");
    const auto id_it = message.find("id");
    const bool has_id = id_it != message.end();
    if (method_it == message.end() || !method_it->is_string()) {
        // A response of the client (the server sends no request): nothing to do.
        if (has_id && (message.contains("result") || message.contains("error"))) return;
        out.push_back(error_response(has_id && (id_it->is_number() || id_it->is_string()) ? *id_it : Json(nullptr), invalid_request,
                                     "a message without a method"));
        return;
    }
    if (has_id && !id_it->is_number_integer() && !id_it->is_string()) {
        out.push_back(error_response(nullptr, invalid_request, "an id is a number or a string"));
        return;
    }
    const std::string method = method_it->get<std::string>();
    const Json id = has_id ? *id_it : Json();
    static const Json no_params = Json::object();
    const auto params_it = message.find("params");
    const Json& params = params_it == message.end() || params_it->is_null() ? no_params : *params_it;

    if (method == "exit") {
        exited_ = true;
        return;
    }
    if (!has_id) {  // a notification: never answered, even when its params are wrong
        if (!workspace_ || shutdown_) return;
        try {
            handle_notification(method, params, out);
        } catch (...) {
        }
        return;
    }
    if (method != "initialize" && !workspace_) {
        out.push_back(error_response(id, server_not_initialized, "the server is not initialized: send initialize first"));
        return;
    }
    if (shutdown_) {
        out.push_back(error_response(id, invalid_request, "the server is shut down: only exit is expected"));
        return;
    }
    try {
        if (method == "initialize") {
            if (workspace_) {
                out.push_back(error_response(id, invalid_request, "the server is already initialized"));
                return;
            }
            if (!params.is_object()) throw BadParams{"initialize takes an object"};
            std::vector<std::string> said;  // what initialize has to tell, after its response
            Json result = initialize(params, said);
            out.push_back(response(id, std::move(result)));
            out.insert(out.end(), said.begin(), said.end());
            return;
        }
        std::optional<Json> result = handle_request(method, params);
        if (!result) {
            out.push_back(error_response(id, method_not_found, "unknown method '" + method + "'"));
            return;
        }
        out.push_back(response(id, std::move(*result)));
    } catch (const BadParams& bad) {
        out.push_back(error_response(id, invalid_params, bad.message));
    } catch (const std::exception& e) {
        out.push_back(error_response(id, internal_error, std::string("internal error: ") + e.what()));
    } catch (...) {
        out.push_back(error_response(id, internal_error, "internal error"));
    }
}

void Server::handle_notification(const std::string& method, const Json& params, std::vector<std::string>& out) {
    if (method == "textDocument/didOpen") {
        const Json& document = member(params, "textDocument", &Json::is_object, "an object");
        const std::string uri = member(document, "uri", &Json::is_string, "a string").get<std::string>();
        std::string text = member(document, "text", &Json::is_string, "a string").get<std::string>();
        publish(workspace_->open(uri, std::move(text), version_of(document)), out);
    } else if (method == "textDocument/didChange") {
        const Json& document = member(params, "textDocument", &Json::is_object, "an object");
        const std::string uri = member(document, "uri", &Json::is_string, "a string").get<std::string>();
        const Document* open = workspace_->document(uri);
        std::optional<std::string> text;
        if (open) text = open->text;
        for (const Json& change : member(params, "contentChanges", &Json::is_array, "a list")) apply_change(text, change);
        if (text) publish(workspace_->change(uri, std::move(*text), version_of(document)), out);
    } else if (method == "textDocument/didClose") {
        publish(workspace_->close(uri_of(params)), out);
    }
    // Other notifications (initialized, didSave, $/cancelRequest, $/setTrace...) need nothing.
}

void Server::apply_change(std::optional<std::string>& text, const Json& change) const {
    const std::string replacement = member(change, "text", &Json::is_string, "a string").get<std::string>();
    const auto range = change.find("range");
    if (range == change.end() || !range->is_object()) {
        text = replacement;  // the whole text: what the server asks for
        return;
    }
    if (!text) return;  // an edit of a text the server never saw
    const Json& from = member(*range, "start", &Json::is_object, "an object");
    const Json& to = member(*range, "end", &Json::is_object, "an object");
    const LineIndex lines(*text);
    const std::size_t start = lines.offset(Position{coordinate(from, "line"), coordinate(from, "character")}, encoding_);
    const std::size_t end = lines.offset(Position{coordinate(to, "line"), coordinate(to, "character")}, encoding_);
    text->replace(start, std::max(start, end) - start, replacement);
}

std::optional<Json> Server::handle_request(const std::string& method, const Json& params) {
    if (method == "shutdown") {
        shutdown_ = true;
        return Json(nullptr);
    }
    const bool symbols = method == "textDocument/documentSymbol";
    if (!symbols && method != "textDocument/hover" && method != "textDocument/completion" && method != "textDocument/definition")
        return std::nullopt;
    const Document* document = workspace_->document(uri_of(params));
    if (symbols) return document ? document_symbols(*workspace_, *document, encoding_) : Json::array();
    const Position position = position_of(params);
    if (!document) return method == "textDocument/completion" ? Json::array() : Json(nullptr);
    if (method == "textDocument/hover") return hover(*workspace_, *document, position, encoding_);
    if (method == "textDocument/completion") return completion(*workspace_, *document, position, encoding_);
    return definition(*workspace_, *document, position, encoding_);
}

}  // namespace cotation::lsp

namespace cotation {

int run_language_server(std::istream& in, std::ostream& out, std::ostream& log, const LanguageServerOptions& options) {
    lsp::Server server(options);
    while (!server.exited()) {
        const lsp::Incoming incoming = lsp::read_message(in);
        if (!incoming.body) {
            if (incoming.problem.empty()) break;  // the end of the input
            log << "cotation lsp: skipped " << incoming.problem << '\n';
            if (!in) break;
            continue;
        }
        for (const std::string& message : server.handle(*incoming.body)) lsp::write_message(out, message);
        if (!out) {
            log << "cotation lsp: cannot write to the client\n";
            break;
        }
    }
    return server.exit_status();
}

}  // namespace cotation
