#include "eval/row_program.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <string>

#include "check/functions.hpp"
#include "core/columns.hpp"
#include "eval/interpreter.hpp"

namespace cotation {

namespace {

// How an instruction reads the values it compares or combines.
enum class Kind : std::uint8_t { number, code, text, list_number, list_text, none };

Kind kind_of(const Type& t) {
    switch (t.kind) {
        case TypeKind::integer:
        case TypeKind::number: return Kind::number;
        case TypeKind::boolean:
        case TypeKind::date: return Kind::code;
        case TypeKind::string:
        case TypeKind::enumeration: return Kind::text;
        case TypeKind::list: return t.element == TypeKind::integer || t.element == TypeKind::number ? Kind::list_number : Kind::list_text;
        default: return Kind::none;
    }
}

// The kind two operands are compared as: the one that is not the null literal's.
Kind kind_of(const Expr& a, const Expr& b) {
    const Kind k = kind_of(a.type);
    return k != Kind::none ? k : kind_of(b.type);
}

// An instruction's result written in place: only the parts its type reads.
COTATION_ALWAYS_INLINE void set_number(Cell& out, double v) {
    out.num = v;
    out.valid = true;
}

COTATION_ALWAYS_INLINE void set_boolean(Cell& out, bool v) {
    out.code = v ? 1 : 0;
    out.valid = true;
}

Kind item_kind(Kind list) { return list == Kind::list_number ? Kind::number : Kind::text; }

// `from`'s value written into `to`: only the parts a value of this kind has. A whole Cell copied
// just after an instruction wrote two of its fields would be read back before those small stores
// have landed, and the processor would wait for them (a failed store forwarding).
COTATION_ALWAYS_INLINE void copy_value(Cell& to, const Cell& from, Kind kind) {
    switch (kind) {
        case Kind::number: to.num = from.num; break;
        case Kind::code: to.code = from.code; break;
        case Kind::text: to.text = from.text; break;
        case Kind::list_number:
        case Kind::list_text:
            to.first = from.first;
            to.count = from.count;
            break;
        case Kind::none: to = from; return;  // a type the kinds do not name (the null literal's)
    }
    to.valid = from.valid;
}

// Equal texts: most are short codes, compared as one word rather than through memcmp.
COTATION_ALWAYS_INLINE bool same_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.size() <= 8) return strings::pack(a.data(), a.size()) == strings::pack(b.data(), b.size());
    return a == b;
}

// Two valid scalars of kind `k`, equal as the reference's equal_values finds them.
COTATION_ALWAYS_INLINE bool same_scalar(const Cell& a, const Cell& b, Kind k) {
    switch (k) {
        case Kind::number: return a.num == b.num;
        case Kind::code: return a.code == b.code;
        case Kind::text: return same_text(a.text, b.text);
        default: return false;
    }
}

// Two valid values of kind `k` (lists item by item, nulls equal to nulls).
bool same_value(const Cell& a, const Cell& b, Kind k, const std::vector<Cell>& items) {
    if (k != Kind::list_number && k != Kind::list_text) return same_scalar(a, b, k);
    if (a.count != b.count) return false;
    for (std::uint32_t i = 0; i < a.count; ++i) {
        const Cell& x = items[a.first + i];
        const Cell& y = items[b.first + i];
        if (x.valid != y.valid || (x.valid && !same_scalar(x, y, item_kind(k)))) return false;
    }
    return true;
}

// Whether the list holds `x` (null items hold nothing).
bool holds(const Cell& list, const Cell& x, Kind item, const std::vector<Cell>& items) {
    for (std::uint32_t k = 0; k < list.count; ++k) {
        const Cell& it = items[list.first + k];
        if (it.valid && same_scalar(it, x, item)) return true;
    }
    return false;
}

int enum_rank(const std::vector<std::string>& values, std::string_view text) {
    return static_cast<int>(std::find(values.begin(), values.end(), text) - values.begin());
}

}  // namespace

// A cell's place among the cells, in bytes, and the cell at such a place.
constexpr std::uint32_t offset_of(std::uint32_t cell) { return cell * static_cast<std::uint32_t>(sizeof(Cell)); }
COTATION_ALWAYS_INLINE Cell& cell_at(Cell* cells, std::uint32_t offset) {
    return *reinterpret_cast<Cell*>(reinterpret_cast<char*>(cells) + offset);
}

// What an instruction does, as the run's one switch dispatches it. The frequent operations on
// operands of a known kind have a code of their own, with their operands named in the instruction
// (no second dispatch, no walk of the operand list); the others are `general`, interpreted by op
// and function.
enum class Code : std::uint8_t {
    general,
    and_test, or_test,  // and/or: the left operand alone, which may decide (skip_to)
    and_both, or_both,  // and/or: both operands
    less_number, less_equal_number, greater_number, greater_equal_number, equal_number, not_equal_number,
    less_code, less_equal_code, greater_code, greater_equal_code, equal_code, not_equal_code,
    equal_text, not_equal_text,
    add, subtract, multiply, divide,
    coalesce, is_null, is_not_null,
    contains_text,  // contains(a list of texts, x), the list not a constant
};

struct RowProgram::Instruction {
    Code code = Code::general;
    Op op = Op::literal;
    Function function = Function::none;
    Kind kind = Kind::none;                 // what the operands are compared or combined as
    Kind result = Kind::none;               // what its value is (the parts of a cell it writes)
    // The cell it writes and its first two operands' cells (the first cell when it has fewer), as
    // byte offsets in the cells: no multiplication by the size of a cell on each run.
    std::uint32_t out_at = 0, a_at = 0, b_at = 0;
    std::uint32_t arg_first = 0;            // all its operands' cells, in Data::args
    std::uint32_t arg_count = 0;
    const std::vector<std::string>* enum_values = nullptr;  // ordering on enumerations: by declared rank
    const Table* table = nullptr;           // index on a constant table
    std::uint32_t numeric_keys = 0;         // index: its whole-number keys, in Data::numeric_keys
    std::uint32_t numeric_key_count = 0;
    bool constant_end = false;              // months_between / years_between to a constant date: `end`
    CivilDate end;
    std::int32_t set = -1;                  // `in` a constant list, contains(a constant list, x): its items as a set
    // and_test, or_test: where the run goes on when the left operand decides (false for and, true
    // for or, whatever the right one is: Kleene's rules): past the right operand and the
    // instruction that combines both.
    std::uint32_t skip_to = 0;
};

struct RowProgram::Data {
    std::uint64_t serial = 0;               // unique to this program, for RowState::prepared_for
    std::size_t slots = 0;
    std::vector<Cell> initial;              // every cell as a state starts: constants set, the rest null
    std::vector<Cell> constant_items;       // the items of constant lists: the first items of every state
    std::deque<Value> kept;                 // what constant texts point into (a deque: never moves)
    std::vector<Instruction> code;
    std::vector<std::uint32_t> args;
    std::vector<std::pair<double, double>> numeric_keys;  // tables' whole-number keys, sorted per table
    // The items of constant lists looked up by `in` and `contains`: texts in a hash index (their
    // bytes kept in `kept`), numbers sorted. Null items hold nothing: left out.
    std::deque<StringIndex> text_sets;
    std::vector<std::vector<double>> number_sets;
    struct Program {
        std::uint32_t first = 0, end = 0;   // its instructions
        std::uint32_t result = 0;           // the cell it ends in
    };
    std::vector<Program> programs;
    struct Derived {
        std::uint32_t slot = 0;
        std::size_t program = 0;
        bool in_place = false;  // the program's last instruction writes the slot
    };
    std::vector<Derived> derived;  // in evaluation order

    std::uint32_t new_cell(Cell initial_value = {}) {
        initial.push_back(initial_value);
        return static_cast<std::uint32_t>(initial.size() - 1);
    }
};

RowProgram::RowProgram(const CheckedRecord& record) : data_(std::make_unique<Data>()) {
    static std::atomic<std::uint64_t> next_serial{1};
    data_->serial = next_serial++;
    data_->slots = record.slot_count();
    data_->initial.assign(data_->slots, Cell::null());
}
RowProgram::~RowProgram() = default;
RowProgram::RowProgram(RowProgram&&) noexcept = default;
RowProgram& RowProgram::operator=(RowProgram&&) noexcept = default;

std::size_t RowProgram::slot_count() const { return data_->slots; }

namespace {

// A constant list's items as a set, for membership without walking them; -1 when it is no list.
std::int32_t constant_set(const Value& constant, Kind list, RowProgram::Data& d) {
    const List* items = constant.as_list();
    if (!items) return -1;
    if (list == Kind::list_number) {
        std::vector<double>& set = d.number_sets.emplace_back();
        for (const Value& item : *items)
            if (const double* n = item.as_number()) set.push_back(*n);
        std::sort(set.begin(), set.end());
        return static_cast<std::int32_t>(d.number_sets.size() - 1);
    }
    const Value& kept = d.kept.emplace_back(constant);  // the index's views point into it
    StringIndex& set = d.text_sets.emplace_back();
    for (const Value& item : *kept.as_list())
        if (const std::string* text = item.as_string(); text && set.find(*text) < 0) set.add(*text);
    return static_cast<std::int32_t>(d.text_sets.size() - 1);
}

// Whether a constant set holds `x`, a valid scalar.
COTATION_ALWAYS_INLINE bool in_set(const RowProgram::Data& d, std::int32_t set, Kind item, const Cell& x) {
    if (item == Kind::number) {
        const std::vector<double>& numbers = d.number_sets[static_cast<std::size_t>(set)];
        return std::binary_search(numbers.begin(), numbers.end(), x.num);
    }
    return d.text_sets[static_cast<std::size_t>(set)].find(x.text) >= 0;
}

// The code of an instruction compiled by op and function (and/or have theirs where they are made).
Code code_of(const RowProgram::Instruction& ins) {
    const auto by_kind = [&](Code number, Code code, Code text) {
        return ins.kind == Kind::number ? number : ins.kind == Kind::code ? code : ins.kind == Kind::text ? text : Code::general;
    };
    switch (ins.op) {
        case Op::equal: return by_kind(Code::equal_number, Code::equal_code, Code::equal_text);
        case Op::not_equal: return by_kind(Code::not_equal_number, Code::not_equal_code, Code::not_equal_text);
        // Texts are ordered by enumeration rank or by bytes: left to the general step.
        case Op::less: return by_kind(Code::less_number, Code::less_code, Code::general);
        case Op::less_equal: return by_kind(Code::less_equal_number, Code::less_equal_code, Code::general);
        case Op::greater: return by_kind(Code::greater_number, Code::greater_code, Code::general);
        case Op::greater_equal: return by_kind(Code::greater_equal_number, Code::greater_equal_code, Code::general);
        case Op::add: return Code::add;
        case Op::subtract: return Code::subtract;
        case Op::multiply: return Code::multiply;
        case Op::divide: return Code::divide;
        case Op::coalesce: return Code::coalesce;
        case Op::is_null: return Code::is_null;
        case Op::is_not_null: return Code::is_not_null;
        case Op::call:
            return ins.function == Function::contains && ins.set < 0 && ins.kind == Kind::list_text ? Code::contains_text : Code::general;
        default: return Code::general;
    }
}

// Compiles an expression, its operands first; returns the cell that holds its value.
std::uint32_t compile(const Expr& e, RowProgram::Data& d) {
    switch (e.op) {
        case Op::literal: {
            if (e.literal.as_table()) return d.new_cell();  // read by `index` through the instruction
            const Value& kept = d.kept.emplace_back(e.literal);
            return d.new_cell(cell_of(kept, d.constant_items));
        }
        case Op::identifier:
            if (e.ref == RefKind::field || e.ref == RefKind::derived) return static_cast<std::uint32_t>(e.slot);
            throw std::logic_error("a row program reads the record's own fields only (plan the expression first)");
        default: break;
    }
    if (e.op == Op::call && (e.function == Function::age || e.function == Function::date))
        throw std::logic_error("a row program runs planned expressions");
    if (e.op == Op::logical_and || e.op == Op::logical_or) {
        // The left operand, a test that may skip the right one, the right one, then both combined:
        // the test and the combination write the same cell.
        const std::uint32_t left = compile(e.args[0], d);
        const std::uint32_t out = d.new_cell();
        RowProgram::Instruction test;
        test.code = e.op == Op::logical_and ? Code::and_test : Code::or_test;
        test.op = e.op;
        test.a_at = offset_of(left);
        test.out_at = offset_of(out);
        const std::size_t test_at = d.code.size();
        d.code.push_back(test);
        const std::uint32_t right = compile(e.args[1], d);
        RowProgram::Instruction both;
        both.code = e.op == Op::logical_and ? Code::and_both : Code::or_both;
        both.op = e.op;
        both.a_at = offset_of(left);
        both.b_at = offset_of(right);
        both.out_at = offset_of(out);
        d.code.push_back(both);
        d.code[test_at].skip_to = static_cast<std::uint32_t>(d.code.size());
        return out;
    }
    std::vector<std::uint32_t> operands;
    for (const Expr& a : e.args) operands.push_back(compile(a, d));
    RowProgram::Instruction ins;
    ins.op = e.op;
    ins.function = e.function;
    ins.arg_first = static_cast<std::uint32_t>(d.args.size());
    ins.arg_count = static_cast<std::uint32_t>(operands.size());
    d.args.insert(d.args.end(), operands.begin(), operands.end());
    switch (e.op) {
        case Op::equal:
        case Op::not_equal:
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal:
            ins.kind = kind_of(e.args[0], e.args[1]);
            for (const Expr& a : e.args)
                if (a.type.kind == TypeKind::enumeration && a.type.enum_values) {
                    ins.enum_values = a.type.enum_values.get();
                    break;
                }
            break;
        case Op::in:
        case Op::not_in:
            ins.kind = kind_of(e.args[1].type);
            if (e.args[1].op == Op::literal) ins.set = constant_set(e.args[1].literal, ins.kind, d);
            break;
        case Op::index:
            ins.kind = kind_of(e.args[1].type);
            if (e.args[0].op == Op::literal) ins.table = e.args[0].literal.as_table();
            if (ins.table && ins.kind == Kind::number) {
                // Whole-number keys looked up as numbers, without writing the key as text.
                ins.numeric_keys = static_cast<std::uint32_t>(d.numeric_keys.size());
                for (const auto& [key, value] : ins.table->entries) {
                    char* end = nullptr;
                    const double k = std::strtod(key.c_str(), &end);
                    if (!key.empty() && end && *end == '\0' && format_number(k) == key) d.numeric_keys.emplace_back(k, value);
                }
                ins.numeric_key_count = static_cast<std::uint32_t>(d.numeric_keys.size()) - ins.numeric_keys;
                std::sort(d.numeric_keys.begin() + ins.numeric_keys, d.numeric_keys.end());
            }
            break;
        case Op::call:
            ins.kind = e.args.empty() ? Kind::none : kind_of(e.args[0].type);
            if (e.function == Function::contains && e.args[0].op == Op::literal) ins.set = constant_set(e.args[0].literal, ins.kind, d);
            if ((e.function == Function::months_between || e.function == Function::years_between) && e.args[1].op == Op::literal &&
                e.args[1].literal.as_date()) {
                ins.constant_end = true;
                ins.end = civil_from_date(*e.args[1].literal.as_date());
            }
            break;
        default: break;
    }
    if (e.op == Op::index && ins.table) d.kept.emplace_back(e.args[0].literal);  // keeps the table alive
    ins.result = kind_of(e.type);
    if (!operands.empty()) ins.a_at = offset_of(operands[0]);
    if (operands.size() > 1) ins.b_at = offset_of(operands[1]);
    ins.code = code_of(ins);
    const std::uint32_t out = d.new_cell();
    ins.out_at = offset_of(out);
    d.code.push_back(ins);
    return out;
}

}  // namespace

std::size_t RowProgram::add(const Expr& expr) {
    Data& d = *data_;
    const auto first = static_cast<std::uint32_t>(d.code.size());
    const std::uint32_t result = compile(expr, d);
    d.programs.push_back(Data::Program{first, static_cast<std::uint32_t>(d.code.size()), result});
    return d.programs.size() - 1;
}

void RowProgram::add_derived(const std::vector<CheckedDerived>& derived) {
    Data& d = *data_;
    for (const CheckedDerived& f : derived) {
        const std::size_t id = add(f.expr);
        Data::Program& program = d.programs[id];
        const auto slot = static_cast<std::uint32_t>(f.slot);
        // The last instruction writes the slot itself: no copy of its result, and the slot never
        // holds a stale value (nor does the test of an and/or that writes the same cell).
        const bool in_place = program.end > program.first && d.code[program.end - 1].out_at == offset_of(program.result);
        if (in_place) {
            for (std::uint32_t i = program.first; i < program.end; ++i)
                if (d.code[i].out_at == offset_of(program.result)) d.code[i].out_at = offset_of(slot);
            program.result = slot;
        }
        d.derived.push_back(Data::Derived{slot, id, in_place});
    }
}

void RowProgram::prepare(RowState& state) const {
    const Data& d = *data_;
    // Evaluation writes its own cells and appends items, never the constants': they are copied
    // once, when the state first meets the program; a row's items are then dropped.
    if (state.prepared_for != d.serial) {
        state.cells = d.initial;
        state.items.assign(d.constant_items.begin(), d.constant_items.end());
        state.prepared_for = d.serial;
    }
    state.items.resize(d.constant_items.size());
}

void RowProgram::run_derived(RowState& state) const {
    for (const Data::Derived& f : data_->derived) {
        if (f.in_place) run(f.program, state);
        else state.cells[f.slot] = run(f.program, state);
    }
}

// An instruction of code `general`: interpreted by op and function, its operands read through
// Data::args.
void RowProgram::run_general(const Instruction& ins, Cell* cells, std::vector<Cell>& items) const {
    const Data& d = *data_;
    const std::uint32_t* arg = d.args.data() + ins.arg_first;
    const auto at = [&](std::uint32_t k) -> const Cell& { return cells[arg[k]]; };
    Cell& out = cell_at(cells, ins.out_at);  // a cell of its own: no operand is written
    out.valid = false;
    switch (ins.op) {
        case Op::negate:
            if (at(0).valid) set_number(out, -at(0).num);
            break;
        case Op::logical_not:
            if (at(0).valid) set_boolean(out, at(0).code == 0);
            break;
        case Op::conditional: copy_value(out, at(0).valid && at(0).code ? at(1) : at(2), ins.result); break;
        case Op::equal:
        case Op::not_equal: {
            const Cell &a = at(0), &b = at(1);
            if (!a.valid || !b.valid) break;
            const bool same = same_value(a, b, ins.kind, items);
            set_boolean(out, ins.op == Op::equal ? same : !same);
            break;
        }
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal: {
            const Cell &a = at(0), &b = at(1);
            if (!a.valid || !b.valid) break;
            int c = 0;  // texts (numbers and codes have codes of their own)
            if (ins.enum_values) {
                const int ra = enum_rank(*ins.enum_values, a.text), rb = enum_rank(*ins.enum_values, b.text);
                c = ra < rb ? -1 : ra > rb ? 1 : 0;
            } else {
                const int t = a.text.compare(b.text);
                c = t < 0 ? -1 : t > 0 ? 1 : 0;
            }
            set_boolean(out, ins.op == Op::less ? c < 0 : ins.op == Op::less_equal ? c <= 0 : ins.op == Op::greater ? c > 0 : c >= 0);
            break;
        }
        case Op::in:
        case Op::not_in: {
            const Cell &x = at(0), &list = at(1);
            if (!x.valid || !list.valid) break;
            const bool found = ins.set >= 0 ? in_set(d, ins.set, item_kind(ins.kind), x) : holds(list, x, item_kind(ins.kind), items);
            set_boolean(out, ins.op == Op::in ? found : !found);
            break;
        }
        case Op::list: {
            const auto begin = static_cast<std::uint32_t>(items.size());
            for (std::uint32_t k = 0; k < ins.arg_count; ++k) items.push_back(at(k));
            out.first = begin;
            out.count = ins.arg_count;
            out.valid = true;
            break;
        }
        case Op::index: {
            const Cell& key = at(1);
            if (!ins.table || !key.valid) break;
            if (ins.kind == Kind::number) {
                const auto* first = d.numeric_keys.data() + ins.numeric_keys;
                const auto* last = first + ins.numeric_key_count;
                const auto* it = std::lower_bound(first, last, key.num, [](const auto& e, double x) { return e.first < x; });
                if (it != last && it->first == key.num) set_number(out, it->second);
                break;
            }
            if (const double* v = ins.table->find(key.text)) set_number(out, *v);
            break;
        }
        case Op::call: {
            if (ins.function == Function::coalesce) {
                std::uint32_t k = 0;
                while (k + 1 < ins.arg_count && !at(k).valid) ++k;
                copy_value(out, at(k), ins.result);
                break;
            }
            bool all_valid = true;
            for (std::uint32_t k = 0; k < ins.arg_count; ++k) all_valid = all_valid && at(k).valid;
            if (!all_valid) break;  // calls on null give null
            switch (ins.function) {
                case Function::min:
                case Function::max: {
                    std::uint32_t best = 0;
                    for (std::uint32_t k = 1; k < ins.arg_count; ++k) {
                        const Cell &x = at(k), &y = at(best);
                        const int c = ins.kind == Kind::number ? (x.num < y.num ? -1 : x.num > y.num ? 1 : 0)
                                                               : (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
                        if (ins.function == Function::min ? c < 0 : c > 0) best = k;
                    }
                    copy_value(out, at(best), ins.result);
                    break;
                }
                case Function::abs: set_number(out, std::fabs(at(0).num)); break;
                case Function::floor: set_number(out, std::floor(at(0).num)); break;
                case Function::ceil: set_number(out, std::ceil(at(0).num)); break;
                case Function::round:
                    set_number(out, round_half_away(at(0).num, ins.arg_count == 2 ? static_cast<int>(at(1).num) : 0));
                    break;
                case Function::clamp: set_number(out, std::min(std::max(at(0).num, at(1).num), at(2).num)); break;
                case Function::days_between: set_number(out, static_cast<double>(at(1).code - at(0).code)); break;
                case Function::months_between:
                case Function::years_between: {
                    const CivilDate from = civil_from_date(Date{at(0).code});
                    const CivilDate to = ins.constant_end ? ins.end : civil_from_date(Date{at(1).code});
                    const bool years = ins.function == Function::years_between;
                    set_number(out, static_cast<double>(years ? civil_years_between(from, to) : civil_months_between(from, to)));
                    break;
                }
                case Function::count: set_number(out, static_cast<double>(at(0).count)); break;
                case Function::first:
                    if (at(0).count > 0) copy_value(out, items[at(0).first], ins.result);
                    break;
                case Function::contains:
                    set_boolean(out, ins.set >= 0 ? in_set(d, ins.set, item_kind(ins.kind), at(1)) : holds(at(0), at(1), item_kind(ins.kind), items));
                    break;
                case Function::any_in: {
                    const Cell &a = at(0), &b = at(1);
                    bool found = false;
                    for (std::uint32_t k = 0; k < a.count && !found; ++k) {
                        const Cell& x = items[a.first + k];
                        found = x.valid && holds(b, x, item_kind(ins.kind), items);
                    }
                    set_boolean(out, found);
                    break;
                }
                default: break;
            }
            break;
        }
        case Op::logical_and:  // compiled to codes of their own (code_of)
        case Op::logical_or:
        case Op::add:
        case Op::subtract:
        case Op::multiply:
        case Op::divide:
        case Op::coalesce:
        case Op::is_null:
        case Op::is_not_null:
        case Op::literal:
        case Op::identifier: break;
    }
}

const Cell& RowProgram::run(std::size_t id, RowState& state) const {
    const Data& d = *data_;
    const Data::Program& program = d.programs[id];
    Cell* const cells = state.cells.data();
    const Instruction* const code = d.code.data();
    const Instruction* const end = code + program.end;
    for (const Instruction* next = code + program.first; next < end; ++next) {
        const Instruction& ins = *next;
        Cell& out = cell_at(cells, ins.out_at);  // a cell of its own: no operand is written
        const Cell& a = cell_at(cells, ins.a_at);
        const Cell& b = cell_at(cells, ins.b_at);
        // Numbers compare as the reference interpreter compares them (c = -1, 0 or 1 from < and
        // >): `<=` is "not >", `>=` "not <".
        switch (ins.code) {
            case Code::and_test:
            case Code::or_test:
                out.valid = false;
                if (a.valid && (a.code != 0) == (ins.code == Code::or_test)) {
                    set_boolean(out, a.code != 0);
                    next = code + ins.skip_to - 1;  // the loop's ++next lands on skip_to
                }
                break;
            case Code::and_both:
                out.valid = false;
                if ((a.valid && !a.code) || (b.valid && !b.code)) set_boolean(out, false);
                else if (a.valid && b.valid) set_boolean(out, true);
                break;
            case Code::or_both:
                out.valid = false;
                if ((a.valid && a.code) || (b.valid && b.code)) set_boolean(out, true);
                else if (a.valid && b.valid) set_boolean(out, false);
                break;
            case Code::less_number: out.code = a.num < b.num; out.valid = a.valid && b.valid; break;
            case Code::less_equal_number: out.code = !(a.num > b.num); out.valid = a.valid && b.valid; break;
            case Code::greater_number: out.code = a.num > b.num; out.valid = a.valid && b.valid; break;
            case Code::greater_equal_number: out.code = !(a.num < b.num); out.valid = a.valid && b.valid; break;
            case Code::equal_number: out.code = a.num == b.num; out.valid = a.valid && b.valid; break;
            case Code::not_equal_number: out.code = !(a.num == b.num); out.valid = a.valid && b.valid; break;
            case Code::less_code: out.code = a.code < b.code; out.valid = a.valid && b.valid; break;
            case Code::less_equal_code: out.code = a.code <= b.code; out.valid = a.valid && b.valid; break;
            case Code::greater_code: out.code = a.code > b.code; out.valid = a.valid && b.valid; break;
            case Code::greater_equal_code: out.code = a.code >= b.code; out.valid = a.valid && b.valid; break;
            case Code::equal_code: out.code = a.code == b.code; out.valid = a.valid && b.valid; break;
            case Code::not_equal_code: out.code = a.code != b.code; out.valid = a.valid && b.valid; break;
            case Code::equal_text: out.valid = a.valid && b.valid; out.code = a.valid && b.valid && same_text(a.text, b.text); break;
            case Code::not_equal_text: out.valid = a.valid && b.valid; out.code = a.valid && b.valid && !same_text(a.text, b.text); break;
            case Code::add: out.num = a.num + b.num; out.valid = a.valid && b.valid; break;
            case Code::subtract: out.num = a.num - b.num; out.valid = a.valid && b.valid; break;
            case Code::multiply: out.num = a.num * b.num; out.valid = a.valid && b.valid; break;
            case Code::divide:
                out.valid = a.valid && b.valid && b.num != 0;  // null, not infinite, for a division by zero
                if (out.valid) out.num = a.num / b.num;
                break;
            case Code::coalesce: copy_value(out, a.valid ? a : b, ins.result); break;
            case Code::is_null: set_boolean(out, !a.valid); break;
            case Code::is_not_null: set_boolean(out, a.valid); break;
            case Code::contains_text:
                out.valid = a.valid && b.valid;
                if (a.valid && b.valid) out.code = holds(a, b, Kind::text, state.items);
                break;
            case Code::general: run_general(ins, cells, state.items); break;
        }
    }
    return cells[program.result];
}

std::int32_t RowProgram::only_reads(std::size_t id) const {
    const Data::Program& program = data_->programs[id];
    return program.first == program.end ? static_cast<std::int32_t>(program.result) : -1;
}

RowState& thread_state(const RowProgram& program) {
    thread_local RowState per_thread;  // each thread evaluates with its own cells
    program.prepare(per_thread);
    return per_thread;
}

namespace {

// A value that is no list into `out`; false for a list.
bool write_scalar(const Value& value, Cell& out) {
    out.valid = !value.is_null();
    if (!out.valid) return true;
    if (const bool* b = value.as_bool()) out.code = *b ? 1 : 0;
    else if (const double* n = value.as_number()) out.num = *n;
    else if (const Date* d = value.as_date()) out.code = d->days;
    else if (const std::string* s = value.as_string()) out.text = *s;
    else if (value.as_list()) return false;
    else out.valid = false;
    return true;
}

}  // namespace

void write_cell(const Value& value, Cell& out, std::vector<Cell>& items) {
    if (write_scalar(value, out)) return;
    const List& list = *value.as_list();
    out.first = static_cast<std::uint32_t>(items.size());
    out.count = static_cast<std::uint32_t>(list.size());
    for (const Value& item : list)
        if (!write_scalar(item, items.emplace_back())) items.back().valid = false;  // lists hold no lists
}

Cell cell_of(const Value& value, std::vector<Cell>& items) {
    Cell c;
    write_cell(value, c, items);
    return c;
}

Value value_of(const Cell& cell, const Type& type, const std::vector<Cell>& items) {
    if (!cell.valid) return Value();
    switch (type.kind) {
        case TypeKind::boolean: return Value(cell.code != 0);
        case TypeKind::integer:
        case TypeKind::number: return Value(cell.num);
        case TypeKind::date: return Value(Date{cell.code});
        case TypeKind::string:
        case TypeKind::enumeration: return Value(std::string(cell.text));
        case TypeKind::list: {
            List out;
            const Type element = Type::of(type.element == TypeKind::enumeration ? TypeKind::string : type.element);
            for (std::uint32_t k = 0; k < cell.count; ++k) out.push_back(value_of(items[cell.first + k], element, items));
            return Value(std::move(out));
        }
        default: return Value();
    }
}

}  // namespace cotation
