// Group keys: ids for rows' keys (positioning and quota groups) and the bytes that join workers.
#include <gtest/gtest.h>

#include <random>
#include <map>

#include "eval/group_key.hpp"

namespace cotation {
namespace {

TEST(KeyIndex, GivesIdsInOrderOfFirstAppearanceAndFindsThemAgain) {
    KeyIndex index(2);
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t> expected;
    std::mt19937_64 random(7);
    for (int i = 0; i < 50000; ++i) {
        // Few distinct values per word, so that keys repeat and the table grows several times.
        const std::uint64_t key[2] = {random() % 300, random() % 200};
        bool fresh = false;
        const std::uint32_t id = index.insert(key, fresh);
        auto [it, added] = expected.try_emplace({key[0], key[1]}, static_cast<std::uint32_t>(expected.size()));
        EXPECT_EQ(fresh, added);
        ASSERT_EQ(id, it->second);
    }
    EXPECT_EQ(index.size(), expected.size());
    EXPECT_GT(index.size(), 30000u);  // about 34 000 of the 60 000 possible keys
}

TEST(KeyIndex, InsertAllGivesTheIdsOfInsertingOneByOne) {
    KeyIndex one_by_one(3), all(3);
    std::mt19937_64 random(11);
    std::vector<std::uint64_t> keys;
    for (int batch = 0; batch < 40; ++batch) {
        // Batches of different sizes, some smaller than the prefetch distance, across growths.
        const std::size_t count = 1 + random() % 1500;
        keys.clear();
        for (std::size_t i = 0; i < count * 3; ++i) keys.push_back(random() % (i % 3 == 0 ? 4 : 90));
        std::vector<std::uint32_t> ids(count), expected(count);
        for (std::size_t i = 0; i < count; ++i) {
            bool fresh = false;
            expected[i] = one_by_one.insert(keys.data() + i * 3, fresh);
        }
        all.insert_all(keys.data(), count, ids.data());
        ASSERT_EQ(ids, expected) << "batch " << batch;
    }
    EXPECT_EQ(all.size(), one_by_one.size());
    EXPECT_GT(all.size(), 15000u);  // about 19 800 of the 32 400 possible keys: the table grew often
}

TEST(KeyIndex, ZeroWidthHasOneKey) {
    KeyIndex index(0);
    bool fresh = false;
    EXPECT_EQ(index.insert(nullptr, fresh), 0u);
    EXPECT_TRUE(fresh);
    EXPECT_EQ(index.insert(nullptr, fresh), 0u);
    EXPECT_FALSE(fresh);
    EXPECT_EQ(index.size(), 1u);
}

TEST(RowKey, NullIsItsOwnGroupAndMinusZeroIsZero) {
    const double num[] = {0.0, -0.0, 0.0, 3.5};
    const std::uint8_t valid[] = {1, 1, 0, 1};
    View v;
    v.num = num;
    v.valid = valid;
    std::vector<std::vector<std::uint64_t>> keys(4);
    for (std::size_t row = 0; row < 4; ++row)
        make_row_key(keys[row], 1, row, [&](std::size_t) { return std::pair<const View&, Repr>(v, Repr::num); });
    EXPECT_EQ(keys[0], keys[1]);  // -0 and 0: one group
    EXPECT_NE(keys[0], keys[2]);  // null: not the group of 0
    EXPECT_NE(keys[0], keys[3]);
    EXPECT_EQ(keys[2], (std::vector<std::uint64_t>{0, 0}));
    std::vector<std::uint64_t> all;  // the four rows at once: the same words, one key after another
    make_row_keys(all, 1, 0, 4, [&](std::size_t) { return std::pair<const View&, Repr>(v, Repr::num); });
    for (std::size_t row = 0; row < 4; ++row) EXPECT_EQ(std::vector<std::uint64_t>(all.begin() + 2 * row, all.begin() + 2 * row + 2), keys[row]);
    EXPECT_EQ(row_key_width(1), 2u);
    EXPECT_EQ(row_key_width(64), 65u);
    EXPECT_EQ(row_key_width(65), 67u);
}

TEST(KeyBytes, EqualValuesGiveEqualBytes) {
    const auto bytes = [](const Value& v) {
        std::string out;
        append_key_bytes(out, v);
        return out;
    };
    EXPECT_EQ(bytes(Value(0.0)), bytes(Value(-0.0)));
    EXPECT_NE(bytes(Value(1.0)), bytes(Value(2.0)));
    EXPECT_NE(bytes(Value()), bytes(Value(0.0)));
    EXPECT_NE(bytes(Value(std::string("ab"))), bytes(Value(std::string("a"))));
    EXPECT_EQ(bytes(Value(std::string("T3"))), bytes(Value(std::string("T3"))));
    EXPECT_NE(bytes(Value(true)), bytes(Value(false)));
}

}  // namespace
}  // namespace cotation
