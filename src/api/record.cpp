// api: Record and RecordBuilder, a row built field by field and checked as it is built.
#include <algorithm>
#include <cmath>

#include "api/access.hpp"
#include "core/source.hpp"
#include "core/value_check.hpp"
#include "io/jsonl_columns.hpp"

namespace cotation {

namespace internal {

std::int32_t RecordShape::field(std::string_view name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<std::int32_t>(it - names.begin());
}

std::shared_ptr<const RecordShape> shape_of(const std::shared_ptr<const CompiledPolicy>& policy, std::int32_t record) {
    auto shape = std::make_shared<RecordShape>();
    shape->policy = policy;
    shape->record = record;
    for (const FieldSpec& f : shape->checked().fields) shape->names.push_back(f.name);
    return shape;
}

Record RecordAccess::make(std::shared_ptr<const RecordShape> shape, std::vector<Value> values) {
    Record r;
    r.shape_ = std::move(shape);
    r.values_ = std::move(values);
    return r;
}

Error unknown_field(const RecordShape& shape, std::string_view name) {
    const std::string hint = did_you_mean(std::string(name), shape.names);
    return Error{"E0701", "'" + std::string(name) + "' is not a field of '" + shape.checked().name + "'" + (hint.empty() ? "" : "; " + hint)};
}

Error join(const std::vector<Error>& mistakes) {
    Error all = mistakes.front();
    for (std::size_t i = 1; i < mistakes.size(); ++i) all.message += "; " + mistakes[i].message;
    return all;
}

Result<Record> record_from_json(const std::shared_ptr<const RecordShape>& shape, std::string_view json) {
    const CheckedRecord& record = shape->checked();
    // Read as JSON Lines reads a line, with enumerations read as strings: their values are checked
    // next, so that a value outside them is E0703 as for set().
    std::vector<FieldSpec> loose = record.fields;
    for (FieldSpec& f : loose) {
        if (f.type.kind == TypeKind::enumeration) f.type = Type::of(TypeKind::string);
        if (f.type.kind == TypeKind::list && f.type.element == TypeKind::enumeration) f.type = Type::list_of(TypeKind::string);
    }
    std::vector<std::string> ignored;
    std::vector<Value> values;
    RejectedRow rejected;
    if (!io::read_jsonl_line(json, loose, ignored, values, rejected)) {
        if (rejected.field.empty()) return Error{"E0704", rejected.reason};
        return Error{"E0702", "field '" + rejected.field + "': " + rejected.reason};
    }
    std::vector<Error> mistakes;
    for (const std::string& key : ignored) mistakes.push_back(unknown_field(*shape, key));
    for (std::size_t f = 0; f < values.size(); ++f)
        if (auto problem = check_field_value(record.fields[f].name, record.fields[f].type, values[f]))
            mistakes.push_back(Error{problem->code, problem->message});
    if (!mistakes.empty()) return join(mistakes);
    return RecordAccess::make(shape, std::move(values));
}

}  // namespace internal

const Value* Record::get(std::string_view field) const {
    if (!shape_) return nullptr;
    const std::int32_t f = shape_->field(field);
    return f < 0 ? nullptr : &values_[static_cast<std::size_t>(f)];
}

const std::string& Record::record_name() const {
    static const std::string none;
    return shape_ ? shape_->checked().name : none;
}

RecordBuilder::RecordBuilder(std::shared_ptr<const internal::RecordShape> shape) : shape_(std::move(shape)) {
    values_.resize(shape_->names.size());
}

RecordBuilder& RecordBuilder::set(std::string_view field, const Value& value) {
    const std::int32_t f = shape_->field(field);
    if (f < 0) {
        mistakes_.push_back(internal::unknown_field(*shape_, field));
        return *this;
    }
    const FieldSpec& spec = shape_->checked().fields[static_cast<std::size_t>(f)];
    if (auto problem = check_field_value(spec.name, spec.type, value)) {
        mistakes_.push_back(Error{problem->code, problem->message});
        return *this;
    }
    values_[static_cast<std::size_t>(f)] = value;
    return *this;
}

RecordBuilder& RecordBuilder::set(std::string_view field, bool value) { return set(field, Value(value)); }
RecordBuilder& RecordBuilder::set(std::string_view field, double value) { return set(field, Value(value)); }
RecordBuilder& RecordBuilder::set(std::string_view field, const char* value) {
    return value ? set(field, Value(std::string(value))) : set(field, std::nullopt);
}
RecordBuilder& RecordBuilder::set(std::string_view field, std::string_view value) { return set(field, Value(std::string(value))); }
RecordBuilder& RecordBuilder::set(std::string_view field, Date value) { return set(field, Value(value)); }
RecordBuilder& RecordBuilder::set(std::string_view field, std::nullopt_t) { return set(field, Value()); }

RecordBuilder& RecordBuilder::set(std::string_view field, const std::vector<std::string>& values) {
    List items;
    items.reserve(values.size());
    for (const std::string& v : values) items.emplace_back(v);
    return set(field, Value(std::move(items)));
}

RecordBuilder& RecordBuilder::set(std::string_view field, const std::vector<double>& values) {
    List items;
    items.reserve(values.size());
    for (const double v : values) items.emplace_back(v);
    return set(field, Value(std::move(items)));
}

RecordBuilder& RecordBuilder::set_integer(std::string_view field, long double value) {
    // An integer beyond 2^53 is not held exactly by a double: refused rather than rounded.
    if (std::fabs(value) > 9007199254740992.0L) {
        if (shape_->field(field) < 0) mistakes_.push_back(internal::unknown_field(*shape_, field));
        else mistakes_.push_back(Error{"E0702", "field '" + std::string(field) + "': whole number too large (more than 2^53)"});
        return *this;
    }
    return set(field, Value(static_cast<double>(value)));
}

RecordBuilder& RecordBuilder::set_list(std::string_view field, List items, bool exact) {
    if (!exact) {
        if (shape_->field(field) < 0) mistakes_.push_back(internal::unknown_field(*shape_, field));
        else mistakes_.push_back(Error{"E0702", "field '" + std::string(field) + "': whole number too large (more than 2^53)"});
        return *this;
    }
    return set(field, Value(std::move(items)));
}

Result<Record> RecordBuilder::build() const {
    if (!mistakes_.empty()) return internal::join(mistakes_);
    return internal::RecordAccess::make(shape_, values_);
}

}  // namespace cotation
