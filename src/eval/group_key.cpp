#include "eval/group_key.hpp"

#include <algorithm>
#include <cstring>

namespace cotation {

namespace {

std::uint64_t hash_words(const std::uint64_t* key, std::size_t width) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;
    for (std::size_t k = 0; k < width; ++k) {
        h = (h ^ key[k]) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    return h;
}

// A loop, not std::equal: that calls memcmp, too costly for the two or three words of a key.
bool same_words(const std::uint64_t* a, const std::uint64_t* b, std::size_t width) {
    for (std::size_t k = 0; k < width; ++k)
        if (a[k] != b[k]) return false;
    return true;
}

}  // namespace

KeyIndex::KeyIndex(std::size_t width) : width_(width), table_(slots_ * (1 + width), 0) {}

std::uint32_t KeyIndex::insert(const std::uint64_t* key, bool& fresh) { return insert_hashed(key, hash_words(key, width_), fresh); }

void KeyIndex::insert_all(const std::uint64_t* keys, std::size_t count, std::uint32_t* ids) {
    // How many keys ahead a slot is fetched: enough to cover a miss to memory with the probes
    // in between, few enough that the fetched lines are still in the cache when probed.
    constexpr std::size_t ahead = 16;
    hashes_.resize(count);
    for (std::size_t i = 0; i < count; ++i) hashes_[i] = hash_words(keys + i * width_, width_);
    const std::size_t stride = 1 + width_;
    for (std::size_t i = 0; i < count; ++i) {
        if (i + ahead < count) __builtin_prefetch(table_.data() + (hashes_[i + ahead] & (slots_ - 1)) * stride);
        bool fresh = false;
        ids[i] = insert_hashed(keys + i * width_, hashes_[i], fresh);
    }
}

std::uint32_t KeyIndex::insert_hashed(const std::uint64_t* key, std::uint64_t h, bool& fresh) {
    const std::uint64_t tag = h & ~std::uint64_t{0xFFFFFFFF};
    const std::size_t stride = 1 + width_;
    const std::size_t mask = slots_ - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
        std::uint64_t* slot = table_.data() + at * stride;
        if (slot[0] == 0) {
            const auto id = static_cast<std::uint32_t>(count_++);
            slot[0] = tag | (id + 1);
            std::copy(key, key + width_, slot + 1);
            if (2 * count_ > slots_) grow();
            fresh = true;
            return id;
        }
        if ((slot[0] & ~std::uint64_t{0xFFFFFFFF}) == tag && same_words(key, slot + 1, width_)) {
            fresh = false;
            return static_cast<std::uint32_t>(slot[0]) - 1;
        }
    }
}

void KeyIndex::grow() {
    const std::size_t stride = 1 + width_;
    std::vector<std::uint64_t> table(2 * slots_ * stride, 0);
    const std::size_t mask = 2 * slots_ - 1;
    for (std::size_t old = 0; old < slots_; ++old) {
        const std::uint64_t* from = table_.data() + old * stride;
        if (from[0] == 0) continue;
        std::size_t at = hash_words(from + 1, width_) & mask;
        while (table[at * stride] != 0) at = (at + 1) & mask;
        std::copy(from, from + stride, table.data() + at * stride);
    }
    table_ = std::move(table);
    slots_ *= 2;
}

void append_key_bytes(std::string& out, const Value& v) {
    out += static_cast<char>(v.data.index());
    if (const double* d = v.as_number()) {
        const double x = *d == 0 ? 0.0 : *d;  // -0 and 0 are one group
        out.append(reinterpret_cast<const char*>(&x), sizeof x);
    } else if (const std::string* str = v.as_string()) {
        const auto size = static_cast<std::uint32_t>(str->size());
        out.append(reinterpret_cast<const char*>(&size), sizeof size);
        out += *str;
    } else if (const Date* date = v.as_date()) {
        out.append(reinterpret_cast<const char*>(&date->days), sizeof date->days);
    } else if (const bool* b = v.as_bool()) {
        out += static_cast<char>(*b);
    }
}

}  // namespace cotation
