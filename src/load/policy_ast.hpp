// The policy as written: what the loader reads from YAML, every part with its place in the file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/source.hpp"
#include "cotation/value.hpp"

namespace cotation {

struct Name {
    std::string text;
    Loc loc;
};

// An expression as written in a YAML scalar, with the file offset of each of its bytes, so that
// a position inside the expression maps back to the file whatever the scalar's style.
struct ExprText {
    std::string text;
    Loc loc;                              // the whole scalar
    std::vector<std::uint32_t> offsets;   // file offset of each byte of `text`, plus one past the end
    std::vector<std::uint32_t> ends;      // file offset just past the source of each byte of `text`

    Loc span_loc(std::uint32_t begin, std::uint32_t end) const;
};

struct FieldDecl {
    Name name;
    Type type;
    std::string label;      // long form only
    std::string reference;
    // Tags (long form, section 10.4): where each is set to true, when it is.
    std::optional<Loc> dalo;       // the field says the household is recognised DALO
    std::optional<Loc> protected_; // the law forbids the field as a criterion
    std::optional<Loc> residence;  // the field says where the household lives or works
};

struct DerivedDecl {
    Name name;
    ExprText expr;
};

struct RecordDecl {
    Name name;
    std::optional<Name> key;
    std::vector<FieldDecl> fields;
    std::vector<DerivedDecl> derived;
};

struct ParameterVersion {
    std::optional<Date> since;  // none: always in force
    Value value;
    Type type;
    Loc loc;        // the value
    Loc since_loc;  // the date it takes effect, where it is written (else the value)
};

struct ParameterDecl {
    bool broken = false;  // a value could not be read (already reported): uses of it stay silent
    Name name;
    std::string label;
    std::string reference;
    std::vector<ParameterVersion> versions;  // by strictly increasing date
    std::optional<Loc> yearly;               // tag: a figure renewed every year, where it is set true
};

struct CriterionDecl {
    Name id;
    std::string label;
    std::string reference;
    std::optional<ExprText> when;
    ExprText points;
    std::vector<Name> requires_fields;
    std::vector<Name> priority;  // the L441-1 priority publics it serves, by code
};

enum class Combine : std::uint8_t { sum, max };

struct Bound {
    double value = 0;
    Loc loc;
};

struct RubricDecl {
    Name id;
    std::string label;
    std::string reference;
    Combine combine = Combine::sum;
    std::optional<Bound> cap;
    std::optional<Bound> floor;
    std::vector<CriterionDecl> criteria;
};

struct GridDecl {
    Name id;
    std::string label;
    std::string reference;
    Name record;
    std::optional<ExprText> applies_when;
    std::optional<Bound> cap;
    std::optional<Bound> floor;
    std::vector<RubricDecl> rubrics;
};

struct FlagDecl {
    Name id;
    std::string label;
    std::string reference;
    ExprText when;
};

struct OrderKey {
    Name name;          // `score`, `id` or a field / derived field
    bool descending = false;
    Loc loc;
};

struct RankingDecl {
    std::vector<ExprText> within;
    std::vector<OrderKey> order;
    bool has_order = false;
    Loc loc;
};

enum class TargetKind : std::uint8_t { at_least_percent, at_most_percent, at_least_count, at_most_count };

// A quota target, exact: a percentage P is held as numerator / scale (33.3 % = 333 / 10).
struct Target {
    TargetKind kind = TargetKind::at_least_percent;
    std::int64_t numerator = 0;
    std::int64_t scale = 1;
    std::string text;
    Loc loc;
};

struct OverrideDecl {
    std::vector<std::pair<Name, Value>> where;
    std::vector<Loc> value_locs;  // where each `where` value is written
    Target target;
    Loc loc;
};

struct QuotaDecl {
    bool target_ok = true;  // false: the target was invalid (reported); the rest is still checked
    Name id;
    std::string label;
    std::string reference;
    Name record;
    Name period_field;
    bool period_default = false;  // not written: lease_signed_on
    std::optional<ExprText> scope;
    ExprText meets;
    Target target;
    std::vector<Name> by;
    std::vector<OverrideDecl> overrides;
};

struct EligibilityDecl {
    Name id;
    std::string label;
    ExprText when;
};

struct MatchingDecl {
    std::vector<EligibilityDecl> eligible_when;
    std::vector<OrderKey> order;
    bool has_order = false;
    Loc loc;
};

// An entry of `include`: the path as written, and the file it names.
struct IncludeDecl {
    Name path;
    std::string resolved;  // the path read: relative to the including file's folder, normalized
};

struct PolicyDoc {
    bool incomplete = false;  // a file could not be read or parsed: checking the rest would mislead
    std::vector<IncludeDecl> includes;  // of every file read, in the order read
    std::string name;
    std::string version;
    std::string reference;
    std::vector<RecordDecl> records;
    std::vector<ParameterDecl> parameters;
    std::vector<GridDecl> grids;
    std::vector<FlagDecl> flags;
    std::optional<RankingDecl> ranking;
    std::vector<QuotaDecl> quotas;
    std::optional<MatchingDecl> matching;
};

// Policy files larger than this are refused before YAML reads them.
inline constexpr std::size_t max_policy_file_bytes = 8u << 20;

// Texts that stand for files on disk, keyed by the files' std::filesystem::weakly_canonical paths:
// the documents a language server's client has open, as edited.
using OpenFiles = std::map<std::string, std::string>;

// Reads a policy file and the files it includes; every mistake found is added to `diagnostics`.
PolicyDoc load_policy_file(const std::string& path, SourceSet& sources, std::vector<Diagnostic>& diagnostics);
// The same from text in memory (`path` names it in diagnostics and anchors relative includes). An
// included file found in `open_files` is read from there rather than from the disk.
PolicyDoc load_policy_text(const std::string& path, std::string text, SourceSet& sources,
                           std::vector<Diagnostic>& diagnostics, const OpenFiles* open_files = nullptr);

// Parses a quota target such as ">= 25%", "<= 33.3%", ">= 12"; nullopt with `error` set otherwise.
std::optional<Target> parse_target(const std::string& text, std::string& error);

}  // namespace cotation
