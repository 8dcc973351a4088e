// lsp: the JSON-RPC messages of the protocol on a byte stream, each a header
// (`Content-Length: N`, other fields ignored) then N bytes of JSON.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace cotation::lsp {

// A message larger than this is skipped unread: a policy is at most 8 MiB, escaped in JSON.
inline constexpr std::size_t max_message_bytes = 64u << 20;
// JSON nested deeper than this is refused before it is parsed (no message of the protocol nests so).
inline constexpr int max_json_depth = 64;

struct Incoming {
    std::optional<std::string> body;  // the message, when one was read whole
    std::string problem;              // else what was wrong with it (empty at the end of the input)
};

// Reads the next message. At the end of the input, neither a body nor a problem. A header without a
// valid Content-Length, or a body too large, is a problem: the reader then looks for the next header.
Incoming read_message(std::istream& in);

// Writes one message with its header and flushes.
void write_message(std::ostream& out, std::string_view body);

// Whether JSON text nests arrays and objects deeper than `limit` (brackets inside strings do not count).
bool nests_deeper_than(std::string_view json, int limit);

}  // namespace cotation::lsp
