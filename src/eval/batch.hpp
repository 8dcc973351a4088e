// evaluate (fast path): checked expressions compiled into typed column operations and run over
// batches of rows. Exactly the reference interpreter's semantics (eval/interpreter.hpp), which the
// differential tests hold it to.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "check/compiled.hpp"
#include "core/columns.hpp"

namespace cotation {

// The rows a program runs over: a view per slot of the record (fields, then derived fields),
// each starting at the batch's first row; `rows` of them (at most the program's capacity).
struct BatchInput {
    const std::vector<View>* slots = nullptr;
    std::size_t rows = 0;
    // Names these rows for the programs of one BatchCache: a subexpression they share is computed
    // once per epoch. 0: no sharing (every program computes all it needs).
    std::uint64_t epoch = 0;
};

// Subexpressions shared by the programs of one worker: programs built with the same cache hold one
// node for each distinct subexpression (the same operation on the same fields and constants).
class BatchCache {
public:
    BatchCache();
    ~BatchCache();
    BatchCache(const BatchCache&) = delete;
    BatchCache& operator=(const BatchCache&) = delete;
    // A fresh epoch for new input rows.
    std::uint64_t next_epoch() { return ++epoch_; }

private:
    friend class BatchExpr;
    struct Nodes;
    std::unique_ptr<Nodes> nodes_;
    std::uint64_t epoch_ = 0;
};

// One compiled expression: a planned expression (plan/plan.hpp: no parameter, no `as_of`, its
// constants folded) over the fields and derived fields of one record. Not shareable between
// threads (it owns its scratch columns); each worker compiles its own, with its own string pool.
class BatchExpr {
public:
    BatchExpr(const Expr& expr, StringPool& pool, std::size_t capacity, BatchCache* cache = nullptr);
    ~BatchExpr();
    BatchExpr(BatchExpr&&) noexcept;
    BatchExpr& operator=(BatchExpr&&) noexcept;

    // Evaluates over the input's rows; the view is valid until the next call.
    View run(const BatchInput& input);
    const Type& type() const;

    struct Node;

private:
    std::shared_ptr<Node> root_;
    StringPool* pool_;
};

// Converts between the column form and values (tests, explanations, outputs).
Value value_at(const View& view, std::size_t row, const Type& type, const StringPool& pool);
void append_value(Column& column, const Value& value, const Type& type, StringPool& pool);

// The largest batch a program runs over at once.
inline constexpr std::size_t batch_rows = 1024;

}  // namespace cotation
