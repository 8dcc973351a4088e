// lsp: what is written at a place of a policy file, read off the policy as written (PolicyDoc, every
// part with its place) or, where the text does not parse as YAML or a value is still empty, off
// the lines around the place.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/policy_ast.hpp"
#include "lsp/text.hpp"

namespace cotation::lsp {

// Where names are looked up: a record's fields and derived fields, the parameters, and inside
// `matching` the offer's fields as `offer.x`.
struct NameScope {
    std::string record;
    bool offer = false;
};

// An expression of the policy as written, and its scope.
struct ExpressionSite {
    const ExprText* text = nullptr;
    NameScope scope;
};

// A name written as a YAML value that names a field (requires, by, period_field, key, order).
struct NameSite {
    const Name* name = nullptr;
    NameScope scope;
};

// Every expression and every field name of the policy, in no particular order.
std::vector<ExpressionSite> expression_sites(const PolicyDoc& doc);
std::vector<NameSite> name_sites(const PolicyDoc& doc);

// The expression at a place: its text, the place as an index into it, and its scope.
struct ExpressionAt {
    std::string text;        // the expression as far as it is known (a value still being typed)
    std::size_t index = 0;   // the place
    NameScope scope;
    const ExprText* written = nullptr;  // the expression of the policy as written, when there is one
    std::size_t raw_begin = 0;          // else `text` is the file's bytes from this offset

    // The file offset of text[i] (i may be text.size()).
    std::size_t file_offset(std::size_t i) const;
};

// The expression at byte `offset` of file `file`: inside one of `sites` (its end, and blanks after
// it on the same line, included), else guessed from the lines of `text` (the value of a key such as
// `when:` or of a derived field, even empty); nullopt when the place is not in an expression.
std::optional<ExpressionAt> expression_at(const std::vector<ExpressionSite>& sites, std::uint32_t file, std::size_t offset,
                                          std::string_view text, const LineIndex& lines);

// A word of the language (letters, digits, `_` and `.`) around index `at` of `text`, outside string
// literals: its bounds; nullopt when there is none or it is a number.
struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::optional<Word> word_at(std::string_view text, std::size_t at);

// Walks an expression's text and calls visit(i) at each index outside its string literals (quotes
// '...' and "..." with backslash escapes), until visit returns false. Says whether the text walked
// ends inside a string, and where that string opens.
struct StringState {
    bool open = false;
    std::size_t quote_at = 0;
};
StringState scan_outside_strings(std::string_view text, const std::function<bool(std::size_t)>& visit);

// Whether index `at` of an expression's text is inside a string literal; `quote_at` receives the
// index of its opening quote.
bool inside_string(std::string_view text, std::size_t at, std::size_t* quote_at = nullptr);

bool is_word_char(char c);

}  // namespace cotation::lsp
