// Shared subexpressions of the batch evaluator: one node per distinct subexpression, computed once
// per epoch, while each program's own result stays its own.
#include <gtest/gtest.h>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"
#include "eval/batch.hpp"
#include "check/policy_access.hpp"

namespace cotation {
namespace {

struct Programs {
    std::optional<Policy> policy;
    const CheckedRecord* record = nullptr;

    const Expr& derived(const std::string& name) const {
        for (const CheckedDerived& d : record->derived)
            if (d.name == name) return d.expr;
        throw std::logic_error("no derived field " + name);
    }
};

Programs load() {
    LoadResult loaded = load_policy_from_string(R"(cotation: 1
name: shared
records:
  row:
    key: id
    fields:
      id: string
      a: number
      b: number
    derived:
      x: (a + b) * 2
      y: (a + b) * 3
)",
                                                "<test>");
    EXPECT_TRUE(loaded.ok());
    Programs p;
    p.policy = *loaded.policy;
    const CompiledPolicy& c = internal::PolicyAccess::compiled(*p.policy);
    p.record = &c.records[static_cast<std::size_t>(c.record_index("row"))];
    return p;
}

Column numbers(const std::vector<std::optional<double>>& values) {
    Column c;
    for (const auto& v : values) {
        c.num.push_back(v.value_or(0));
        c.valid.push_back(v.has_value());
    }
    return c;
}

std::vector<std::optional<double>> read(const View& v, std::size_t rows) {
    std::vector<std::optional<double>> out;
    for (std::size_t i = 0; i < rows; ++i) out.push_back(v.valid[i] ? std::optional<double>(v.num[i]) : std::nullopt);
    return out;
}

TEST(BatchCache, SharedSubexpressionsGiveEachProgramItsOwnResult) {
    const Programs p = load();
    StringPool pool;
    BatchCache cache;
    BatchExpr x(p.derived("x"), pool, batch_rows, &cache);
    BatchExpr y(p.derived("y"), pool, batch_rows, &cache);
    const Column id, a = numbers({1, 2, std::nullopt}), b = numbers({10, 20, 30});
    const std::vector<View> first{View{}, view_of(a, 0), view_of(b, 0), View{}, View{}};
    const BatchInput in{&first, 3, cache.next_epoch()};
    const View vx = x.run(in);
    const View vy = y.run(in);
    EXPECT_EQ(read(vx, 3), (std::vector<std::optional<double>>{22, 44, std::nullopt}));
    EXPECT_EQ(read(vy, 3), (std::vector<std::optional<double>>{33, 66, std::nullopt}));

    // Other rows, a new epoch: `a + b` is computed again; x's result of the first rows is kept.
    const Column a2 = numbers({5}), b2 = numbers({5});
    const std::vector<View> second{View{}, view_of(a2, 0), view_of(b2, 0), View{}, View{}};
    EXPECT_EQ(read(y.run(BatchInput{&second, 1, cache.next_epoch()}), 1), (std::vector<std::optional<double>>{30}));
    EXPECT_EQ(read(vx, 3), (std::vector<std::optional<double>>{22, 44, std::nullopt}));
}

TEST(BatchCache, OneEpochComputesASharedSubexpressionOnce) {
    const Programs p = load();
    StringPool pool;
    BatchCache cache;
    BatchExpr x(p.derived("x"), pool, batch_rows, &cache);
    BatchExpr y(p.derived("y"), pool, batch_rows, &cache);
    const Column a = numbers({1}), b = numbers({10}), a2 = numbers({100}), b2 = numbers({100});
    const std::vector<View> first{View{}, view_of(a, 0), view_of(b, 0), View{}, View{}};
    const std::vector<View> second{View{}, view_of(a2, 0), view_of(b2, 0), View{}, View{}};
    const std::uint64_t epoch = cache.next_epoch();
    EXPECT_EQ(read(x.run(BatchInput{&first, 1, epoch}), 1), (std::vector<std::optional<double>>{22}));
    // The same epoch promises the same rows: y reuses `a + b` of the first rows (11), not 200.
    EXPECT_EQ(read(y.run(BatchInput{&second, 1, epoch}), 1), (std::vector<std::optional<double>>{33}));
    // Epoch 0 shares nothing.
    EXPECT_EQ(read(y.run(BatchInput{&second, 1, 0}), 1), (std::vector<std::optional<double>>{600}));
}

}  // namespace
}  // namespace cotation
