// evaluate (fast path): batch programs built from planned expressions (constants, sets of
// constant lists, tables of elapsed time, shared subexpressions) and run node by node; each
// family of operators is in a file of its own (see batch_node.hpp).
#include "eval/batch.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "eval/batch_node.hpp"

namespace cotation {

using namespace batch;

namespace batch {

// A column of `n` rows all holding `value` (null fills every array, so any consumer can read it).
void fill_constant(Column& c, const Value& value, const Type& type, StringPool& pool, std::size_t n) {
    c.clear();
    c.valid.assign(n, value.is_null() ? 0 : 1);
    c.num.assign(n, 0);
    c.code.assign(n, 0);
    c.offsets.assign(n + 1, 0);
    if (value.is_null()) return;
    if (const bool* b = value.as_bool()) std::fill(c.code.begin(), c.code.end(), *b ? 1 : 0);
    else if (const double* d = value.as_number()) std::fill(c.num.begin(), c.num.end(), *d);
    else if (const Date* t = value.as_date()) std::fill(c.code.begin(), c.code.end(), t->days);
    else if (const std::string* s = value.as_string()) std::fill(c.code.begin(), c.code.end(), pool.intern(*s));
    else if (const List* l = value.as_list()) {
        const bool numeric = type.kind == TypeKind::list && is_numeric_kind(type.element);
        bool any_null = false;
        for (std::size_t r = 0; r < n; ++r) {
            c.offsets[r] = static_cast<std::uint32_t>(numeric ? c.item_num.size() : c.item_code.size());
            for (const Value& item : *l) {
                if (item.is_null()) any_null = true;
                if (numeric) c.item_num.push_back(item.as_number() ? *item.as_number() : 0);
                else c.item_code.push_back(item.as_string() ? pool.intern(*item.as_string()) : 0);
            }
        }
        c.offsets[n] = static_cast<std::uint32_t>(numeric ? c.item_num.size() : c.item_code.size());
        if (any_null) {
            for (std::size_t r = 0; r < n; ++r)
                for (const Value& item : *l) c.item_valid.push_back(item.is_null() ? 0 : 1);
        }
    }
}

}  // namespace batch

namespace {

struct Builder {
    StringPool& pool;
    std::size_t capacity;
    std::unordered_map<std::string, std::shared_ptr<BatchExpr::Node>>* shared = nullptr;  // the cache's nodes
};

}  // namespace

View BatchExpr::Node::eval(const BatchInput& in, StringPool& pool) {
    if (constant) return view_of(out, 0);
    const std::size_t n = in.rows;
    if (op == Op::identifier) {
        if (ref == RefKind::field || ref == RefKind::derived) return (*in.slots)[static_cast<std::size_t>(slot)];
        throw std::logic_error("batch programs read the record's own fields only (plan the expression first)");
    }
    if (in.epoch != 0 && epoch == in.epoch) return view_of(out, 0);  // shared, and already computed for these rows
    epoch = in.epoch;
    arg_views.resize(args.size());
    for (std::size_t k = 0; k < args.size(); ++k) arg_views[k] = args[k]->eval(in, pool);
    prepare(out, repr, n);
    if (type.kind == TypeKind::null) {  // always null, read by consumers of any type: every array exists
        out.num.assign(n, 0);
        out.code.assign(n, 0);
        out.offsets.assign(n + 1, 0);
    }
    double* num = out.num.data();
    std::int32_t* code = out.code.data();
    std::uint8_t* valid = out.valid.data();
    const View* a = arg_views.data();
    // The arguments' views as locals: the compiler then knows that writing the output (bytes, which
    // may alias anything) leaves their pointers unchanged, and keeps them in registers.
    const View x0 = args.size() > 0 ? a[0] : View{}, x1 = args.size() > 1 ? a[1] : View{}, x2 = args.size() > 2 ? a[2] : View{};
    switch (op) {
        case Op::negate:
        case Op::logical_not:
        case Op::logical_and:
        case Op::logical_or:
        case Op::add:
        case Op::subtract:
        case Op::multiply:
        case Op::divide:
        case Op::coalesce:
        case Op::conditional:
        case Op::is_null:
        case Op::is_not_null: eval_scalar(n, a, x0, x1, x2, num, code, valid, pool); break;
        case Op::equal:
        case Op::not_equal:
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal:
        case Op::in:
        case Op::not_in: eval_compare(n, a, x0, x1, x2, num, code, valid, pool); break;
        case Op::list:
        case Op::index:
        case Op::call: eval_call(n, a, x0, x1, x2, num, code, valid, pool); break;
        case Op::literal:
        case Op::identifier: break;
    }
    return view_of(out, 0);
}

namespace {

// A constant's kind and value, unambiguous: each item of a list on its own, a table by identity.
std::string literal_key(const Value& v) {
    std::string key = std::to_string(v.data.index()) + ':';
    if (const List* items = v.as_list()) {
        key += '[';
        for (const Value& item : *items) key += literal_key(item) + ',';
        return key + ']';
    }
    if (const Table* table = v.as_table()) return key + std::to_string(reinterpret_cast<std::uintptr_t>(table));
    const std::string text = format_value(v);
    return key + std::to_string(text.size()) + ':' + text;
}

// What makes two subexpressions the same computation: operation, names, slots, types, literals.
std::string structure_of(const Expr& e) {
    std::string key = std::to_string(static_cast<int>(e.op)) + ':' + e.name + ':' + std::to_string(static_cast<int>(e.function)) + ':' + std::to_string(static_cast<int>(e.ref)) + ':' +
                      std::to_string(e.slot) + ':' + type_name(e.type);
    if (e.op == Op::literal) key += ':' + literal_key(e.literal);
    key += '(';
    for (const Expr& a : e.args) key += structure_of(a) + ',';
    return key + ')';
}

std::shared_ptr<BatchExpr::Node> build_node(const Expr& e, const Builder& b);

std::shared_ptr<BatchExpr::Node> build(const Expr& e, const Builder& b) {
    if (!b.shared) return build_node(e, b);
    std::string key = structure_of(e);
    if (auto it = b.shared->find(key); it != b.shared->end()) return it->second;
    auto node = build_node(e, b);
    b.shared->emplace(std::move(key), node);
    return node;
}

std::shared_ptr<BatchExpr::Node> build_node(const Expr& e, const Builder& b) {
    auto node = std::make_shared<BatchExpr::Node>();
    node->op = e.op;
    node->type = e.type;
    node->repr = repr_of(e.type);
    node->function = e.function;
    node->ref = e.ref;
    node->slot = e.slot;
    for (const Expr& a : e.args) node->args.push_back(build(a, b));
    if (e.op == Op::literal) {
        if (e.literal.as_table()) node->table = std::get<std::shared_ptr<const Table>>(e.literal.data);
        else fill_constant(node->out, e.literal, e.type, b.pool, b.capacity);
        node->constant = true;
        return node;
    }
    if (e.op == Op::identifier) {
        if (e.ref != RefKind::field && e.ref != RefKind::derived)
            throw std::logic_error("batch programs read the record's own fields only (plan the expression first)");
        return node;
    }
    if (e.op == Op::call && e.function == Function::age) throw std::logic_error("batch programs run planned expressions: age is planned away");
    if (e.op == Op::index) {
        node->table = node->args[0]->table;
        if (node->table) {
            for (const auto& [key, value] : node->table->entries) {
                char* end = nullptr;
                const double k = std::strtod(key.c_str(), &end);
                if (end && *end == '\0' && !key.empty()) node->numeric_keys.emplace_back(k, value);
                node->code_keys.emplace(b.pool.intern(key), value);
            }
            std::sort(node->numeric_keys.begin(), node->numeric_keys.end());
        }
    }
    if (e.op == Op::less || e.op == Op::less_equal || e.op == Op::greater || e.op == Op::greater_equal) {
        for (const auto& a : node->args)
            if (a->type.kind == TypeKind::enumeration && a->type.enum_values) {
                const std::vector<std::string>& values = *a->type.enum_values;
                const auto unranked = static_cast<std::int32_t>(values.size());
                std::vector<std::int32_t> codes;
                for (const std::string& v : values) codes.push_back(b.pool.intern(v));
                node->enum_ranks.assign(static_cast<std::size_t>(*std::max_element(codes.begin(), codes.end())) + 2, unranked);
                for (std::size_t k = codes.size(); k-- > 0;) node->enum_ranks[static_cast<std::size_t>(codes[k])] = static_cast<std::int32_t>(k);
                break;
            }
    }
    // Membership in a constant that is set: its items once, as a set (see Node::set_probe).
    if (node->args.size() == 2 && node->args[0]->constant != node->args[1]->constant) {
        const std::size_t fixed = node->args[0]->constant ? 0 : 1;
        const BatchExpr::Node& constant = *node->args[fixed];
        const bool is_list = constant.type.kind == TypeKind::list;
        const bool is_call = e.op == Op::call;
        // Which argument is probed, for each form the set serves.
        int probe = -1;
        if ((e.op == Op::in || e.op == Op::not_in) && fixed == 1 && is_list) probe = 0;
        if (is_call && e.function == Function::contains && fixed == 0 && is_list) probe = 1;
        if (is_call && e.function == Function::contains && fixed == 1 && !is_list) probe = 0;
        if (is_call && e.function == Function::any_in && is_list && repr_of(node->args[0]->type) == repr_of(node->args[1]->type))
            probe = static_cast<int>(1 - fixed);
        if (probe >= 0 && !constant.out.valid.empty() && constant.out.valid[0]) {
            const Column& c = constant.out;
            const bool numeric = is_list ? repr_of(constant.type) == Repr::list_num : repr_of(constant.type) == Repr::num;
            const auto add_code = [&](std::int32_t code) {
                const auto at = static_cast<std::size_t>(code);
                if (at >= node->set_codes.size()) node->set_codes.resize(at + 1, 0);
                node->set_codes[at] = 1;
            };
            if (!is_list) {
                if (numeric) node->set_numbers.push_back(c.num[0]);
                else add_code(c.code[0]);
            } else {
                for (std::uint32_t k = c.offsets[0]; k < c.offsets[1]; ++k) {
                    if (!c.item_valid.empty() && !c.item_valid[k]) continue;
                    if (numeric) node->set_numbers.push_back(c.item_num[k]);
                    else add_code(c.item_code[k]);
                }
            }
            node->set_codes.push_back(0);  // every code past the others
            std::sort(node->set_numbers.begin(), node->set_numbers.end());
            node->set_probe = probe;
        }
    }
    if (e.op == Op::call && (e.function == Function::months_between || e.function == Function::years_between)) {
        const BatchExpr::Node& end = *node->args[1];
        if (end.constant && end.out.valid[0]) {  // a constant end: the answers of 1900-2099 in a table
            node->elapsed_end = Date{end.out.code[0]};
            node->elapsed_first = date_from_civil(1900, 1, 1).days;
            const CivilDate to = civil_from_date(node->elapsed_end);
            const bool years = e.function == Function::years_between;
            node->elapsed_table.resize(static_cast<std::size_t>(date_from_civil(2100, 1, 1).days - node->elapsed_first));
            for (std::size_t k = 0; k < node->elapsed_table.size(); ++k)
                node->elapsed_table[k] = static_cast<std::int32_t>(elapsed(civil_from_date(Date{node->elapsed_first + static_cast<std::int32_t>(k)}), to, years));
        }
    }
    return node;
}

}  // namespace

struct BatchCache::Nodes {
    std::unordered_map<std::string, std::shared_ptr<BatchExpr::Node>> by_structure;
};
BatchCache::BatchCache() : nodes_(std::make_unique<Nodes>()) {}
BatchCache::~BatchCache() = default;

BatchExpr::BatchExpr(const Expr& expr, StringPool& pool, std::size_t capacity, BatchCache* cache)
    // The root is the program's own: callers keep its view (a derived field's column) while other
    // programs run over other rows, which would overwrite a shared node's output.
    : root_(build_node(expr, Builder{pool, capacity, cache ? &cache->nodes_->by_structure : nullptr})), pool_(&pool) {}
BatchExpr::~BatchExpr() = default;
BatchExpr::BatchExpr(BatchExpr&&) noexcept = default;
BatchExpr& BatchExpr::operator=(BatchExpr&&) noexcept = default;

View BatchExpr::run(const BatchInput& input) { return root_->eval(input, *pool_); }
const Type& BatchExpr::type() const { return root_->type; }

Value value_at(const View& v, std::size_t row, const Type& type, const StringPool& pool) {
    if (!v.valid[row]) return Value();
    switch (type.kind) {
        case TypeKind::boolean: return Value(v.code[row] != 0);
        case TypeKind::integer:
        case TypeKind::number: return Value(v.num[row]);
        case TypeKind::date: return Value(Date{v.code[row]});
        case TypeKind::string:
        case TypeKind::enumeration: return Value(std::string(pool.text(v.code[row])));
        case TypeKind::list: {
            List items;
            const bool numeric = is_numeric_kind(type.element);
            for (std::uint32_t k = v.offsets[row]; k < v.offsets[row + 1]; ++k) {
                if (!item_ok(v, k)) items.emplace_back();
                else if (numeric) items.emplace_back(v.item_num[k]);
                else items.emplace_back(std::string(pool.text(v.item_code[k])));
            }
            return Value(std::move(items));
        }
        default: return Value();
    }
}

void append_value(Column& c, const Value& value, const Type& type, StringPool& pool) {
    c.valid.push_back(value.is_null() ? 0 : 1);
    switch (repr_of(type)) {
        case Repr::num: c.num.push_back(value.as_number() ? *value.as_number() : 0); break;
        case Repr::code: {
            std::int32_t code = 0;
            if (const bool* b = value.as_bool()) code = *b;
            else if (const Date* d = value.as_date()) code = d->days;
            else if (const std::string* s = value.as_string()) code = pool.intern(*s);
            c.code.push_back(code);
            break;
        }
        case Repr::list_num:
        case Repr::list_code: {
            const bool numeric = repr_of(type) == Repr::list_num;
            if (c.offsets.empty()) c.offsets.push_back(0);
            if (const List* l = value.as_list()) {
                for (const Value& item : *l) {
                    if (numeric) c.item_num.push_back(item.as_number() ? *item.as_number() : 0);
                    else c.item_code.push_back(item.as_string() ? pool.intern(*item.as_string()) : 0);
                }
            }
            c.offsets.push_back(static_cast<std::uint32_t>(numeric ? c.item_num.size() : c.item_code.size()));
            break;
        }
    }
}

}  // namespace cotation
