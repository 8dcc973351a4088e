// evaluate (one row at a time, for systems that embed the engine): planned expressions compiled
// into a flat list of typed instructions over plain cells, run without allocating. The reference
// interpreter (interpreter.hpp) walks Values, which copy strings and lists; this evaluates the same
// expressions with exactly its semantics (the differential tests hold the two equal) in a fraction
// of the time, so that one demand is scored in about a microsecond.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "check/compiled.hpp"

namespace cotation {

// A value as the row program holds it: plain data, copied freely.
struct Cell {
    double num = 0;             // int, number
    std::string_view text;      // string, enumeration
    std::int32_t code = 0;      // bool (0/1), date (days)
    std::uint32_t first = 0;    // list: its first item in the items of the evaluation
    std::uint32_t count = 0;    // list: how many items
    bool valid = false;         // false: null

    static Cell null() { return {}; }
};

// Where one evaluation keeps its cells: the slots of the record (fields, then derived fields),
// the constants and every instruction's result, and the items of lists. One per thread, reused
// across rows: the constants are set once, when the state first meets the program.
struct RowState {
    std::vector<Cell> cells;
    std::vector<Cell> items;
    std::uint64_t prepared_for = 0;  // the program's serial number (an address could be reused by another)
};

// The programs of one record: each planned expression compiled once. Immutable once built: any
// number of threads run it, each with its own RowState.
class RowProgram {
public:
    explicit RowProgram(const CheckedRecord& record);
    ~RowProgram();
    RowProgram(RowProgram&&) noexcept;
    RowProgram& operator=(RowProgram&&) noexcept;

    // Adds a planned expression over the record's slots; returns its id.
    std::size_t add(const Expr& expr);
    // Adds the derived fields: run_derived computes them, in order, into their slots.
    void add_derived(const std::vector<CheckedDerived>& derived);

    // Sizes `state` for this program and clears the items; the caller then fills the field slots.
    void prepare(RowState& state) const;
    void run_derived(RowState& state) const;
    // Evaluates expression `id` over the state's slots. The cell is the state's: valid until the
    // next run.
    const Cell& run(std::size_t id, RowState& state) const;
    // The cell expression `id` ends in when it runs no instruction (a field or a constant: its
    // value is that cell, without a run), else -1.
    std::int32_t only_reads(std::size_t id) const;

    std::size_t slot_count() const;

    struct Instruction;
    struct Data;

private:
    void run_general(const Instruction& ins, Cell* cells, std::vector<Cell>& items) const;
    std::unique_ptr<Data> data_;
};

// This thread's state, prepared for `program`: what const, thread-safe callers score with.
RowState& thread_state(const RowProgram& program);

// A Cell holding `value` (items of a list appended to `items`); the text of strings points into
// `value`, which must outlive the cell.
Cell cell_of(const Value& value, std::vector<Cell>& items);
// The same written into `out`, field by field: only the parts a value of its type has (a slot's
// other parts are never read). Loading a row this way never copies a Cell made aside, which the
// processor would read back before its small stores have landed. `out` is not one of `items`.
void write_cell(const Value& value, Cell& out, std::vector<Cell>& items);
// The Value a cell holds, of type `type`.
Value value_of(const Cell& cell, const Type& type, const std::vector<Cell>& items);
// Kleene truth: true, false or null.
inline std::optional<bool> truth(const Cell& c) {
    if (!c.valid) return std::nullopt;
    return c.code != 0;
}

}  // namespace cotation
