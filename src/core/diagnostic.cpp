#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/source.hpp"

namespace cotation {

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

namespace {

// Code points of UTF-8 text, to place the caret under the right character.
std::size_t count_chars(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// The source line as shown: bytes that are not printable UTF-8 as \xNN, and a window around the
// caret when the line is long. Returns the display and the display columns of the caret's span.
struct Shown {
    std::string line;
    std::size_t caret = 0;   // display column (0-based) of the first marked character
    std::size_t length = 1;  // display width of the marked characters
};

Shown show_line(const std::string& raw, std::uint32_t column, std::uint32_t end_column) {
    Shown s;
    std::size_t chars = 0;   // code points of the raw line, as columns count them
    std::size_t width = 0;   // display width so far
    std::size_t end_width = 0;
    bool end_seen = false;
    for (std::size_t i = 0; i < raw.size();) {
        const unsigned char c = static_cast<unsigned char>(raw[i]);
        if (chars + 1 == column) s.caret = width;
        if (chars + 1 == end_column) {
            end_width = width;
            end_seen = true;
        }
        std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = len != 0 && i + len <= raw.size() && (c < 0x80 || (c >= 0xC2 && c <= 0xF4));
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(raw[i + k]) & 0xC0) == 0x80;
        if (ok && (c >= 0x20 || c == '\t') && c != 0x7F) {
            s.line.append(raw, i, len);
            width += 1;
            i += len;
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            s.line += "\\x";
            s.line += hex[c >> 4];
            s.line += hex[c & 15];
            width += 4;
            i += 1;
        }
        ++chars;
    }
    if (chars + 1 <= column) s.caret = width + (column - chars - 1);
    if (!end_seen) end_width = std::max(width, s.caret + 1);
    s.length = end_column > column && end_width > s.caret ? end_width - s.caret : 1;
    // A long line is shown around the caret.
    constexpr std::size_t before = 40, window = 120;
    if (width > window && s.line.size() == width) {  // plain ASCII: byte offsets are columns
        // The caret may stand past the line's end (a place after a lone carriage return).
        const std::size_t from = std::min(width, s.caret > before ? s.caret - before : 0);
        const std::size_t to = std::min(width, from + window);
        std::string cut = (from > 0 ? "..." : "") + s.line.substr(from, to - from) + (to < width ? "..." : "");
        const std::size_t caret_in_line = s.caret;
        s.caret = caret_in_line - from + (from > 0 ? 3 : 0);
        s.length = std::max<std::size_t>(1, std::min(s.length, to > caret_in_line ? to - caret_in_line : 1));
        s.line = std::move(cut);
    }
    return s;
}

void append_caret(std::string& out, const Diagnostic& d) {
    if (d.line == 0) return;
    const std::string number = std::to_string(d.line);
    const std::size_t width = std::max<std::size_t>(4, number.size());
    const std::uint32_t end_column = d.end_line == d.line ? d.end_column : 0;
    Shown shown = show_line(d.source_line, d.column, end_column);
    if (d.end_line > d.line) {  // the span runs past this line: mark to its end
        std::size_t chars = 0;
        for (char c : shown.line) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        shown.length = std::max<std::size_t>(1, chars > shown.caret ? chars - shown.caret : 1);
    }
    out += fmt::format(" {:>{}} | {}\n", number, width, shown.line);
    // Keep tabs where the source has them, so the caret lines up in any terminal.
    std::string pad;
    std::size_t col = 0;
    for (std::size_t i = 0; i < shown.line.size() && col < shown.caret; ++i) {
        const unsigned char c = static_cast<unsigned char>(shown.line[i]);
        if ((c & 0xC0) == 0x80) continue;
        pad += c == '\t' ? '\t' : ' ';
        ++col;
    }
    pad.append(shown.caret - col, ' ');
    out += fmt::format(" {:>{}} | {}^{}\n", "", width, pad, std::string(shown.length - 1, '~'));
}

}  // namespace

std::string format_text(const Diagnostic& d) {
    std::string out;
    if (d.line > 0) out += fmt::format("{}:{}:{}: ", d.file, d.line, d.column);
    else if (!d.file.empty()) out += d.file + ": ";
    out += fmt::format("{}[{}]: {}", severity_name(d.severity), d.code, d.message);
    out += '\n';
    append_caret(out, d);
    if (!d.hint.empty() && d.message.find(d.hint) == std::string::npos) out += fmt::format("  = hint: {}\n", d.hint);
    for (const Diagnostic& note : d.notes) {
        if (note.line > 0) out += fmt::format("{}:{}:{}: ", note.file, note.line, note.column);
        out += fmt::format("note: {}\n", note.message);
        append_caret(out, note);
    }
    return out;
}

std::string format_text(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) out += format_text(d);
    return out;
}

namespace {
nlohmann::ordered_json to_json(const Diagnostic& d) {
    nlohmann::ordered_json j;
    j["file"] = d.file;
    j["line"] = d.line;
    j["column"] = d.column;
    j["end_line"] = d.end_line;
    j["end_column"] = d.end_column;
    j["severity"] = std::string(severity_name(d.severity));
    j["code"] = d.code;
    j["message"] = d.message;
    j["hint"] = d.hint;
    if (!d.notes.empty()) {
        auto notes = nlohmann::ordered_json::array();
        for (const Diagnostic& n : d.notes) notes.push_back(to_json(n));
        j["related"] = std::move(notes);
    }
    return j;
}
}  // namespace

std::string format_json(const std::vector<Diagnostic>& diagnostics) {
    auto array = nlohmann::ordered_json::array();
    for (const Diagnostic& d : diagnostics) array.push_back(to_json(d));
    return array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}
}  // namespace

std::string closest_name(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
    std::size_t best_distance = limit + 1;
    bool tied = false;
    for (const std::string& c : candidates) {
        if (c.size() > word.size() + limit + 2 || word.size() > c.size() + limit + 2) continue;
        const std::size_t d = edit_distance(word, c);
        if (d > limit) continue;
        if (d < best_distance) {
            best = c;
            best_distance = d;
            tied = false;
        } else if (d == best_distance && c != best) {
            // As close by edits: the one that shares the longer beginning with the word wins.
            const auto common = [&](const std::string& x) {
                std::size_t k = 0;
                while (k < x.size() && k < word.size() && x[k] == word[k]) ++k;
                return k;
            };
            if (common(c) > common(best)) {
                best = c;
                tied = false;
            } else if (common(c) == common(best)) {
                tied = true;
            }
        }
    }
    // Two candidates as close as each other: no guess is better than a wrong one.
    return tied ? std::string() : best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    const std::string best = closest_name(word, candidates);
    return best.empty() ? std::string() : "did you mean '" + best + "'?";
}

// --- sources ----------------------------------------------------------------------------------

std::uint32_t SourceSet::add(std::string path, std::string text) {
    SourceFile f{std::move(path), std::move(text), {0}};
    for (std::uint32_t i = 0; i < f.text.size(); ++i)
        if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
    files_.push_back(std::move(f));
    return static_cast<std::uint32_t>(files_.size() - 1);
}

Diagnostic SourceSet::make(Severity severity, std::string code, Loc loc, std::string message, std::string hint) const {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.message = std::move(message);
    d.hint = std::move(hint);
    if (loc.file >= files_.size()) return d;
    const SourceFile& f = files_[loc.file];
    d.file = f.path;
    const auto place = [&](std::uint32_t offset, std::uint32_t& line, std::uint32_t& column) {
        offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(f.text.size()));
        const auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
        const std::size_t index = static_cast<std::size_t>(it - f.line_starts.begin()) - 1;
        line = static_cast<std::uint32_t>(index + 1);
        const std::string_view before(f.text.data() + f.line_starts[index], offset - f.line_starts[index]);
        column = static_cast<std::uint32_t>(count_chars(before) + 1);
    };
    place(loc.begin, d.line, d.column);
    place(std::max(loc.end, loc.begin), d.end_line, d.end_column);
    if (d.end_line == d.line && d.end_column <= d.column) d.end_column = d.column + 1;
    const std::uint32_t start = f.line_starts[d.line - 1];
    std::uint32_t stop = start;
    while (stop < f.text.size() && f.text[stop] != '\n' && f.text[stop] != '\r') ++stop;
    d.source_line = f.text.substr(start, stop - start);
    return d;
}

Diagnostic SourceSet::make_global(Severity severity, std::string code, std::string file, std::string message,
                                  std::string hint) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.file = std::move(file);
    d.message = std::move(message);
    d.hint = std::move(hint);
    return d;
}

Diagnostic& Diagnostics::error(std::string code, Loc loc, std::string message, std::string hint) {
    list_.push_back(sources_->make(Severity::error, std::move(code), loc, std::move(message), std::move(hint)));
    return list_.back();
}

Diagnostic& Diagnostics::warning(std::string code, Loc loc, std::string message, std::string hint) {
    list_.push_back(sources_->make(Severity::warning, std::move(code), loc, std::move(message), std::move(hint)));
    return list_.back();
}

bool Diagnostics::has_errors() const { return cotation::has_errors(list_); }

}  // namespace cotation
