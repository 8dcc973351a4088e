// Python values and the library's values, both ways, by the rules of policy format section 12: an
// int field takes an int (not a bool) or a whole float, a date field a datetime.date or an ISO
// string, a list field a list; None (and in frames NaN, NaT, pd.NA) is null. The library's own
// checks then say what is wrong with a value (RecordBuilder: E0701-E0703), so that Python and C++
// callers get the same codes and messages.
#pragma once

#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <cotation/record.hpp>
#include <cotation/result.hpp>
#include <cotation/table.hpp>
#include <cotation/value.hpp>

namespace cotation::python {

namespace py = pybind11;

// Reads datetime's C API; called once when the module is imported.
void init_values();

// None, a float NaN (Python's or numpy's), pandas' NaT and NA, numpy's NaT.
bool is_null(py::handle value);

// A datetime.date (a datetime, a pandas Timestamp), a numpy datetime64 or a "YYYY-MM-DD" string;
// nullopt otherwise.
std::optional<Date> date_of(py::handle value);
// The same for an argument: raises ValueError (TypeError for a value of another kind) naming it.
Date date_argument(py::handle value, const char* name);
py::object date_to_python(Date date);

// A value for `field`, converted as its type reads Python values; in a frame's cell (`in_frame`)
// a list field also takes a `|`-joined string. Checked afterwards by the record's builder: a value
// of the wrong kind is converted as it is (a bool stays a bool) for the builder to name the mistake.
// An object no field can hold (a dict, a set...) is an E0702 error here.
Result<Value> field_value(py::handle value, const FieldSpec& field, bool in_frame);
// A record's builder fed Python values: each converted by field_value, then set; build() reports
// the mistakes of both (E0701 a name the record does not declare, E0702, E0703), the first's code.
class FieldSetter {
public:
    FieldSetter(RecordBuilder builder, const std::vector<FieldSpec>& fields);
    void set(const std::string& name, py::handle value, bool in_frame);
    void set(const std::string& name, const Value& value);  // already converted
    Result<Record> build() const;

private:
    RecordBuilder builder_;
    const std::vector<FieldSpec>& fields_;
    std::vector<Error> mistakes_;
};

// Parameter overrides from a dict {name: value}: numbers, strings, bools, lists, dicts {key: number}
// (tables). The policy checks names and types (E0705, with the closest name) when it is planned.
std::vector<std::pair<std::string, Value>> overrides_of(py::handle overrides);

// A value as Python sees it: None, bool, float, str, datetime.date, list, dict (a table).
py::object to_python(const Value& value);

// Raises ValueError "CODE: message".
[[noreturn]] void raise_error(const Error& error);

}  // namespace cotation::python
