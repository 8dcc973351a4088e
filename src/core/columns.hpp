// Columnar data for the fast path: typed columns with validity, strings as codes into a pool.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/value.hpp"

namespace cotation {

#if defined(__GNUC__)
#define COTATION_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define COTATION_ALWAYS_INLINE inline
#endif

// Short strings packed into a 64-bit word, and a hash of longer ones: the keys of StringIndex.
namespace strings {

// The n <= 8 bytes at p as one little-endian word (zero above them), reading only those bytes.
COTATION_ALWAYS_INLINE std::uint64_t pack(const char* p, std::size_t n) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])); };
    if (n >= 4) {  // two 4-byte loads, overlapping when n < 8 (the bytes they share are the same)
        std::uint32_t lo = 0, hi = 0;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        if constexpr (std::endian::native == std::endian::big) {
            lo = __builtin_bswap32(lo);
            hi = __builtin_bswap32(hi);
        }
        return lo | (static_cast<std::uint64_t>(hi) << (8 * (n - 4)));
    }
    if (n == 0) return 0;
    return byte(0) | (byte(n / 2) << (8 * (n / 2))) | (byte(n - 1) << (8 * (n - 1)));
}

// The key of a string: its bytes packed when it has 8 or fewer (equal keys and lengths then mean
// equal strings), a hash of them otherwise.
COTATION_ALWAYS_INLINE std::uint64_t key(std::string_view s) noexcept {
    const char* p = s.data();
    std::size_t n = s.size();
    if (n <= 8) return pack(p, n);
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    while (n > 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    std::uint64_t w;
    std::memcpy(&w, p + n - 8, 8);  // the last 8 bytes (overlapping the word before when n < 8)
    h = (h ^ w) * 0x94D049BB133111EBull;
    return h ^ (h >> 29);
}

}  // namespace strings

// Strings to dense indexes 0, 1, 2... in the order they were added: an open-addressing table
// (linear probing) over the keys above. The views added must outlive the index.
class StringIndex {
public:
    // The index of `text`, or -1 when it was never added.
    COTATION_ALWAYS_INLINE std::int32_t find(std::string_view text) const noexcept {
        if (slots_.empty()) return -1;
        const std::uint64_t key = strings::key(text);
        const auto len = static_cast<std::uint32_t>(text.size());
        for (std::size_t i = slot_of(key, len);; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.index < 0) return -1;
            if (s.key == key && s.len == len && (text.size() <= 8 || texts_[static_cast<std::size_t>(s.index)] == text))
                return s.index;
        }
    }
    // Adds `text` (not yet added) and returns its index.
    std::int32_t add(std::string_view text);
    std::string_view text(std::int32_t index) const { return texts_[static_cast<std::size_t>(index)]; }
    std::size_t size() const { return texts_.size(); }

private:
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t len = 0;     // the length (cut to 32 bits: long strings are compared in full)
        std::int32_t index = -1;   // -1: empty
    };
    std::size_t slot_of(std::uint64_t key, std::uint32_t len) const noexcept {
        return static_cast<std::size_t>(((key + len) * 0x9E3779B97F4A7C15ull) >> shift_);
    }
    void place(std::int32_t index);

    std::vector<Slot> slots_;  // a power of two, at most half full
    std::size_t mask_ = 0;
    int shift_ = 64;
    std::vector<std::string_view> texts_;
};

// Interns strings: equal strings get equal codes, 0, 1, 2... in the order they were first met.
// One pool per worker thread: the data it reads and the literals of the programs it runs share it,
// so string equality is code equality.
class StringPool {
public:
    std::int32_t intern(std::string_view text) {
        const std::int32_t code = index_.find(text);
        return code >= 0 ? code : add(text);
    }
    // The code of `text`, or -1 when it was never interned.
    std::int32_t find(std::string_view text) const noexcept { return index_.find(text); }
    std::string_view text(std::int32_t code) const { return index_.text(code); }
    std::size_t size() const { return index_.size(); }

private:
    std::int32_t add(std::string_view text);

    StringIndex index_;
    std::vector<std::unique_ptr<char[]>> blocks_;  // the strings' bytes, never moved
    char* free_ = nullptr;
    std::size_t left_ = 0;
};

// One column of values, one per row. Which arrays are used depends on the type:
// bool -> code (0/1); int, number -> num; date -> code (days); string, enum -> code (pool);
// list -> offsets (rows + 1) and item_num or item_code (item_valid: empty when every item is set).
struct Column {
    std::vector<double> num;
    std::vector<std::int32_t> code;
    std::vector<std::uint8_t> valid;
    std::vector<std::uint32_t> offsets;
    std::vector<double> item_num;
    std::vector<std::int32_t> item_code;
    std::vector<std::uint8_t> item_valid;

    void clear();
};

// A read-only window on a column from some row on.
struct View {
    const double* num = nullptr;
    const std::int32_t* code = nullptr;
    const std::uint8_t* valid = nullptr;
    const std::uint32_t* offsets = nullptr;
    const double* item_num = nullptr;
    const std::int32_t* item_code = nullptr;
    const std::uint8_t* item_valid = nullptr;  // null: every item is set
};

View view_of(const Column& column, std::size_t first_row);

// Rows of one record read by one worker: a column per field, the key kept as text.
struct ColumnChunk {
    std::size_t rows = 0;
    std::vector<Column> fields;
    std::vector<std::uint64_t> lines;  // the line each row starts on
};

// The representation a type uses in a Column.
enum class Repr : std::uint8_t { num, code, list_num, list_code };
Repr repr_of(const Type& type);
bool is_numeric_kind(TypeKind kind);

}  // namespace cotation
