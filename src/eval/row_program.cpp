#include "eval/row_program.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <string>

#include "check/functions.hpp"
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

Cell number(double v) {
    Cell c;
    c.num = v;
    c.valid = true;
    return c;
}

Cell boolean(bool v) {
    Cell c;
    c.code = v ? 1 : 0;
    c.valid = true;
    return c;
}

Kind item_kind(Kind list) { return list == Kind::list_number ? Kind::number : Kind::text; }

// Two valid scalars of kind `k`, equal as the reference's equal_values finds them.
bool same_scalar(const Cell& a, const Cell& b, Kind k) {
    switch (k) {
        case Kind::number: return a.num == b.num;
        case Kind::code: return a.code == b.code;
        case Kind::text: return a.text == b.text;
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

// The key a table is indexed with, as the reference reads it: a whole number as its shortest text.
std::optional<std::string> table_key(const Cell& key, Kind kind) {
    if (kind == Kind::number) {
        if (key.num != std::floor(key.num)) return std::nullopt;
        return format_number(key.num);
    }
    return std::string(key.text);
}

}  // namespace

struct RowProgram::Instruction {
    Op op = Op::literal;
    Function function = Function::none;
    Kind kind = Kind::none;                 // what the operands are compared or combined as
    std::uint32_t out = 0;                  // the cell it writes
    std::uint32_t arg_first = 0;            // its operands' cells, in Data::args
    std::uint32_t arg_count = 0;
    const std::vector<std::string>* enum_values = nullptr;  // ordering on enumerations: by declared rank
    const Table* table = nullptr;           // index on a constant table
};

struct RowProgram::Data {
    std::size_t slots = 0;
    std::vector<Cell> initial;              // every cell as a state starts: constants set, the rest null
    std::vector<Cell> constant_items;       // the items of constant lists: the first items of every state
    std::deque<Value> kept;                 // what constant texts point into (a deque: never moves)
    std::vector<Instruction> code;
    std::vector<std::uint32_t> args;
    struct Program {
        std::uint32_t first = 0, end = 0;   // its instructions
        std::uint32_t result = 0;           // the cell it ends in
    };
    std::vector<Program> programs;
    std::vector<std::pair<std::uint32_t, std::size_t>> derived;  // slot, program

    std::uint32_t new_cell(Cell initial_value = {}) {
        initial.push_back(initial_value);
        return static_cast<std::uint32_t>(initial.size() - 1);
    }
};

RowProgram::RowProgram(const CheckedRecord& record) : data_(std::make_unique<Data>()) {
    data_->slots = record.slot_count();
    data_->initial.assign(data_->slots, Cell::null());
}
RowProgram::~RowProgram() = default;
RowProgram::RowProgram(RowProgram&&) noexcept = default;
RowProgram& RowProgram::operator=(RowProgram&&) noexcept = default;

std::size_t RowProgram::slot_count() const { return data_->slots; }

namespace {

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
        case Op::not_in: ins.kind = kind_of(e.args[1].type); break;
        case Op::index:
            ins.kind = kind_of(e.args[1].type);
            if (e.args[0].op == Op::literal) ins.table = e.args[0].literal.as_table();
            break;
        case Op::call: ins.kind = e.args.empty() ? Kind::none : kind_of(e.args[0].type); break;
        default: break;
    }
    if (e.op == Op::index && ins.table) d.kept.emplace_back(e.args[0].literal);  // keeps the table alive
    ins.out = d.new_cell();
    d.code.push_back(ins);
    return ins.out;
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
    for (const CheckedDerived& f : derived) data_->derived.emplace_back(static_cast<std::uint32_t>(f.slot), add(f.expr));
}

void RowProgram::prepare(RowState& state) const {
    const Data& d = *data_;
    if (state.prepared_for != this || state.cells.size() != d.initial.size()) {
        state.cells = d.initial;
        state.prepared_for = this;
    }
    state.items.assign(d.constant_items.begin(), d.constant_items.end());
}

void RowProgram::run_derived(RowState& state) const {
    for (const auto& [slot, program] : data_->derived) state.cells[slot] = run(program, state);
}

Cell RowProgram::run(std::size_t id, RowState& state) const {
    const Data& d = *data_;
    const Data::Program& program = d.programs[id];
    std::vector<Cell>& cells = state.cells;
    std::vector<Cell>& items = state.items;
    for (std::uint32_t i = program.first; i < program.end; ++i) {
        const Instruction& ins = d.code[i];
        const std::uint32_t* arg = d.args.data() + ins.arg_first;
        const auto at = [&](std::uint32_t k) -> const Cell& { return cells[arg[k]]; };
        Cell out;
        switch (ins.op) {
            case Op::negate:
                if (at(0).valid) out = number(-at(0).num);
                break;
            case Op::logical_not:
                if (at(0).valid) out = boolean(at(0).code == 0);
                break;
            case Op::logical_and:
            case Op::logical_or: {
                const Cell &a = at(0), &b = at(1);
                const bool ta = a.valid && a.code, fa = a.valid && !a.code, tb = b.valid && b.code, fb = b.valid && !b.code;
                if (ins.op == Op::logical_and) {
                    if (fa || fb) out = boolean(false);
                    else if (ta && tb) out = boolean(true);
                } else {
                    if (ta || tb) out = boolean(true);
                    else if (fa && fb) out = boolean(false);
                }
                break;
            }
            case Op::add:
            case Op::subtract:
            case Op::multiply:
            case Op::divide: {
                const Cell &a = at(0), &b = at(1);
                if (!a.valid || !b.valid) break;
                switch (ins.op) {
                    case Op::add: out = number(a.num + b.num); break;
                    case Op::subtract: out = number(a.num - b.num); break;
                    case Op::multiply: out = number(a.num * b.num); break;
                    default:
                        if (b.num != 0) out = number(a.num / b.num);
                        break;
                }
                break;
            }
            case Op::coalesce: out = at(0).valid ? at(0) : at(1); break;
            case Op::conditional: out = at(0).valid && at(0).code ? at(1) : at(2); break;
            case Op::is_null: out = boolean(!at(0).valid); break;
            case Op::is_not_null: out = boolean(at(0).valid); break;
            case Op::equal:
            case Op::not_equal: {
                const Cell &a = at(0), &b = at(1);
                if (!a.valid || !b.valid) break;
                const bool same = same_value(a, b, ins.kind, items);
                out = boolean(ins.op == Op::equal ? same : !same);
                break;
            }
            case Op::less:
            case Op::less_equal:
            case Op::greater:
            case Op::greater_equal: {
                const Cell &a = at(0), &b = at(1);
                if (!a.valid || !b.valid) break;
                int c = 0;
                if (ins.kind == Kind::number) c = a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
                else if (ins.kind == Kind::code) c = a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
                else if (ins.enum_values) {
                    const int ra = enum_rank(*ins.enum_values, a.text), rb = enum_rank(*ins.enum_values, b.text);
                    c = ra < rb ? -1 : ra > rb ? 1 : 0;
                } else {
                    const int t = a.text.compare(b.text);
                    c = t < 0 ? -1 : t > 0 ? 1 : 0;
                }
                out = boolean(ins.op == Op::less ? c < 0 : ins.op == Op::less_equal ? c <= 0 : ins.op == Op::greater ? c > 0 : c >= 0);
                break;
            }
            case Op::in:
            case Op::not_in: {
                const Cell &x = at(0), &list = at(1);
                if (!x.valid || !list.valid) break;
                const bool found = holds(list, x, item_kind(ins.kind), items);
                out = boolean(ins.op == Op::in ? found : !found);
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
                const std::optional<std::string> k = table_key(key, ins.kind);
                if (!k) break;
                if (const double* v = ins.table->find(*k)) out = number(*v);
                break;
            }
            case Op::call: {
                if (ins.function == Function::coalesce) {
                    std::uint32_t k = 0;
                    while (k + 1 < ins.arg_count && !at(k).valid) ++k;
                    out = at(k);
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
                        out = at(best);
                        break;
                    }
                    case Function::abs: out = number(std::fabs(at(0).num)); break;
                    case Function::floor: out = number(std::floor(at(0).num)); break;
                    case Function::ceil: out = number(std::ceil(at(0).num)); break;
                    case Function::round:
                        out = number(round_half_away(at(0).num, ins.arg_count == 2 ? static_cast<int>(at(1).num) : 0));
                        break;
                    case Function::clamp: out = number(std::min(std::max(at(0).num, at(1).num), at(2).num)); break;
                    case Function::days_between: out = number(static_cast<double>(at(1).code - at(0).code)); break;
                    case Function::months_between:
                        out = number(static_cast<double>(months_between(Date{at(0).code}, Date{at(1).code})));
                        break;
                    case Function::years_between:
                        out = number(static_cast<double>(years_between(Date{at(0).code}, Date{at(1).code})));
                        break;
                    case Function::count: out = number(static_cast<double>(at(0).count)); break;
                    case Function::first:
                        if (at(0).count > 0) out = items[at(0).first];
                        break;
                    case Function::contains: out = boolean(holds(at(0), at(1), item_kind(ins.kind), items)); break;
                    case Function::any_in: {
                        const Cell &a = at(0), &b = at(1);
                        bool found = false;
                        for (std::uint32_t k = 0; k < a.count && !found; ++k) {
                            const Cell& x = items[a.first + k];
                            found = x.valid && holds(b, x, item_kind(ins.kind), items);
                        }
                        out = boolean(found);
                        break;
                    }
                    default: break;
                }
                break;
            }
            case Op::literal:
            case Op::identifier: break;
        }
        cells[ins.out] = out;
    }
    return cells[program.result];
}

Cell cell_of(const Value& value, std::vector<Cell>& items) {
    Cell c;
    if (value.is_null()) return c;
    c.valid = true;
    if (const bool* b = value.as_bool()) c.code = *b ? 1 : 0;
    else if (const double* n = value.as_number()) c.num = *n;
    else if (const Date* d = value.as_date()) c.code = d->days;
    else if (const std::string* s = value.as_string()) c.text = *s;
    else if (const List* l = value.as_list()) {
        std::vector<Cell> list_items;
        list_items.reserve(l->size());
        for (const Value& item : *l) list_items.push_back(cell_of(item, items));  // items of items do not exist
        c.first = static_cast<std::uint32_t>(items.size());
        c.count = static_cast<std::uint32_t>(list_items.size());
        items.insert(items.end(), list_items.begin(), list_items.end());
    } else c.valid = false;
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
