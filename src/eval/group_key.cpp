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

KeyIndex::KeyIndex(std::size_t width) : width_(width), table_(64, 0) {}

std::uint32_t KeyIndex::insert(const std::uint64_t* key, bool& fresh) {
    const std::uint64_t h = hash_words(key, width_);
    const std::uint64_t tag = h & ~std::uint64_t{0xFFFFFFFF};
    const std::size_t mask = table_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
        const std::uint64_t entry = table_[at];
        if (entry == 0) {
            const auto id = static_cast<std::uint32_t>(count_++);
            if (width_ > 0) words_.insert(words_.end(), key, key + width_);
            table_[at] = tag | (id + 1);
            if (2 * count_ > table_.size()) grow();
            fresh = true;
            return id;
        }
        const auto id = static_cast<std::uint32_t>(entry) - 1;
        if ((entry & ~std::uint64_t{0xFFFFFFFF}) == tag && same_words(key, words_.data() + std::size_t{id} * width_, width_)) {
            fresh = false;
            return id;
        }
    }
}

void KeyIndex::grow() {
    std::vector<std::uint64_t> table(table_.size() * 2, 0);
    const std::size_t mask = table.size() - 1;
    for (std::size_t id = 0; id < count_; ++id) {
        const std::uint64_t h = hash_words(words_.data() + id * width_, width_);
        std::size_t at = h & mask;
        while (table[at] != 0) at = (at + 1) & mask;
        table[at] = (h & ~std::uint64_t{0xFFFFFFFF}) | (id + 1);
    }
    table_ = std::move(table);
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
