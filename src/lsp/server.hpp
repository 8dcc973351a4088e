// lsp: the language server's protocol (LSP 3.17): one message in, the messages to send back out.
// The framing on a byte stream is json_rpc.hpp's; what the answers hold, features.hpp's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cotation/editor.hpp"
#include "lsp/text.hpp"
#include "lsp/workspace.hpp"

namespace cotation::lsp {

class Server {
public:
    explicit Server(const LanguageServerOptions& options);

    // Handles one message (its JSON text) and returns the messages to send, in order: the response
    // of a request, diagnostics after a document changed. A message that is not JSON, or not a
    // message of the protocol, gets the error response JSON-RPC asks for; never an exception.
    std::vector<std::string> handle(std::string_view body);

    bool exited() const { return exited_; }
    // 0 when the client asked for shutdown before exit (or before the input ended), else 1.
    int exit_status() const { return shutdown_ ? 0 : 1; }

private:
    std::optional<Date> as_of_option_;
    std::optional<Workspace> workspace_;  // made by `initialize`, which fixes the date
    Encoding encoding_ = Encoding::utf16;
    bool shutdown_ = false;
    bool exited_ = false;
    std::vector<std::string> published_;  // URIs whose last published diagnostics were not empty

    void handle_message(const nlohmann::json& message, std::vector<std::string>& out);
    nlohmann::json initialize(const nlohmann::json& params, std::vector<std::string>& out);
    void handle_notification(const std::string& method, const nlohmann::json& params, std::vector<std::string>& out);
    // A change of didChange applied to the text (none: a text the server never saw).
    void apply_change(std::optional<std::string>& text, const nlohmann::json& change) const;
    // The result of a request other than initialize; nullopt for a method the server does not know.
    std::optional<nlohmann::json> handle_request(const std::string& method, const nlohmann::json& params);
    void publish(const std::vector<std::string>& uris, std::vector<std::string>& out);
};

}  // namespace cotation::lsp
