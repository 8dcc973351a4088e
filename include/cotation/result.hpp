// Errors as values: a Result<T> holds a T or an Error{code, message}. Nothing in the public API
// throws for a user's mistake; value() on a Result that holds an error is a programming mistake
// and throws BadResultAccess (like std::optional::value()).
#pragma once

#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace cotation {

struct Error {
    std::string code;     // stable: E0701... (docs/diagnostics.md)
    std::string message;  // one line, for a person; names the field or parameter at fault
};

class BadResultAccess : public std::logic_error {
public:
    explicit BadResultAccess(const Error& error)
        : std::logic_error("value() of a Result holding error " + error.code + ": " + error.message) {}
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return check(), *std::get_if<0>(&state_); }
    const T& value() const& { return check(), *std::get_if<0>(&state_); }
    T&& value() && { return check(), std::move(*std::get_if<0>(&state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    // The error; an empty Error (no code) when the result holds a value.
    const Error& error() const noexcept {
        static const Error none{};
        const Error* e = std::get_if<1>(&state_);
        return e ? *e : none;
    }

private:
    void check() const {
        if (!ok()) throw BadResultAccess(*std::get_if<1>(&state_));
    }
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}

    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    const Error& error() const noexcept { return error_; }

private:
    Error error_;
    bool failed_ = false;
};

}  // namespace cotation
