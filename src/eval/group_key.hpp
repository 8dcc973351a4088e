// Group keys: the values a row is grouped by (positioning groups, quota groups), made comparable
// fast. Within one worker, a row's key is a few 64-bit words (strings are codes of the worker's
// pool); across workers, groups meet through the bytes of their values.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "cotation/value.hpp"
#include "core/columns.hpp"

namespace cotation {

// The word of a valid value of a column: numbers by their bits (-0 as 0: one group), codes as they are.
inline std::uint64_t key_word(const View& v, std::size_t row, Repr repr) {
    if (repr == Repr::num) return std::bit_cast<std::uint64_t>(v.num[row] == 0 ? 0.0 : v.num[row]);
    return static_cast<std::uint32_t>(v.code[row]);
}

// The words of a row's key over `columns` columns: which are set (a bit each, so that a null is a
// group of its own), then each one's word. `column(b)` gives column b's view and representation.
inline std::size_t row_key_width(std::size_t columns) { return (columns + 63) / 64 + columns; }

// The keys of rows [first, first + count), one after another, column by column.
template <typename ColumnAt>
void make_row_keys(std::vector<std::uint64_t>& keys, std::size_t columns, std::size_t first, std::size_t count, ColumnAt column) {
    const std::size_t width = row_key_width(columns), masks = width - columns;
    keys.resize(count * width);
    std::uint64_t* words = keys.data();
    for (std::size_t r = 0; r < count; ++r)  // not assign(): a call to memset per row when count is 1
        for (std::size_t w = 0; w < masks; ++w) words[r * width + w] = 0;
    for (std::size_t b = 0; b < columns; ++b) {
        const auto [view, repr] = column(b);
        const std::size_t mask_word = b / 64, value_word = masks + b;
        const std::uint64_t bit = std::uint64_t{1} << (b % 64);
        for (std::size_t r = 0; r < count; ++r) {
            const std::size_t row = first + r;
            const bool set = view.valid[row] != 0;
            words[r * width + mask_word] |= set ? bit : 0;
            words[r * width + value_word] = set ? key_word(view, row, repr) : 0;
        }
    }
}

template <typename ColumnAt>
void make_row_key(std::vector<std::uint64_t>& key, std::size_t columns, std::size_t row, ColumnAt column) {
    make_row_keys(key, columns, row, 1, column);
}

// Ids for keys of a fixed number of words, in order of first appearance.
class KeyIndex {
public:
    explicit KeyIndex(std::size_t width);  // a width of 0: one key, the empty one
    // The id of `key` (`width` words); `fresh` tells whether it was just added.
    std::uint32_t insert(const std::uint64_t* key, bool& fresh);
    // The ids of `count` keys stored one after another, as `insert` would give them one by one.
    // Faster on many keys: each one's place in the table is fetched from memory well before it is
    // probed, so that the cache misses of a large table overlap.
    void insert_all(const std::uint64_t* keys, std::size_t count, std::uint32_t* ids);
    std::size_t size() const { return count_; }

private:
    std::uint32_t insert_hashed(const std::uint64_t* key, std::uint64_t hash, bool& fresh);
    void grow();
    std::size_t width_;
    std::size_t count_ = 0;
    std::size_t slots_ = 64;
    // Open addressing, a slot of 1 + width_ words: the hash's high half and id + 1 (0: empty),
    // then the key, so that a probe reads one place in memory.
    std::vector<std::uint64_t> table_;
    std::vector<std::uint64_t> hashes_;  // insert_all's scratch
};

// A value's bytes, type first: equal bytes for values compare_values finds equal.
void append_key_bytes(std::string& out, const Value& v);

}  // namespace cotation
