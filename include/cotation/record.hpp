// One row of a policy's record (a demand, an allocation), built field by field, each value checked
// against the field's declared type: the input of Scorer, Population and QuotaTracker.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/result.hpp"
#include "cotation/value.hpp"

namespace cotation {

namespace internal {
struct RecordShape;
struct RecordAccess;
}  // namespace internal

// A checked row: a value (or null) for each field of its record. Immutable; cheap to copy.
class Record {
public:
    // The value of a field (null when it was never set); nullptr when the record has no such field.
    const Value* get(std::string_view field) const;
    // "demand", "allocation"...
    const std::string& record_name() const;

private:
    friend struct internal::RecordAccess;
    std::shared_ptr<const internal::RecordShape> shape_;
    std::vector<Value> values_;  // one per field, in the record's order
};

// Builds a Record by field name. Every set() is checked against the field's declared type; the
// mistakes are kept and build() reports them all: E0701 an unknown field (with "did you mean"),
// E0702 a value of the wrong type, E0703 a string that is not a value of the field's enumeration.
// Fields never set are null; setting a field again replaces its value.
class RecordBuilder {
public:
    RecordBuilder& set(std::string_view field, bool value);
    template <std::integral Integer>
        requires(!std::same_as<Integer, bool>)
    RecordBuilder& set(std::string_view field, Integer value) {
        return set_integer(field, static_cast<long double>(value));
    }
    RecordBuilder& set(std::string_view field, double value);  // a float too; a whole number fits an int field
    RecordBuilder& set(std::string_view field, const char* value);
    RecordBuilder& set(std::string_view field, std::string_view value);
    RecordBuilder& set(std::string_view field, const std::string& value) { return set(field, std::string_view(value)); }
    RecordBuilder& set(std::string_view field, Date value);
    RecordBuilder& set(std::string_view field, const std::vector<std::string>& values);
    template <std::integral Integer>
        requires(!std::same_as<Integer, bool>)
    RecordBuilder& set(std::string_view field, const std::vector<Integer>& values) {
        List items;
        items.reserve(values.size());
        for (const Integer v : values) items.emplace_back(static_cast<double>(v));
        return set_list(field, std::move(items), exact_integers(values));
    }
    RecordBuilder& set(std::string_view field, const std::vector<double>& values);
    RecordBuilder& set(std::string_view field, const Value& value);
    RecordBuilder& set(std::string_view field, std::nullopt_t);
    template <typename T>
    RecordBuilder& set(std::string_view field, const std::optional<T>& value) {
        if (!value) return set(field, std::nullopt);
        return set(field, *value);
    }

    // The record, or every mistake of the set() calls in one message with the code of the first.
    Result<Record> build() const;

    explicit RecordBuilder(std::shared_ptr<const internal::RecordShape> shape);

private:
    RecordBuilder& set_integer(std::string_view field, long double value);
    RecordBuilder& set_list(std::string_view field, List items, bool exact);
    template <typename Integer>
    static bool exact_integers(const std::vector<Integer>& values) {
        for (const Integer v : values)
            if (static_cast<long double>(v) > 9007199254740992.0L || static_cast<long double>(v) < -9007199254740992.0L) return false;
        return true;
    }

    std::shared_ptr<const internal::RecordShape> shape_;
    std::vector<Value> values_;
    std::vector<Error> mistakes_;
};

}  // namespace cotation
