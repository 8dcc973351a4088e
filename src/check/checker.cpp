// check: every name resolved, every expression typed, every context rule enforced; all problems
// reported in one run.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "check/compiled.hpp"
#include "core/text.hpp"
#include "check/functions.hpp"
#include "check/priorities.hpp"
#include "core/value_check.hpp"

namespace cotation {

std::int32_t CheckedRecord::slot_of(const std::string& name) const {
    auto it = std::find(slot_names.begin(), slot_names.end(), name);
    return it == slot_names.end() ? -1 : static_cast<std::int32_t>(it - slot_names.begin());
}

std::int32_t CompiledPolicy::record_index(const std::string& name) const {
    for (std::size_t i = 0; i < records.size(); ++i)
        if (records[i].name == name) return static_cast<std::int32_t>(i);
    return -1;
}

std::string CompiledPolicy::field_label(const std::string& record, const std::string& field) const {
    for (const RecordDecl& r : doc.records) {
        if (r.name.text != record) continue;
        for (const FieldDecl& f : r.fields)
            if (f.name.text == field) return f.label.empty() ? field : f.label;
    }
    return field;
}

std::int32_t CompiledPolicy::parameter_index(const std::string& name) const {
    for (std::size_t i = 0; i < parameters.size(); ++i)
        if (parameters[i].name == name) return static_cast<std::int32_t>(i);
    return -1;
}

namespace {

// "an int", "a date": the type with its article, for messages.
std::string a_type(const Type& t) {
    const std::string name = type_name(t);
    return (name[0] == 'e' || name[0] == 'i' ? "an " : "a ") + name;
}

bool is_kind(const Type& t, TypeKind k) { return t.kind == k; }
bool is_error(const Type& t) { return t.kind == TypeKind::error; }
bool is_null_type(const Type& t) { return t.kind == TypeKind::null; }
bool is_scalar(const Type& t) { return t.kind != TypeKind::list && t.kind != TypeKind::table; }
bool textual(const Type& t) { return t.kind == TypeKind::string || t.kind == TypeKind::enumeration; }

// The common type of two branches or operands; nullopt when they do not mix.
std::optional<Type> join(const Type& a, const Type& b) {
    if (is_error(a) || is_error(b)) return Type::of(TypeKind::error);
    if (is_null_type(a)) return b;
    if (is_null_type(b)) return a;
    if (a.is_numeric() && b.is_numeric())
        return Type::of(a.kind == TypeKind::number || b.kind == TypeKind::number ? TypeKind::number : TypeKind::integer);
    if (textual(a) && textual(b)) {
        if (a.kind == TypeKind::enumeration && b.kind == TypeKind::enumeration && a == b) return a;
        return Type::of(TypeKind::string);
    }
    if (a.kind == TypeKind::list && b.kind == TypeKind::list) {
        if (a.element == b.element) return a;
        const bool num_a = a.element == TypeKind::integer || a.element == TypeKind::number;
        const bool num_b = b.element == TypeKind::integer || b.element == TypeKind::number;
        if (num_a && num_b) return Type::list_of(TypeKind::number);
        if ((a.element == TypeKind::string || a.element == TypeKind::enumeration) &&
            (b.element == TypeKind::string || b.element == TypeKind::enumeration))
            return Type::list_of(TypeKind::string);
        return std::nullopt;
    }
    if (a.kind == b.kind && a.kind != TypeKind::table) return a;
    return std::nullopt;
}

std::vector<std::string> function_names() {
    return functions() | ranges::views::transform([](const FunctionInfo& f) { return std::string(f.name); }) | ranges::to<std::vector<std::string>>();
}

// What an expression may name, in one context.
struct Scope {
    const CheckedRecord* record = nullptr;
    const CheckedRecord* offer = nullptr;   // only inside `matching`
    std::string where;                      // "a criterion's `when`", for messages
};

class Checker {
public:
    Checker(CompiledPolicy& policy, std::vector<Diagnostic>& diagnostics) : p_(policy), diagnostics_(diagnostics) {}

    void run(PolicyDoc& doc);

private:
    CompiledPolicy& p_;
    std::vector<Diagnostic>& diagnostics_;
    std::vector<bool> parameter_used_;
    const ExprText* text_ = nullptr;  // the expression being checked, for places
    // Derived fields being typed, to type a derived field that another one uses first.
    std::function<void(const std::string&)> on_derived_reference_;

    Diagnostic& error(const char* code, Loc loc, std::string message, std::string hint = {}) {
        diagnostics_.push_back(p_.sources.make(Severity::error, code, loc, std::move(message), std::move(hint)));
        return diagnostics_.back();
    }
    Diagnostic& error_at(const char* code, const Expr& e, std::string message, std::string hint = {}) {
        return error(code, text_->span_loc(e.span.begin, e.span.end), std::move(message), std::move(hint));
    }

    std::optional<Expr> parse(const ExprText& text);
    Type infer(Expr& e, const Scope& scope);
    Type infer_call(Expr& e, const Scope& scope);
    void check_enum_literal(const Type& enum_type, const Expr& literal);
    void check_comparable(Expr& e, const Type& a, const Type& b);
    std::optional<Expr> typed(const ExprText& text, const Scope& scope, const char* context, TypeKind want);

    void check_records(PolicyDoc& doc);
    void check_tags(const RecordDecl& decl);
    void check_priorities(const CriterionDecl& criterion);
    void warn_about_tags(const PolicyDoc& doc);
    void check_derived(RecordDecl& decl, CheckedRecord& record);
    void check_parameters(PolicyDoc& doc);
    void check_grids(PolicyDoc& doc);
    void check_flags_and_ranking(PolicyDoc& doc);
    void check_quotas(PolicyDoc& doc);
    void check_matching(PolicyDoc& doc);
    std::vector<SortKey> sort_keys(const std::vector<OrderKey>& keys, const CheckedRecord& record);
    std::int32_t field_slot(const Name& name, const CheckedRecord& record, const std::string& what);
    std::vector<std::string> visible_names(const Scope& scope) const;
};

std::optional<Expr> Checker::parse(const ExprText& text) {
    ParseResult r = parse_expression(text.text);
    for (const ParseError& pe : r.errors) error(pe.code.c_str(), text.span_loc(pe.span.begin, pe.span.end), pe.message, pe.hint);
    if (!r.ok()) return std::nullopt;
    return std::move(r.expr);
}

std::vector<std::string> Checker::visible_names(const Scope& scope) const {
    std::vector<std::string> names;
    if (scope.record) names = scope.record->slot_names;
    for (const auto& prm : p_.parameters) names.push_back(prm.name);
    names.push_back("as_of");
    if (scope.offer)
        for (const auto& f : scope.offer->slot_names) names.push_back("offer." + f);
    return names;
}

void Checker::check_enum_literal(const Type& enum_type, const Expr& literal) {
    if (enum_type.kind != TypeKind::enumeration || literal.op != Op::literal || !enum_type.enum_values) return;
    const std::string* s = literal.literal.as_string();
    if (!s) return;
    const auto& values = *enum_type.enum_values;
    if (std::find(values.begin(), values.end(), *s) != values.end()) return;
    std::string hint = did_you_mean(*s, values);
    std::string allowed = "the values are ";
    allowed += join_texts(values, ", ");
    error_at("E0403", literal, "\"" + *s + "\" is not a value of " + type_name(enum_type) + (hint.empty() ? "" : "; " + hint),
             hint.empty() ? allowed : hint);
}

void Checker::check_comparable(Expr& e, const Type& a, const Type& b) {
    // Enumerations compared with string literals: the literal must be one of the values.
    if (a.kind == TypeKind::enumeration) check_enum_literal(a, e.args[1]);
    if (b.kind == TypeKind::enumeration) check_enum_literal(b, e.args[0]);
}

Type Checker::infer(Expr& e, const Scope& scope) {
    if (text_) e.loc = text_->span_loc(e.span.begin, e.span.end);
    auto mismatch = [&](const std::string& what, const Type& a, const Type& b) {
        error_at("E0401", e, what + ": " + type_name(a) + " and " + type_name(b));
        return Type::of(TypeKind::error);
    };
    Type result = Type::of(TypeKind::error);
    switch (e.op) {
        case Op::literal:
            result = e.type.kind == TypeKind::error ? Type::of(TypeKind::null) : e.type;
            break;
        case Op::identifier: {
            if (e.name == "as_of") {
                e.ref = RefKind::as_of;
                result = Type::of(TypeKind::date);
                break;
            }
            if (const auto dot = e.name.find('.'); dot != std::string::npos) {
                const std::string prefix = e.name.substr(0, dot), field = e.name.substr(dot + 1);
                if (prefix != "offer" || !scope.offer) {
                    error_at("E0308", e, prefix == "offer" ? "`offer." + field + "` can only be used in `matching`"
                                                           : "unknown name '" + e.name + "'",
                             prefix == "offer" ? "" : "only `offer.x` names a field of another record");
                    break;
                }
                const std::int32_t slot = scope.offer->slot_of(field);
                if (slot < 0) {
                    std::string hint = did_you_mean(field, scope.offer->slot_names);
                    error_at("E0308", e, "the offer record has no field '" + field + "'" + (hint.empty() ? "" : "; " + hint), hint);
                    break;
                }
                e.ref = RefKind::offer_field;
                e.slot = slot;
                result = scope.offer->slot_types[static_cast<std::size_t>(slot)];
                break;
            }
            if (scope.record) {
                const std::int32_t slot = scope.record->slot_of(e.name);
                if (slot >= 0) {
                    const bool derived = static_cast<std::size_t>(slot) >= scope.record->fields.size();
                    e.ref = derived ? RefKind::derived : RefKind::field;
                    e.slot = slot;
                    if (derived && on_derived_reference_) on_derived_reference_(e.name);
                    result = scope.record->slot_types[static_cast<std::size_t>(slot)];
                    break;
                }
            }
            if (const std::int32_t index = p_.parameter_index(e.name); index >= 0) {
                e.ref = RefKind::parameter;
                e.slot = index;
                parameter_used_[static_cast<std::size_t>(index)] = true;
                result = p_.parameters[static_cast<std::size_t>(index)].type;
                break;
            }
            std::string hint = did_you_mean(e.name, visible_names(scope));
            std::string what = scope.record ? "unknown field '" + e.name + "'" : "unknown name '" + e.name + "'";
            error_at("E0301", e, what + (hint.empty() ? "" : "; " + hint),
                     hint.empty() ? (scope.record ? "not a field of '" + scope.record->name + "', a derived field or a parameter" : "") : hint);
            break;
        }
        case Op::list: {
            Type element = Type::of(TypeKind::null);
            bool failed = false;
            for (Expr& item : e.args) {
                Type t = infer(item, scope);
                if (is_error(t)) { failed = true; continue; }
                if (!is_scalar(t) || t.kind == TypeKind::boolean || t.kind == TypeKind::date) {
                    error_at("E0401", item, "a list holds strings or numbers, not " + type_name(t));
                    failed = true;
                    continue;
                }
                auto j = join(element, t);
                if (!j) {
                    error_at("E0401", item, "a list mixes " + type_name(element) + " and " + type_name(t));
                    failed = true;
                    continue;
                }
                element = *j;
            }
            if (failed) break;
            TypeKind k = element.kind == TypeKind::null ? TypeKind::null : element.kind;
            if (k == TypeKind::enumeration) k = TypeKind::string;
            result = Type::list_of(k);
            break;
        }
        case Op::call:
            result = infer_call(e, scope);
            break;
        case Op::index: {
            Type table = infer(e.args[0], scope);
            Type key = infer(e.args[1], scope);
            if (is_error(table) || is_error(key)) break;
            if (table.kind != TypeKind::table) {
                error_at("E0408", e.args[0], "only a table parameter can be indexed with [ ], not " + type_name(table));
                break;
            }
            const bool key_ok = is_null_type(key) || (table.element == TypeKind::integer ? key.is_numeric() : textual(key));
            if (!key_ok) {
                error_at("E0401", e.args[1], "this table's keys are " + std::string(table.element == TypeKind::integer ? "whole numbers" : "strings") +
                                                 ", not " + type_name(key));
                break;
            }
            result = Type::of(TypeKind::number);
            break;
        }
        case Op::negate: {
            Type t = infer(e.args[0], scope);
            if (is_error(t)) break;
            if (!t.is_numeric() && !is_null_type(t)) {
                error_at("E0401", e, "`-` takes a number, not " + type_name(t));
                break;
            }
            result = is_null_type(t) ? Type::of(TypeKind::number) : t;
            break;
        }
        case Op::logical_not: {
            Type t = infer(e.args[0], scope);
            if (is_error(t)) break;
            if (!is_kind(t, TypeKind::boolean) && !is_null_type(t)) {
                error_at("E0401", e, "`not` takes a bool, not " + type_name(t));
                break;
            }
            result = Type::of(TypeKind::boolean);
            break;
        }
        case Op::logical_and:
        case Op::logical_or: {
            Type a = infer(e.args[0], scope), b = infer(e.args[1], scope);
            if (is_error(a) || is_error(b)) break;
            bool ok = true;
            for (std::size_t i = 0; i < 2; ++i) {
                const Type& t = i == 0 ? a : b;
                if (!is_kind(t, TypeKind::boolean) && !is_null_type(t)) {
                    error_at("E0401", e.args[i], std::string("`") + std::string(op_symbol(e.op)) + "` takes bools, not " + type_name(t));
                    ok = false;
                }
            }
            if (ok) result = Type::of(TypeKind::boolean);
            break;
        }
        case Op::add:
        case Op::subtract:
        case Op::multiply:
        case Op::divide: {
            Type a = infer(e.args[0], scope), b = infer(e.args[1], scope);
            if (is_error(a) || is_error(b)) break;
            const bool ok_a = a.is_numeric() || is_null_type(a), ok_b = b.is_numeric() || is_null_type(b);
            if (!ok_a || !ok_b) {
                std::string hint;
                if (a.kind == TypeKind::date || b.kind == TypeKind::date) hint = "use days_between, months_between or years_between for dates";
                result = mismatch(std::string("`") + std::string(op_symbol(e.op)) + "` takes numbers", a, b);
                if (!hint.empty()) diagnostics_.back().hint = hint;
                break;
            }
            if (e.op == Op::divide) result = Type::of(TypeKind::number);
            else result = *join(is_null_type(a) ? Type::of(TypeKind::integer) : a, is_null_type(b) ? Type::of(TypeKind::integer) : b);
            break;
        }
        case Op::coalesce: {
            Type a = infer(e.args[0], scope), b = infer(e.args[1], scope);
            if (is_error(a) || is_error(b)) break;
            auto j = join(a, b);
            if (!j) { result = mismatch("`??` mixes types", a, b); break; }
            if (a.kind == TypeKind::enumeration) check_enum_literal(a, e.args[1]);
            result = *j;
            break;
        }
        case Op::equal:
        case Op::not_equal:
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal: {
            Type a = infer(e.args[0], scope), b = infer(e.args[1], scope);
            if (is_error(a) || is_error(b)) break;
            auto j = join(a, b);
            if (!j || j->kind == TypeKind::table) {
                result = mismatch("cannot compare", a, b);
                break;
            }
            const bool ordering = e.op != Op::equal && e.op != Op::not_equal;
            if (ordering && (j->kind == TypeKind::boolean || j->kind == TypeKind::list)) {
                error_at("E0401", e, "`" + std::string(op_symbol(e.op)) + "` does not order " + type_name(*j) + " values");
                break;
            }
            if (ordering && textual(a) && textual(b) && a.kind != b.kind) {
                // An enumeration orders by its declared values; a string literal must be one of them.
            }
            check_comparable(e, a, b);
            result = Type::of(TypeKind::boolean);
            break;
        }
        case Op::in:
        case Op::not_in: {
            Type a = infer(e.args[0], scope), b = infer(e.args[1], scope);
            if (is_error(a) || is_error(b)) break;
            if (b.kind != TypeKind::list) {
                error_at("E0404", e.args[1], "`" + std::string(op_symbol(e.op)) + "` takes a list on its right, not " + type_name(b),
                         "a list literal [\"A\", \"B\"], a list field or a list parameter");
                break;
            }
            if (!is_scalar(a)) {
                error_at("E0401", e.args[0], "the left of `in` is a single value, not " + type_name(a), "use any_in(list, list)");
                break;
            }
            const Type element = b.element == TypeKind::null ? Type::of(TypeKind::null)
                                 : b.element == TypeKind::enumeration ? Type{TypeKind::enumeration, TypeKind::error, b.enum_values}
                                                                      : Type::of(b.element);
            if (!join(a, element)) {
                result = mismatch("`in` compares", a, b);
                break;
            }
            if (a.kind == TypeKind::enumeration && e.args[1].op == Op::list)
                for (const Expr& item : e.args[1].args) check_enum_literal(a, item);
            result = Type::of(TypeKind::boolean);
            break;
        }
        case Op::is_null:
        case Op::is_not_null:
            if (!is_error(infer(e.args[0], scope))) result = Type::of(TypeKind::boolean);
            break;
        case Op::conditional: {
            Type c = infer(e.args[0], scope), a = infer(e.args[1], scope), b = infer(e.args[2], scope);
            if (is_error(c) || is_error(a) || is_error(b)) break;
            if (!is_kind(c, TypeKind::boolean) && !is_null_type(c)) {
                error_at("E0401", e.args[0], "the condition of `if` is a bool, not " + type_name(c));
                break;
            }
            auto j = join(a, b);
            if (!j) { result = mismatch("the branches of `if` differ", a, b); break; }
            if (a.kind == TypeKind::enumeration) check_enum_literal(a, e.args[2]);
            if (b.kind == TypeKind::enumeration) check_enum_literal(b, e.args[1]);
            result = *j;
            break;
        }
    }
    e.type = result;
    return result;
}

Type Checker::infer_call(Expr& e, const Scope& scope) {
    const std::string& f = e.name;
    const FunctionInfo* info = find_function(f);
    if (!info) {
        for (Expr& a : e.args) infer(a, scope);
        const std::vector<std::string> names = function_names();
        std::string hint = did_you_mean(f, names);
        const std::string all = "functions: " + join_texts(names, ", ");
        error("E0302", text_->span_loc(e.span.begin, e.span.begin + static_cast<std::uint32_t>(f.size())),
              "unknown function '" + f + "'" + (hint.empty() ? "" : "; " + hint), hint.empty() ? all : hint);
        return Type::of(TypeKind::error);
    }
    e.function = info->id;
    const std::size_t n = e.args.size();
    const std::size_t lo = info->min_args, hi = info->max_args == FunctionInfo::any_count ? SIZE_MAX : info->max_args;
    const auto arity_ok = [&] {
        if (n >= lo && n <= hi) return true;
        std::string expected = lo == hi ? std::to_string(lo) : hi == SIZE_MAX ? "at least " + std::to_string(lo)
                                                                               : std::to_string(lo) + " or " + std::to_string(hi);
        error_at("E0402", e, f + " takes " + expected + " argument" + (lo == 1 && (hi == 1 || hi == SIZE_MAX) ? "" : "s") + ", not " + std::to_string(n));
        return false;
    };
    if (info->id == Function::date) {
        if (!arity_ok()) return Type::of(TypeKind::error);
        const Expr& a = e.args[0];
        const std::string* s = a.op == Op::literal ? a.literal.as_string() : nullptr;
        auto d = s ? parse_iso_date(*s) : std::nullopt;
        if (!d) {
            error_at("E0407", a, s ? "'" + *s + "' is not a valid date" : "date() takes a constant string",
                     "write date(\"2025-01-01\")");
            return Type::of(TypeKind::error);
        }
        // Folded now: a date literal.
        Expr folded;
        folded.op = Op::literal;
        folded.span = e.span;
        folded.literal = Value(*d);
        folded.type = Type::of(TypeKind::date);
        folded.loc = e.loc;
        e = std::move(folded);
        return e.type;
    }
    std::vector<Type> t;
    bool failed = false;
    for (Expr& a : e.args) {
        t.push_back(infer(a, scope));
        failed = failed || is_error(t.back());
    }
    if (!arity_ok() || failed) return Type::of(TypeKind::error);
    auto want = [&](std::size_t i, auto predicate, const char* what) {
        if (is_error(t[i]) || is_null_type(t[i]) || predicate(t[i])) return true;
        error_at("E0401", e.args[i], "argument " + std::to_string(i + 1) + " of " + f + " must be " + what + ", not " + type_name(t[i]));
        return false;
    };
    const auto numeric = [](const Type& x) { return x.is_numeric(); };
    const auto date = [](const Type& x) { return x.kind == TypeKind::date; };
    const auto list = [](const Type& x) { return x.kind == TypeKind::list; };
    const auto element_of = [](const Type& l) {
        if (l.element == TypeKind::enumeration) return Type{TypeKind::enumeration, TypeKind::error, l.enum_values};
        return Type::of(l.element == TypeKind::error ? TypeKind::null : l.element);
    };
    const Type error_type = Type::of(TypeKind::error);
    switch (info->id) {
        case Function::min:
        case Function::max:
        case Function::clamp:
        case Function::coalesce: {
            Type joined = Type::of(TypeKind::null);
            for (std::size_t i = 0; i < n; ++i) {
                auto j = join(joined, t[i]);
                if (!j) {
                    error_at("E0401", e.args[i], "the arguments of " + f + " mix " + type_name(joined) + " and " + type_name(t[i]));
                    return error_type;
                }
                joined = *j;
            }
            const bool coalesce = info->id == Function::coalesce;
            if (!coalesce && !joined.is_numeric() && joined.kind != TypeKind::date && !is_null_type(joined)) {
                error_at("E0401", e, f + " takes numbers or dates, not " + type_name(joined));
                return error_type;
            }
            if (coalesce && joined.kind == TypeKind::enumeration)
                for (const Expr& a : e.args) check_enum_literal(joined, a);
            return joined;
        }
        case Function::abs:
            if (!want(0, numeric, "a number")) return error_type;
            return is_null_type(t[0]) ? Type::of(TypeKind::number) : t[0];
        case Function::floor:
        case Function::ceil:
            if (!want(0, numeric, "a number")) return error_type;
            return Type::of(TypeKind::integer);
        case Function::round:
            if (!want(0, numeric, "a number")) return error_type;
            if (n == 2 && !want(1, [](const Type& x) { return x.kind == TypeKind::integer; }, "a whole number of digits"))
                return error_type;
            return Type::of(n == 1 ? TypeKind::integer : TypeKind::number);
        case Function::days_between:
        case Function::months_between:
        case Function::years_between:
            if (!want(0, date, "a date") || !want(1, date, "a date")) return error_type;
            return Type::of(TypeKind::integer);
        case Function::age:
            if (!want(0, date, "a date")) return error_type;
            return Type::of(TypeKind::integer);
        case Function::count:
            if (!want(0, list, "a list")) return error_type;
            return Type::of(TypeKind::integer);
        case Function::first:
            if (!want(0, list, "a list")) return error_type;
            return is_null_type(t[0]) ? Type::of(TypeKind::null) : element_of(t[0]);
        case Function::contains:
            if (!want(0, list, "a list")) return error_type;
            if (!is_null_type(t[0]) && !join(element_of(t[0]), t[1])) {
                error_at("E0401", e.args[1], "contains looks for " + type_name(element_of(t[0])) + " in this list, not " + type_name(t[1]));
                return error_type;
            }
            return Type::of(TypeKind::boolean);
        case Function::any_in:
            if (!want(0, list, "a list") || !want(1, list, "a list")) return error_type;
            if (!is_null_type(t[0]) && !is_null_type(t[1]) && !join(t[0], t[1])) {
                error_at("E0401", e, "any_in compares " + type_name(t[0]) + " with " + type_name(t[1]));
                return error_type;
            }
            return Type::of(TypeKind::boolean);
        case Function::date:
        case Function::none: break;
    }
    return error_type;
}

std::optional<Expr> Checker::typed(const ExprText& text, const Scope& scope, const char* context, TypeKind want) {
    auto e = parse(text);
    if (!e) return std::nullopt;
    text_ = &text;
    Type t = infer(*e, scope);
    if (is_error(t)) return std::nullopt;
    const bool ok = want == TypeKind::error || is_null_type(t) ||
                    (want == TypeKind::number ? t.is_numeric() : t.kind == want);
    if (!ok) {
        error("E0405", text.span_loc(0, static_cast<std::uint32_t>(text.text.size())),
              std::string(context) + " must be " + (want == TypeKind::number ? "a number" : "a bool") + ", not " + type_name(t),
              want == TypeKind::boolean ? "write a condition, e.g. `household_size >= 4`" : "");
        return std::nullopt;
    }
    return e;
}

std::int32_t Checker::field_slot(const Name& name, const CheckedRecord& record, const std::string& what) {
    const std::int32_t slot = record.slot_of(name.text);
    if (slot < 0) {
        std::string hint = did_you_mean(name.text, record.slot_names);
        error("E0307", name.loc, what + ": '" + name.text + "' is not a field of '" + record.name + "'" + (hint.empty() ? "" : "; " + hint), hint);
    }
    return slot;
}

void Checker::check_records(PolicyDoc& doc) {
    for (RecordDecl& decl : doc.records) {
        CheckedRecord r;
        r.name = decl.name.text;
        std::map<std::string, Loc> seen;
        auto declare = [&](const Name& n, const Type& type) {
            if (n.text == "as_of") {
                error("E0305", n.loc, "`as_of` is reserved: it is the evaluation date");
                return false;
            }
            auto [it, fresh] = seen.emplace(n.text, n.loc);
            if (!fresh) {
                Diagnostic& d = error("E0303", n.loc, "'" + n.text + "' is defined twice in record '" + r.name + "'");
                d.notes.push_back(p_.sources.make(Severity::note, "E0303", it->second, "first defined here"));
                return false;
            }
            r.slot_names.push_back(n.text);
            r.slot_types.push_back(type);
            return true;
        };
        std::vector<FieldDecl> fields;
        for (FieldDecl& f : decl.fields)
            if (declare(f.name, f.type)) { r.fields.push_back(FieldSpec{f.name.text, f.type}); fields.push_back(f); }
        decl.fields = std::move(fields);
        check_tags(decl);
        std::vector<DerivedDecl> derived;
        for (DerivedDecl& d : decl.derived)
            if (declare(d.name, Type::of(TypeKind::error))) derived.push_back(std::move(d));
        decl.derived = std::move(derived);
        if (!decl.key) {
            error("E0103", decl.name.loc, "record '" + r.name + "' lacks the required key 'key'", "name the field that identifies a row, e.g. `key: id`");
        } else {
            r.key_slot = r.slot_of(decl.key->text);
            if (r.key_slot < 0 || static_cast<std::size_t>(r.key_slot) >= r.fields.size()) {
                std::string hint = did_you_mean(decl.key->text, r.slot_names);
                error("E0307", decl.key->loc, "key: '" + decl.key->text + "' is not a field of '" + r.name + "'" + (hint.empty() ? "" : "; " + hint), hint);
                r.key_slot = -1;
            }
        }
        p_.records.push_back(std::move(r));
    }
    p_.demand_record = p_.record_index("demand");
    p_.allocation_record = p_.record_index("allocation");
    p_.offer_record = p_.record_index("offer");
}

// Tags of the long form of fields (section 10.4): `dalo` marks the one bool field of a record that
// says the household is recognised DALO; lint reads it to prove that DALO households come first.
void Checker::check_tags(const RecordDecl& decl) {
    const FieldDecl* dalo_field = nullptr;
    for (const FieldDecl& f : decl.fields) {
        if (!f.dalo) continue;
        if (f.type.kind != TypeKind::boolean) {
            error("E0411", *f.dalo, "dalo: '" + f.name.text + "' is " + a_type(f.type) + "; the DALO field is a bool",
                  "tag the bool field that is true for a household recognised DALO");
            continue;
        }
        if (dalo_field) {
            Diagnostic& d = error("E0411", *f.dalo, "record '" + decl.name.text + "' has two fields tagged dalo: '" +
                                                        dalo_field->name.text + "' and '" + f.name.text + "'",
                                  "one field says whether the household is recognised DALO");
            d.notes.push_back(p_.sources.make(Severity::note, "E0411", *dalo_field->dalo, "the first one"));
            continue;
        }
        dalo_field = &f;
    }
}

// A criterion's `priority` names publics of L441-1 CCH by their codes (check/priorities.hpp).
void Checker::check_priorities(const CriterionDecl& criterion) {
    for (const Name& code : criterion.priority) {
        if (find_priority(code.text)) continue;
        const std::vector<std::string> codes = priority_codes();
        std::string hint = did_you_mean(code.text, codes);
        std::string all;
        for (const std::string& c : codes) all += (all.empty() ? "the codes are " : ", ") + c;
        error("E0309", code.loc, "unknown priority '" + code.text + "'" + (hint.empty() ? "" : "; " + hint), hint.empty() ? all : hint);
    }
}

// Tags that are well formed but say little (warnings, in a policy without errors).
void Checker::warn_about_tags(const PolicyDoc& doc) {
    for (const GridDecl& g : doc.grids)
        for (const RubricDecl& r : g.rubrics)
            for (const CriterionDecl& c : r.criteria)
                for (std::size_t i = 0; i < c.priority.size(); ++i)
                    for (std::size_t j = 0; j < i; ++j)
                        if (c.priority[j].text == c.priority[i].text) {
                            Diagnostic d = p_.sources.make(Severity::warning, "W0502", c.priority[i].loc,
                                                           "criterion '" + c.id.text + "' lists priority '" + c.priority[i].text + "' twice");
                            d.notes.push_back(p_.sources.make(Severity::note, "W0502", c.priority[j].loc, "first listed here"));
                            diagnostics_.push_back(std::move(d));
                            break;
                        }
    for (const ParameterDecl& prm : doc.parameters) {
        if (!prm.yearly || prm.broken) continue;
        const bool dated = std::any_of(prm.versions.begin(), prm.versions.end(), [](const ParameterVersion& v) { return v.since.has_value(); });
        if (!dated)
            diagnostics_.push_back(p_.sources.make(Severity::warning, "W0503", *prm.yearly,
                                                   "parameter '" + prm.name.text + "' is tagged yearly but its value has no date",
                                                   "write the value under the date it takes effect (values: {2025-01-01: ...}), so that "
                                                   "`cotation lint --as-of` can tell when it is due for renewal"));
    }
}

// Types derived fields in dependency order and reports cycles by name, in order.
void Checker::check_derived(RecordDecl& decl, CheckedRecord& record) {
    const std::size_t nf = record.fields.size();
    std::vector<std::optional<Expr>> parsed(decl.derived.size());
    std::vector<int> state(decl.derived.size(), 0);  // 0 new, 1 in progress, 2 done
    std::vector<std::string> path;
    std::set<std::string> reported_cycles;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (state[i] == 2) return;
        if (state[i] == 1) {
            auto start = std::find(path.begin(), path.end(), decl.derived[i].name.text);
            std::string cycle;
            for (auto it = start; it != path.end(); ++it) cycle += *it + " -> ";
            cycle += decl.derived[i].name.text;
            std::vector<std::string> members(start, path.end());
            std::sort(members.begin(), members.end());
            std::string key;
            for (auto& m : members) key += m + ",";
            if (reported_cycles.insert(key).second)
                error("E0304", decl.derived[i].name.loc, "derived fields depend on each other in a cycle: " + cycle,
                      "a derived field can use fields and other derived fields, but not itself");
            return;
        }
        state[i] = 1;
        path.push_back(decl.derived[i].name.text);
        if (!parsed[i]) parsed[i] = parse(decl.derived[i].expr);
        if (parsed[i]) {
            const ExprText* saved = text_;
            text_ = &decl.derived[i].expr;
            auto saved_hook = on_derived_reference_;
            on_derived_reference_ = [&](const std::string& name) {
                for (std::size_t k = 0; k < decl.derived.size(); ++k)
                    if (decl.derived[k].name.text == name) visit(k);
            };
            Scope scope{&record, nullptr, "a derived field"};
            Type t = infer(*parsed[i], scope);
            on_derived_reference_ = saved_hook;
            text_ = saved;
            // A derived field that uses one in a cycle is typed `error`, silently.
            record.slot_types[nf + i] = t;
            if (!is_error(t) && (t.kind == TypeKind::table)) {
                error("E0401", decl.derived[i].expr.loc, "a derived field cannot hold a table");
                record.slot_types[nf + i] = Type::of(TypeKind::error);
            }
        }
        path.pop_back();
        state[i] = 2;
        if (parsed[i] && !is_error(record.slot_types[nf + i]))
            record.derived.push_back(CheckedDerived{decl.derived[i].name.text, std::move(*parsed[i]), static_cast<std::int32_t>(nf + i)});
        else
            record.slot_types[nf + i] = Type::of(TypeKind::error);
    };
    for (std::size_t i = 0; i < decl.derived.size(); ++i) visit(i);
}

void Checker::check_parameters(PolicyDoc& doc) {
    std::map<std::string, Loc> seen;
    for (ParameterDecl& prm : doc.parameters) {
        if (prm.name.text == "as_of") {
            error("E0305", prm.name.loc, "`as_of` is reserved: it is the evaluation date");
            continue;
        }
        auto [it, fresh] = seen.emplace(prm.name.text, prm.name.loc);
        if (!fresh) {
            Diagnostic& d = error("E0105", prm.name.loc, "parameter '" + prm.name.text + "' is defined twice");
            d.notes.push_back(p_.sources.make(Severity::note, "E0105", it->second, "first defined here"));
            continue;
        }
        // A parameter never shares a name with a field or a derived field.
        bool clash = false;
        for (std::size_t r = 0; r < doc.records.size() && !clash; ++r) {
            for (const FieldDecl& f : doc.records[r].fields)
                if (f.name.text == prm.name.text) {
                    Diagnostic& d = error("E0303", prm.name.loc, "parameter '" + prm.name.text + "' has the name of a field of '" + doc.records[r].name.text + "'");
                    d.notes.push_back(p_.sources.make(Severity::note, "E0303", f.name.loc, "the field"));
                    clash = true;
                    break;
                }
            for (const DerivedDecl& f : doc.records[r].derived)
                if (!clash && f.name.text == prm.name.text) {
                    Diagnostic& d = error("E0303", prm.name.loc, "parameter '" + prm.name.text + "' has the name of a derived field of '" + doc.records[r].name.text + "'");
                    d.notes.push_back(p_.sources.make(Severity::note, "E0303", f.name.loc, "the derived field"));
                    clash = true;
                }
        }
        if (clash) continue;
        if (prm.broken) {  // already reported: its uses are typed `error`, silently
            p_.parameters.push_back(CheckedParameter{prm.name.text, prm.label, prm.reference, Type::of(TypeKind::error), {}});
            continue;
        }
        CheckedParameter c{prm.name.text, prm.label, prm.reference, prm.versions.front().type, {}};
        for (auto& v : prm.versions) c.versions.emplace_back(v.since, std::move(v.value));
        p_.parameters.push_back(std::move(c));
    }
    parameter_used_.assign(p_.parameters.size(), false);
}

std::vector<SortKey> Checker::sort_keys(const std::vector<OrderKey>& keys, const CheckedRecord& record) {
    std::vector<SortKey> out;
    for (const OrderKey& k : keys) {
        if (k.name.text == "score") {
            out.push_back(SortKey{true, -1, k.descending, "score"});
            continue;
        }
        const std::string name = k.name.text == "id" && record.key_slot >= 0 ? record.slot_names[static_cast<std::size_t>(record.key_slot)] : k.name.text;
        const std::int32_t slot = field_slot(Name{name, k.name.loc}, record, "order");
        if (slot < 0) continue;
        const Type& t = record.slot_types[static_cast<std::size_t>(slot)];
        if (!is_scalar(t) || t.kind == TypeKind::error) {
            if (!is_error(t)) error("E0409", k.name.loc, "order: '" + name + "' is " + a_type(t) + " and cannot be sorted");
            continue;
        }
        out.push_back(SortKey{false, slot, k.descending, name});
    }
    // The record's key is always the last tie-break, so the order is total.
    if (record.key_slot >= 0 && (out.empty() || out.back().by_score || out.back().slot != record.key_slot))
        out.push_back(SortKey{false, record.key_slot, false, record.slot_names[static_cast<std::size_t>(record.key_slot)]});
    return out;
}

void Checker::check_grids(PolicyDoc& doc) {
    for (GridDecl& g : doc.grids) {
        CheckedGrid grid{g.id.text, g.label, g.reference, p_.record_index(g.record.text), std::nullopt,
                         g.cap ? std::optional(g.cap->value) : std::nullopt, g.floor ? std::optional(g.floor->value) : std::nullopt, {}};
        if (grid.record < 0) {
            std::vector<std::string> names;
            for (auto& r : p_.records) names.push_back(r.name);
            std::string hint = did_you_mean(g.record.text, names);
            error("E0306", g.record.loc, "grid '" + g.id.text + "' scores record '" + g.record.text + "', which is not declared" + (hint.empty() ? "" : "; " + hint),
                  hint.empty() ? "declare it under `records:` or include the schema (include: [../schema/sne.yaml])" : hint);
            continue;
        }
        if (g.cap && g.floor && g.floor->value > g.cap->value)
            error("E0104", g.floor->loc, "grid '" + g.id.text + "': floor " + format_number(g.floor->value) + " is above cap " + format_number(g.cap->value));
        const CheckedRecord& record = p_.records[static_cast<std::size_t>(grid.record)];
        Scope scope{&record, nullptr, "grid"};
        if (g.applies_when) grid.applies_when = typed(*g.applies_when, scope, "applies_when", TypeKind::boolean);
        for (RubricDecl& r : g.rubrics) {
            CheckedRubric rubric{r.id.text, r.label, r.reference, r.combine, r.cap ? std::optional(r.cap->value) : std::nullopt,
                                 r.floor ? std::optional(r.floor->value) : std::nullopt, {}};
            if (r.cap && r.floor && r.floor->value > r.cap->value)
                error("E0104", r.floor->loc, "rubric '" + r.id.text + "': floor " + format_number(r.floor->value) + " is above cap " + format_number(r.cap->value));
            for (CriterionDecl& c : r.criteria) {
                CheckedCriterion criterion{c.id.text, c.label, c.reference, std::nullopt, c.when ? c.when->text : "", Expr{}, {}};
                check_priorities(c);
                bool ok = true;
                if (c.when) {
                    criterion.when = typed(*c.when, scope, "when", TypeKind::boolean);
                    ok = criterion.when.has_value();
                }
                auto points = typed(c.points, scope, "points", TypeKind::number);
                ok = ok && points.has_value();
                for (const Name& req : c.requires_fields) {
                    const std::int32_t slot = field_slot(req, record, "requires");
                    if (slot < 0) { ok = false; continue; }
                    const Type& t = record.slot_types[static_cast<std::size_t>(slot)];
                    if (t.kind != TypeKind::boolean) {
                        if (!is_error(t)) error("E0406", req.loc, "requires: '" + req.text + "' is " + a_type(t) + ", not a bool",
                                                "`requires` names bool fields that must be true, such as a proof");
                        ok = false;
                        continue;
                    }
                    criterion.requires_slots.push_back(slot);
                }
                if (!ok) continue;
                criterion.points = std::move(*points);
                rubric.criteria.push_back(std::move(criterion));
            }
            grid.rubrics.push_back(std::move(rubric));
        }
        p_.grids.push_back(std::move(grid));
    }
}

void Checker::check_flags_and_ranking(PolicyDoc& doc) {
    const bool needs_demand = !doc.flags.empty() || doc.ranking.has_value();
    if (needs_demand && p_.demand_record < 0) {
        const Loc at = !doc.flags.empty() ? doc.flags.front().id.loc : doc.ranking->loc;
        error("E0306", at, "flags and ranking apply to the record 'demand', which is not declared",
              "declare it under `records:` or include the schema");
        return;
    }
    if (p_.demand_record < 0) return;
    const CheckedRecord& demand = p_.records[static_cast<std::size_t>(p_.demand_record)];
    Scope scope{&demand, nullptr, "flag"};
    for (FlagDecl& f : doc.flags) {
        if (auto e = typed(f.when, scope, "a flag's `when`", TypeKind::boolean))
            p_.flags.push_back(CheckedFlag{f.id.text, f.label, f.reference, std::move(*e)});
    }
    if (doc.ranking) {
        for (ExprText& w : doc.ranking->within) {
            auto e = parse(w);
            if (!e) continue;
            text_ = &w;
            Type t = infer(*e, scope);
            if (is_error(t)) continue;
            if (!is_scalar(t)) {
                error("E0410", w.loc, "a `within` expression gives one value per demand, not " + a_type(t),
                      t.kind == TypeKind::list ? "use first(...) to group by the first item of a list" : "");
                continue;
            }
            p_.ranking.within.push_back(std::move(*e));
            p_.ranking.within_text.push_back(w.text);
        }
    }
    if (doc.ranking && doc.ranking->has_order) p_.ranking.order = sort_keys(doc.ranking->order, demand);
    else p_.ranking.order = sort_keys({OrderKey{Name{"score", {}}, true, {}}}, demand);
}

void Checker::check_quotas(PolicyDoc& doc) {
    for (QuotaDecl& q : doc.quotas) {
        CheckedQuota quota{q.id.text, q.label, q.reference, p_.record_index(q.record.text), -1, std::nullopt, Expr{}, q.target, {}, {}};
        if (quota.record < 0) {
            std::vector<std::string> names;
            for (auto& r : p_.records) names.push_back(r.name);
            std::string hint = did_you_mean(q.record.text, names);
            error("E0306", q.record.loc, "quota '" + q.id.text + "' counts record '" + q.record.text + "', which is not declared" + (hint.empty() ? "" : "; " + hint),
                  hint.empty() ? "declare it under `records:` or include the schema" : hint);
            continue;
        }
        const CheckedRecord& record = p_.records[static_cast<std::size_t>(quota.record)];
        bool ok = true;
        if (q.period_default && record.slot_of(q.period_field.text) < 0) {
            error("E0307", q.period_field.loc, "period_field: the default 'lease_signed_on' is not a field of '" + record.name + "'",
                  "name the " + record.name + "'s date field with `period_field:`");
            ok = false;
        } else {
            quota.period_slot = field_slot(q.period_field, record, "period_field");
        }
        if (quota.period_slot >= 0 && record.slot_types[static_cast<std::size_t>(quota.period_slot)].kind != TypeKind::date) {
            error("E0409", q.period_field.loc, "period_field: '" + q.period_field.text + "' is " +
                                                   a_type(record.slot_types[static_cast<std::size_t>(quota.period_slot)]) + ", not a date");
            ok = false;
        }
        ok = ok && quota.period_slot >= 0;
        Scope scope{&record, nullptr, "quota"};
        if (q.scope) {
            quota.scope = typed(*q.scope, scope, "scope", TypeKind::boolean);
            ok = ok && quota.scope.has_value();
        }
        auto meets = typed(q.meets, scope, "meets", TypeKind::boolean);
        ok = ok && meets.has_value();
        for (const Name& b : q.by) {
            const std::int32_t slot = field_slot(b, record, "by");
            if (slot < 0) { ok = false; continue; }
            const Type& t = record.slot_types[static_cast<std::size_t>(slot)];
            if (!is_scalar(t)) {
                error("E0409", b.loc, "by: '" + b.text + "' is " + a_type(t) + "; groups are made of single values");
                ok = false;
                continue;
            }
            quota.by_slots.push_back(slot);
        }
        for (OverrideDecl& o : q.overrides) {
            CheckedOverride checked{{}, o.target};
            for (std::size_t w = 0; w < o.where.size(); ++w) {
                const Name& name = o.where[w].first;
                const Value& value = o.where[w].second;
                const Loc value_loc = w < o.value_locs.size() ? o.value_locs[w] : name.loc;
                if (std::find_if(q.by.begin(), q.by.end(), [&](const Name& b) { return b.text == name.text; }) == q.by.end()) {
                    std::vector<std::string> by_names;
                    for (auto& b : q.by) by_names.push_back(b.text);
                    std::string hint = did_you_mean(name.text, by_names);
                    error("E0307", name.loc, "where: '" + name.text + "' is not one of the quota's `by` fields" + (hint.empty() ? "" : "; " + hint),
                          hint.empty() ? "an override picks groups by the values of the `by` fields" : hint);
                    ok = false;
                    continue;
                }
                const std::int32_t slot = record.slot_of(name.text);
                const Type& t = record.slot_types[static_cast<std::size_t>(slot)];
                Value typed_value;
                const std::string* text = value.as_string();
                if (text) {
                    switch (t.kind) {
                        case TypeKind::boolean:
                            if (*text == "true") typed_value = Value(true);
                            else if (*text == "false") typed_value = Value(false);
                            break;
                        case TypeKind::integer:
                        case TypeKind::number: {
                            char* end = nullptr;
                            const double d = std::strtod(text->c_str(), &end);
                            if (end && *end == '\0' && !text->empty()) typed_value = Value(d);
                            break;
                        }
                        case TypeKind::date:
                            if (auto d = parse_iso_date(*text)) typed_value = Value(*d);
                            break;
                        default:
                            typed_value = Value(*text);
                    }
                    if (typed_value.is_null()) {
                        error("E0401", value_loc, "where: '" + *text + "' is not " + a_type(t) + " value for '" + name.text + "'");
                        ok = false;
                        continue;
                    }
                    if (t.kind == TypeKind::enumeration && t.enum_values &&
                        std::find(t.enum_values->begin(), t.enum_values->end(), *text) == t.enum_values->end()) {
                        std::string hint = did_you_mean(*text, *t.enum_values);
                        if (hint.empty()) {
                            hint = "the values are ";
                            hint += join_texts(*t.enum_values, ", ");
                        }
                        error("E0403", value_loc, "where: \"" + *text + "\" is not a value of " + type_name(t), hint);
                        ok = false;
                        continue;
                    }
                }
                checked.where.emplace_back(slot, typed_value);
            }
            quota.overrides.push_back(std::move(checked));
        }
        if (!ok || !q.target_ok) continue;
        quota.meets = std::move(*meets);
        p_.quotas.push_back(std::move(quota));
    }
}

void Checker::check_matching(PolicyDoc& doc) {
    if (!doc.matching) return;
    if (p_.demand_record < 0 || p_.offer_record < 0) {
        error("E0306", doc.matching->loc, "matching needs the records 'demand' and 'offer'", "declare them under `records:` or include the schema");
        return;
    }
    const CheckedRecord& demand = p_.records[static_cast<std::size_t>(p_.demand_record)];
    const CheckedRecord& offer = p_.records[static_cast<std::size_t>(p_.offer_record)];
    Scope scope{&demand, &offer, "matching"};
    CheckedMatching m;
    for (EligibilityDecl& c : doc.matching->eligible_when)
        if (auto e = typed(c.when, scope, "an eligibility condition", TypeKind::boolean))
            m.eligible_when.push_back(CheckedCondition{c.id.text, c.label, std::move(*e)});
    m.order = doc.matching->has_order ? sort_keys(doc.matching->order, demand) : p_.ranking.order;
    p_.matching = std::move(m);
}

void Checker::run(PolicyDoc& doc) {
    p_.name = doc.name;
    p_.version = doc.version;
    p_.reference = doc.reference;
    check_records(doc);
    check_parameters(doc);
    for (std::size_t i = 0; i < doc.records.size(); ++i) check_derived(doc.records[i], p_.records[i]);
    check_grids(doc);
    check_flags_and_ranking(doc);
    check_quotas(doc);
    check_matching(doc);
    if (has_errors(diagnostics_)) return;
    warn_about_tags(doc);
    for (std::size_t i = 0; i < p_.parameters.size(); ++i) {
        if (parameter_used_[i]) continue;
        auto decl = std::find_if(doc.parameters.begin(), doc.parameters.end(), [&](const ParameterDecl& d) { return d.name.text == p_.parameters[i].name; });
        diagnostics_.push_back(p_.sources.make(Severity::warning, "W0501", decl->name.loc,
                                               "parameter '" + p_.parameters[i].name + "' is never used"));
    }
}

}  // namespace

CompiledPolicy check_policy(PolicyDoc doc, SourceSet sources, std::vector<Diagnostic>& diagnostics) {
    CompiledPolicy policy;
    policy.sources = std::move(sources);
    Checker checker(policy, diagnostics);
    checker.run(doc);
    policy.doc = std::move(doc);
    return policy;
}

}  // namespace cotation

namespace cotation {

std::string table_problem(const DataTable& table, const CheckedRecord& record) {
    if (table.fields.size() != record.fields.size())
        return "the data has " + std::to_string(table.fields.size()) + " columns; the policy's `" + record.name + "` record declares " +
               std::to_string(record.fields.size());
    for (std::size_t i = 0; i < table.fields.size(); ++i)
        if (table.fields[i].name != record.fields[i].name || !(table.fields[i].type == record.fields[i].type))
            return "column " + std::to_string(i + 1) + " of the data is '" + table.fields[i].name + "' (" + type_name(table.fields[i].type) +
                   "); the policy's `" + record.name + "` record declares '" + record.fields[i].name + "' (" + type_name(record.fields[i].type) + ")";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const std::vector<Value>& row = table.rows[r];
        if (row.size() != record.fields.size())
            return "row " + std::to_string(r + 1) + " holds " + std::to_string(row.size()) + " values for " + std::to_string(record.fields.size()) + " fields";
        for (std::size_t f = 0; f < row.size(); ++f)
            if (auto problem = check_field_value(record.fields[f].name, record.fields[f].type, row[f]))
                return "row " + std::to_string(r + 1) + ": " + problem->message + " (" + problem->code + ")";
    }
    return {};
}

}  // namespace cotation
