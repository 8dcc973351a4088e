// Scoring one demand at a time, for systems that embed the engine: a Scorer is the policy planned
// once at a date (parameters resolved, expressions compiled); scoring a record or a caller's own
// struct then costs about a microsecond and looks nothing up by name. A Scorer is immutable: its
// const members are safe from any number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "cotation/policy.hpp"
#include "cotation/record.hpp"
#include "cotation/result.hpp"
#include "cotation/score.hpp"
#include "cotation/value.hpp"

namespace cotation {

namespace internal {
struct ScorerData;
}  // namespace internal

class Scorer;

struct ScorerOptions {
    Date as_of{};                                              // the evaluation date
    std::vector<std::pair<std::string, Value>> overrides{};    // undated parameter replacements, by name
};

enum class Status : std::uint8_t { scored, unscored };

// What one demand is given: as `cotation score --explain` gives it for the same row.
struct Outcome {
    Status status = Status::unscored;
    std::string unscored_reason;       // "no_grid", "missing_key"; empty when scored
    std::string grid;                  // empty when unscored
    double score = 0;
    std::vector<std::string> flags;    // ids of the flags that are true, in file order
    std::vector<CriterionOutcome> criteria;  // every criterion of the grid, in file order
    std::vector<std::pair<std::string, double>> rubric_totals;  // by rubric id, after caps and floors
};

// --- binding a caller's struct to the fields of the demand record (see bind() below) ---

namespace binding {

// What a bound member is, as C++ sees it: checked against the field's type once, by bind().
enum class MemberKind : std::uint8_t { boolean, integer, number, text, date, texts, integers, numbers, value };

// Where bound members write a row; implemented by the library. `slot` is what bind() resolved.
class Sink {
public:
    virtual void null(std::size_t slot) = 0;
    virtual void boolean(std::size_t slot, bool value) = 0;
    virtual void number(std::size_t slot, double value) = 0;
    virtual void text(std::size_t slot, std::string_view value) = 0;
    virtual void date(std::size_t slot, Date value) = 0;
    virtual void begin_list(std::size_t slot) = 0;  // then item_number or item_text for each item, then end_list
    virtual void item_number(double value) = 0;
    virtual void item_text(std::string_view value) = 0;
    virtual void end_list() = 0;
    virtual void value(std::size_t slot, const Value& value) = 0;

protected:
    ~Sink() = default;
};

template <typename M>
struct Member;  // MemberKind of a C++ type, and how it writes itself into a Sink

template <>
struct Member<bool> {
    static constexpr MemberKind kind = MemberKind::boolean;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, bool v) { s.boolean(slot, v); }
};
template <typename M>
    requires(std::is_integral_v<M> && !std::is_same_v<M, bool>)
struct Member<M> {
    static constexpr MemberKind kind = MemberKind::integer;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, M v) { s.number(slot, static_cast<double>(v)); }
};
template <typename M>
    requires std::is_floating_point_v<M>
struct Member<M> {
    static constexpr MemberKind kind = MemberKind::number;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, M v) { s.number(slot, static_cast<double>(v)); }
};
template <>
struct Member<std::string> {
    static constexpr MemberKind kind = MemberKind::text;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, const std::string& v) { s.text(slot, v); }
};
template <>
struct Member<std::string_view> {
    static constexpr MemberKind kind = MemberKind::text;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, std::string_view v) { s.text(slot, v); }
};
template <>
struct Member<const char*> {
    static constexpr MemberKind kind = MemberKind::text;
    static constexpr bool nullable = true;  // a null pointer is null
    static void write(Sink& s, std::size_t slot, const char* v) {
        if (v) s.text(slot, v);
        else s.null(slot);
    }
};
template <>
struct Member<Date> {
    static constexpr MemberKind kind = MemberKind::date;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, Date v) { s.date(slot, v); }
};
template <>
struct Member<Value> {
    static constexpr MemberKind kind = MemberKind::value;
    static constexpr bool nullable = true;
    static void write(Sink& s, std::size_t slot, const Value& v) { s.value(slot, v); }
};
template <>
struct Member<std::vector<std::string>> {
    static constexpr MemberKind kind = MemberKind::texts;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, const std::vector<std::string>& v) {
        s.begin_list(slot);
        for (const std::string& item : v) s.item_text(item);
        s.end_list();
    }
};
template <typename M>
    requires(std::is_arithmetic_v<M> && !std::is_same_v<M, bool>)
struct Member<std::vector<M>> {
    static constexpr MemberKind kind = std::is_integral_v<M> ? MemberKind::integers : MemberKind::numbers;
    static constexpr bool nullable = false;
    static void write(Sink& s, std::size_t slot, const std::vector<M>& v) {
        s.begin_list(slot);
        for (const M item : v) s.item_number(static_cast<double>(item));
        s.end_list();
    }
};
template <typename M>
struct Member<std::optional<M>> {
    static constexpr MemberKind kind = Member<M>::kind;
    static constexpr bool nullable = true;
    static void write(Sink& s, std::size_t slot, const std::optional<M>& v) {
        if (v) Member<M>::write(s, slot, *v);
        else s.null(slot);
    }
};

// A type bind() accepts for a member.
template <typename M>
concept Bindable = requires { Member<M>::kind; };

// A call the library makes without owning it (no allocation): a reference to a callable.
template <typename Signature>
class FunctionRef;
template <typename R, typename... Args>
class FunctionRef<R(Args...)> {
public:
    template <typename F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef>)
    FunctionRef(F&& f) noexcept  // NOLINT: implicit, like std::function
        : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
          call_([](void* o, Args... args) -> R { return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(args)...); }) {}
    R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
    void* object_;
    R (*call_)(void*, Args...);
};

}  // namespace binding

// A member of T bound to a field by name: what field() makes and bind() takes.
template <typename T, typename M>
struct FieldMember {
    std::string_view name;
    M T::*member;
};

template <typename T, typename M>
    requires binding::Bindable<M>
FieldMember<T, M> field(std::string_view name, M T::*member) {
    return {name, member};
}

// A caller's struct T mapped to the fields of a Scorer's demand record, checked once: scoring a T
// then reads its members in place, with no lookup by name. Fields not bound are null.
template <typename T>
class Binding {
public:
    void write(const T& value, binding::Sink& sink) const { write_(value, sink); }
    const void* scorer() const { return scorer_; }

private:
    template <typename U, typename... Ms>
    friend Result<Binding<U>> bind(const Scorer& scorer, FieldMember<U, Ms>... fields);

    // Every bound member written in turn: one call for the struct, each member's write inlined.
    std::function<void(const T&, binding::Sink&)> write_;
    const void* scorer_ = nullptr;  // the scorer the slots belong to
};

class Scorer {
public:
    // E0705: a parameter has no value in force at as_of, or an override names no parameter or does
    // not fit it; E0709: the policy declares no `demand` record.
    static Result<Scorer> create(const Policy& policy, const ScorerOptions& options);

    // A builder for the `demand` record.
    RecordBuilder builder() const;
    // One JSON object with the rules of a JSON Lines row: E0704 when it is not one JSON object;
    // lists are JSON arrays; other mistakes as RecordBuilder::set (E0701-E0703).
    Result<Record> parse_json(std::string_view json) const;

    // Never fails on a Record built for this policy's `demand` record (one of another record is
    // unscored, reason "wrong_record").
    Outcome score(const Record& record) const;
    // E0703 when a string member is not a value of its field's enumeration, E0702 when a number is
    // not whole for an int field; E0709 for a binding made with another scorer.
    template <typename T>
    Result<Outcome> score(const Binding<T>& bound, const T& value) const {
        Outcome out;
        if (Result<void> done = score(bound, value, out); !done) return done.error();
        return out;
    }

    // The same into `into`, whose storage is reused: a system that scores many demands in turn
    // passes the same Outcome each time and allocates nothing once it is warm. On an error `into`
    // is left unscored.
    void score(const Record& record, Outcome& into) const;
    template <typename T>
    Result<void> score(const Binding<T>& bound, const T& value, Outcome& into) const {
        return score_bound(bound.scorer(), [&](binding::Sink& sink) { bound.write(value, sink); }, into);
    }

    const Policy& policy() const;
    Date as_of() const;

    // bind()'s check of one member: the field's slot, or E0701 (no such field, with "did you mean")
    // or E0702 (the member's C++ type cannot hold the field's values).
    Result<std::size_t> bind_slot(std::string_view field, binding::MemberKind kind) const;

    explicit Scorer(std::shared_ptr<const internal::ScorerData> data);
    const internal::ScorerData& data() const { return *data_; }

private:
    Result<void> score_bound(const void* binding_scorer, binding::FunctionRef<void(binding::Sink&)> fill, Outcome& into) const;
    std::shared_ptr<const internal::ScorerData> data_;
};

// Maps T's members to the demand record's fields, by name; every name and member type is checked
// here (E0701, E0702), once.
template <typename T, typename... Ms>
Result<Binding<T>> bind(const Scorer& scorer, FieldMember<T, Ms>... fields) {
    std::array<std::size_t, sizeof...(Ms)> slots{};
    std::vector<Error> mistakes;
    std::size_t next = 0;
    const auto resolve = [&]<typename M>(const FieldMember<T, M>& f) {
        Result<std::size_t> slot = scorer.bind_slot(f.name, binding::Member<std::remove_cv_t<M>>::kind);
        if (slot) slots[next] = slot.value();
        else mistakes.push_back(slot.error());
        ++next;
    };
    (resolve(fields), ...);
    if (!mistakes.empty()) {
        Error all = mistakes.front();
        for (std::size_t i = 1; i < mistakes.size(); ++i) all.message += "; " + mistakes[i].message;
        return all;
    }
    Binding<T> out;
    out.scorer_ = &scorer.data();
    out.write_ = [slots, members = std::make_tuple(fields.member...)](const T& value, binding::Sink& sink) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (binding::Member<std::remove_cv_t<Ms>>::write(sink, slots[I], value.*std::get<I>(members)), ...);
        }(std::index_sequence_for<Ms...>{});
    };
    return out;
}

}  // namespace cotation
