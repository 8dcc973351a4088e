// Synthetic, realistic data sets: demands and allocations as CSV (`cotation gen`).
//
// The rows follow the demand and allocation records of rules/schema/sne.yaml, field for field and
// in that order. The distributions and their sources are documented in docs/data.md.
//
// Determinism: row i is drawn from its own random stream, a hash of (seed, kind, i); the
// territories (EPCIs, communes, landlords) are drawn from the seed alone. The output therefore
// depends only on (kind, count, seed, epci), never on the number of threads or the chunk size.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cotation {

enum class GenKind { demands, allocations };

// "demands" or "allocations"; nullopt otherwise.
std::optional<GenKind> parse_gen_kind(std::string_view text) noexcept;

// The CSV header names, in order: the fields of the demand or allocation record.
const std::vector<std::string>& gen_fields(GenKind kind);

// Number of synthetic territories (EPCIs). Territory 0 is the Communauté d'Agglomération
// Hénin-Carvin with its 14 communes; the others are synthetic, drawn from the seed.
inline constexpr int gen_territory_count = 426;

struct GenOptions {
    GenKind kind = GenKind::demands;
    std::uint64_t count = 0;
    std::uint64_t seed = 0;
    // -1: rows spread over all territories (weighted by size); 0..gen_territory_count-1: every row
    // in that territory (0 = CAHC).
    int territory = -1;
    unsigned threads = 0;          // 0: std::thread::hardware_concurrency()
    std::uint64_t chunk_rows = 0;  // 0: default; rows generated per task (does not change the output)
};

struct GenResult {
    std::uint64_t rows = 0;  // data rows written (the header not counted)
    std::string error;       // non-empty: bad options, or the sink refused a chunk
    bool ok() const { return error.empty(); }
};

// Receives the output in order: the header line first, then chunks of whole rows. Returns false to
// stop (e.g. a write error); generate() then returns with an error.
using GenSink = std::function<bool(std::string_view)>;
// Called from the calling thread after each chunk is handed to the sink, with the rows written so far.
using GenProgress = std::function<void(std::uint64_t rows_done)>;

// Generates `options.count` rows: CSV, `,` delimiter, ISO dates, lists joined with `|`, empty
// cells for nulls, booleans true/false, `\n` line ends.
GenResult generate(const GenOptions& options, const GenSink& sink, const GenProgress& progress = {});

// The whole output in one string (tests, small data sets).
std::string generate_csv(const GenOptions& options);

}  // namespace cotation
