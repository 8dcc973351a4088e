#include "values.hpp"

#include <datetime.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>

namespace cotation::python {

namespace {

constexpr double max_whole = 9007199254740992.0;  // 2^53: the library refuses larger whole numbers

std::string_view type_name_of(py::handle value) { return Py_TYPE(value.ptr())->tp_name; }

bool is_numpy_scalar(py::handle value) { return type_name_of(value).starts_with("numpy."); }

// numpy's kind letter of a numpy scalar: 'b' bool, 'i'/'u' integers, 'f' floats, 'M' datetimes...
char numpy_kind(py::handle value) { return py::str(value.attr("dtype").attr("kind")).cast<std::string>()[0]; }

// A numpy datetime64 as days since 1970-01-01; nullopt for NaT.
std::optional<Date> numpy_date(py::handle value) {
    const auto days = value.attr("astype")("datetime64[D]").attr("astype")("int64").cast<std::int64_t>();
    if (days == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
    return Date{static_cast<std::int32_t>(days)};
}

// A Python int as a number the library holds exactly; nullopt beyond 2^53 (or beyond long long).
std::optional<double> whole_number(py::handle value) {
    int overflow = 0;
    const long long n = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    if (overflow != 0 || static_cast<double>(n) > max_whole || static_cast<double>(n) < -max_whole) return std::nullopt;
    return static_cast<double>(n);
}

Error too_large(const std::string& field) { return Error{"E0702", "field '" + field + "': whole number too large (more than 2^53)"}; }

Error unusable(const FieldSpec& field, py::handle value) {
    return Error{"E0702", "field '" + field.name + "': expected " + type_name(field.type) + ", not a Python " +
                              std::string(py::str(py::type::handle_of(value).attr("__name__")))};
}

// A scalar converted as `kind` reads it; a value of another kind converted as it is, for the
// builder to name the mistake.
Result<Value> scalar_value(py::handle value, TypeKind kind, const FieldSpec& field) {
    if (is_null(value)) return Value();
    if (PyBool_Check(value.ptr())) return Value(value.ptr() == Py_True);
    if (PyLong_Check(value.ptr())) {
        const auto n = whole_number(value);
        if (!n) return too_large(field.name);
        return Value(*n);
    }
    if (PyFloat_Check(value.ptr())) return Value(PyFloat_AS_DOUBLE(value.ptr()));
    if (PyUnicode_Check(value.ptr())) {
        std::string text = value.cast<std::string>();
        if (kind == TypeKind::date)
            if (const auto d = parse_iso_date(text)) return Value(*d);
        return Value(std::move(text));
    }
    if (PyDate_Check(value.ptr())) return Value(*date_of(value));
    if (is_numpy_scalar(value)) {
        if (numpy_kind(value) == 'M') return Value(*numpy_date(value));
        return scalar_value(value.attr("item")(), kind, field);
    }
    return unusable(field, value);
}

// A `|`-joined cell of a frame, as the CSV reader reads a list cell: an empty text is null.
Result<Value> joined_list(const std::string& text, const FieldSpec& field) {
    if (text.empty()) return Value();
    List items;
    for (std::size_t begin = 0;;) {
        const std::size_t end = std::min(text.find('|', begin), text.size());
        const std::string_view piece = std::string_view(text).substr(begin, end - begin);
        double n = 0;
        const auto [ptr, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), n);
        const bool numeric = field.type.element == TypeKind::integer || field.type.element == TypeKind::number;
        if (numeric && ec == std::errc() && ptr == piece.data() + piece.size()) items.emplace_back(n);
        else items.emplace_back(std::string(piece));
        if (end == text.size()) break;
        begin = end + 1;
    }
    return Value(std::move(items));
}

}  // namespace

void init_values() {
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI) throw py::error_already_set();
}

bool is_null(py::handle value) {
    if (value.is_none()) return true;
    if (PyFloat_Check(value.ptr())) return std::isnan(PyFloat_AS_DOUBLE(value.ptr()));
    if (PyBool_Check(value.ptr()) || PyLong_Check(value.ptr()) || PyUnicode_Check(value.ptr())) return false;
    const std::string_view type = type_name_of(value);
    // pandas' NA and NaT (Cython names their types with or without the module, by version).
    for (const std::string_view missing : {"NAType", "NaTType"})
        if (type == missing || (type.ends_with(missing) && type[type.size() - missing.size() - 1] == '.')) return true;
    if (is_numpy_scalar(value)) {
        const char kind = numpy_kind(value);
        if (kind == 'f') return std::isnan(value.cast<double>());
        if (kind == 'M') return !numpy_date(value).has_value();
    }
    return false;
}

std::optional<Date> date_of(py::handle value) {
    if (is_null(value)) return std::nullopt;
    if (PyDate_Check(value.ptr())) {
        const int year = PyDateTime_GET_YEAR(value.ptr());
        return date_from_civil(year, static_cast<unsigned>(PyDateTime_GET_MONTH(value.ptr())), static_cast<unsigned>(PyDateTime_GET_DAY(value.ptr())));
    }
    if (PyUnicode_Check(value.ptr())) return parse_iso_date(value.cast<std::string>());
    if (is_numpy_scalar(value) && numpy_kind(value) == 'M') return numpy_date(value);
    return std::nullopt;
}

Date date_argument(py::handle value, const char* name) {
    if (const auto d = date_of(value)) return *d;
    if (PyUnicode_Check(value.ptr())) throw py::value_error(std::string(name) + ": '" + value.cast<std::string>() + "' is not a date (YYYY-MM-DD)");
    throw py::type_error(std::string(name) + ": expected a datetime.date or a \"YYYY-MM-DD\" string, not " +
                         std::string(py::str(py::type::handle_of(value).attr("__name__"))));
}

py::object date_to_python(Date date) {
    const CivilDate c = civil_from_date(date);
    return py::reinterpret_steal<py::object>(PyDate_FromDate(c.year, static_cast<int>(c.month), static_cast<int>(c.day)));
}

Result<Value> field_value(py::handle value, const FieldSpec& field, bool in_frame) {
    if (field.type.kind != TypeKind::list) return scalar_value(value, field.type.kind, field);
    if (is_null(value)) return Value();
    if (in_frame && PyUnicode_Check(value.ptr())) return joined_list(value.cast<std::string>(), field);
    if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr()) || type_name_of(value) == "numpy.ndarray") {
        List items;
        for (py::handle item : py::iter(value)) {
            Result<Value> v = scalar_value(item, field.type.element, field);
            if (!v) return v.error();
            items.push_back(std::move(v.value()));
        }
        return Value(std::move(items));
    }
    return scalar_value(value, field.type.kind, field);
}

FieldSetter::FieldSetter(RecordBuilder builder, const std::vector<FieldSpec>& fields) : builder_(std::move(builder)), fields_(fields) {}

void FieldSetter::set(const std::string& name, py::handle value, bool in_frame) {
    const auto spec = std::find_if(fields_.begin(), fields_.end(), [&](const FieldSpec& f) { return f.name == name; });
    if (spec == fields_.end()) {
        builder_.set(name, Value());  // records E0701, with the closest name
        return;
    }
    Result<Value> v = field_value(value, *spec, in_frame);
    if (v) builder_.set(name, v.value());
    else mistakes_.push_back(v.error());
}

void FieldSetter::set(const std::string& name, const Value& value) { builder_.set(name, value); }

Result<Record> FieldSetter::build() const {
    Result<Record> built = builder_.build();
    if (mistakes_.empty()) return built;
    Error all = mistakes_.front();
    for (std::size_t i = 1; i < mistakes_.size(); ++i) all.message += "; " + mistakes_[i].message;
    if (!built) all.message += "; " + built.error().message;
    return all;
}

std::vector<std::pair<std::string, Value>> overrides_of(py::handle overrides) {
    std::vector<std::pair<std::string, Value>> out;
    if (overrides.is_none()) return out;
    if (!PyDict_Check(overrides.ptr())) throw py::type_error("overrides: expected a dict {parameter name: value}");
    const auto number_of = [](py::handle v, const std::string& name) -> std::optional<double> {
        if (PyBool_Check(v.ptr())) return std::nullopt;
        if (PyLong_Check(v.ptr())) {
            const auto n = whole_number(v);
            if (!n) throw py::value_error("E0705: parameter '" + name + "': whole number too large (more than 2^53)");
            return n;
        }
        if (PyFloat_Check(v.ptr())) return PyFloat_AS_DOUBLE(v.ptr());
        return std::nullopt;
    };
    const auto scalar_of = [&](py::handle given, const std::string& name) -> Value {
        const py::object v = is_numpy_scalar(given) ? given.attr("item")() : py::reinterpret_borrow<py::object>(given);
        if (PyBool_Check(v.ptr())) return Value(v.ptr() == Py_True);
        if (const auto n = number_of(v, name)) return Value(*n);
        if (PyUnicode_Check(v.ptr())) return Value(v.cast<std::string>());
        throw py::type_error("overrides: parameter '" + name + "': expected a number, a string, a bool, a list or a dict, not " +
                             std::string(py::str(py::type::handle_of(v).attr("__name__"))));
    };
    for (const auto& [key, value] : py::reinterpret_borrow<py::dict>(overrides)) {
        if (!PyUnicode_Check(key.ptr())) throw py::type_error("overrides: parameter names are strings");
        const std::string name = key.cast<std::string>();
        if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr())) {
            List items;
            for (py::handle item : py::iter(value)) items.push_back(scalar_of(item, name));
            out.emplace_back(name, Value(std::move(items)));
        } else if (PyDict_Check(value.ptr())) {
            // A table: whole-number or string keys (kept as text, as the policy keeps them) to numbers.
            auto table = std::make_shared<Table>();
            for (const auto& [k, v] : py::reinterpret_borrow<py::dict>(value)) {
                std::string text;
                if (PyUnicode_Check(k.ptr())) text = k.cast<std::string>();
                else if (const auto n = PyBool_Check(k.ptr()) ? std::nullopt : number_of(k, name); n && *n == std::floor(*n)) text = format_number(*n);
                else throw py::type_error("overrides: parameter '" + name + "': a table's keys are whole numbers or strings");
                const auto n = number_of(v, name);
                if (!n) throw py::type_error("overrides: parameter '" + name + "': a table's values are numbers");
                table->entries.emplace_back(std::move(text), *n);
            }
            std::sort(table->entries.begin(), table->entries.end());
            out.emplace_back(name, Value(std::shared_ptr<const Table>(std::move(table))));
        } else {
            out.emplace_back(name, scalar_of(value, name));
        }
    }
    return out;
}

py::object to_python(const Value& value) {
    if (const bool* b = value.as_bool()) return py::bool_(*b);
    if (const double* n = value.as_number()) return py::float_(*n);
    if (const std::string* s = value.as_string()) return py::str(*s);
    if (const Date* d = value.as_date()) return date_to_python(*d);
    if (const List* items = value.as_list()) {
        py::list out;
        for (const Value& item : *items) out.append(to_python(item));
        return out;
    }
    if (const Table* table = value.as_table()) {
        py::dict out;
        for (const auto& [key, number] : table->entries) out[py::str(key)] = number;
        return out;
    }
    return py::none();
}

void raise_error(const Error& error) { throw py::value_error(error.code + ": " + error.message); }

}  // namespace cotation::python
