// The native module `cotation._cotation` (policy format section 12), over the library's public API
// only. cotation/__init__.py adds what is plainer in Python: PolicyError, load(), compare().
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <cotation/cotation.hpp>

#include "frames.hpp"
#include "values.hpp"

namespace cotation::python {

namespace {

// A path given as str or os.PathLike.
std::string path_of(py::handle path) { return py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>(); }

// A run over a file failed: FileNotFoundError when the file is not there, ValueError otherwise
// (no header, a missing column, a parameter without a value at the date).
[[noreturn]] void raise_run_error(const std::string& path, const std::string& error) {
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) {
        PyErr_SetString(PyExc_FileNotFoundError, error.c_str());
        throw py::error_already_set();
    }
    throw py::value_error(error);
}

// What the command line prints on stderr as warnings (columns the policy does not declare, an
// override that matches no group), as Python warnings.
void warn(const std::vector<std::string>& warnings) {
    for (const std::string& w : warnings)
        if (PyErr_WarnEx(PyExc_UserWarning, w.c_str(), 1) != 0) throw py::error_already_set();
}

void set_rejected(py::object& frame, const std::vector<RejectedRow>& rejected) { frame.attr("attrs")["rejected"] = rejected_frame(rejected); }

// A policy prepared at a date: the library's Scorer, and what the file-level calls need again.
struct PolicyScorer {
    Policy policy;
    Scorer scorer;
    ScorerOptions options;
    std::vector<FieldSpec> fields;  // of the demand record
    std::string key;                // the demand record's key field
};

PolicyScorer make_scorer(const Policy& policy, py::handle as_of, py::handle overrides) {
    ScorerOptions options{date_argument(as_of, "as_of"), overrides_of(overrides)};
    Result<Scorer> made = Scorer::create(policy, options);
    if (!made) raise_error(made.error());
    return PolicyScorer{policy, std::move(made.value()), std::move(options), policy.fields("demand"), policy.key("demand")};
}

std::string status_text(const Outcome& out) { return out.status == Status::scored ? "scored" : "unscored:" + out.unscored_reason; }

py::dict score_one(const PolicyScorer& s, py::handle demand) {
    if (!PyDict_Check(demand.ptr())) throw py::type_error("score: expected a dict {field name: value}");
    FieldSetter setter(s.scorer.builder(), s.fields);
    for (const auto& [name, value] : py::reinterpret_borrow<py::dict>(demand)) {
        if (!PyUnicode_Check(name.ptr())) throw py::type_error("score: the demand's keys are field names (str)");
        setter.set(name.cast<std::string>(), value, false);
    }
    Result<Record> record = setter.build();
    if (!record) raise_error(record.error());
    const Outcome out = s.scorer.score(record.value());

    py::dict result;
    const Value* id = s.key.empty() ? nullptr : record.value().get(s.key);
    result["id"] = id && !id->is_null() ? py::object(py::str(format_value(*id))) : py::object(py::none());
    result["grid"] = out.status == Status::scored ? py::object(py::str(out.grid)) : py::object(py::none());
    result["score"] = out.status == Status::scored ? py::object(py::float_(out.score)) : py::object(py::none());
    result["status"] = status_text(out);
    result["flags"] = py::cast(out.flags);
    py::dict criteria, rubrics;
    // The applied criteria, as `cotation score --explain` fills its c.<rubric>.<criterion> cells.
    for (const CriterionOutcome& c : out.criteria)
        if (c.state == CriterionState::applied) criteria[py::str(c.rubric + "." + c.criterion)] = c.points;
    for (const auto& [rubric, total] : out.rubric_totals) rubrics[py::str(rubric)] = total;
    result["criteria"] = criteria;
    result["rubrics"] = rubrics;
    return result;
}

py::object score_file(const PolicyScorer& s, py::handle path_given) {
    const std::string path = path_of(path_given);
    const FastScoreOptions options{s.options.as_of, s.options.overrides};
    FastScoreRun run;
    {
        py::gil_scoped_release unlocked;  // other Python threads run while the file is scored
        run = fast_score_file(s.policy, path, options);
    }
    if (!run.ok()) raise_run_error(path, run.error);
    warn(run.warnings);
    py::object frame = score_frame(s.policy, run);
    set_rejected(frame, run.rejected);
    // The columns of a national file take a fifth of a second to free: a thread of its own does it
    // while Python goes on (the module is never unloaded, so its code outlives the call).
    std::thread([results = std::move(run.state)]() mutable { results.reset(); }).detach();
    return frame;
}

// A DataFrame of demands, one column a field: each row built and checked like score()'s dict (its
// cells converted by the rules of frames: NaN, NaT and pd.NA null, `|`-joined lists), then the
// whole table scored and positioned by the reference interpreter, as score_demands does.
py::object score_frame_of(const PolicyScorer& s, py::handle demands) {
    const py::object frame = py::reinterpret_borrow<py::object>(demands);
    if (!py::isinstance(frame, py::module_::import("pandas").attr("DataFrame")))
        throw py::type_error("score_frame: expected a pandas.DataFrame of demands, one column a field");
    std::vector<std::string> undeclared;
    std::vector<std::optional<py::list>> cells(s.fields.size());
    for (py::handle column : frame.attr("columns")) {
        const std::string name = py::str(column).cast<std::string>();
        const auto f = std::find_if(s.fields.begin(), s.fields.end(), [&](const FieldSpec& spec) { return spec.name == name; });
        if (f == s.fields.end()) undeclared.push_back(name);
        else cells[static_cast<std::size_t>(f - s.fields.begin())] = frame[column].attr("tolist")().cast<py::list>();
    }
    const auto rows = py::len(frame);
    const py::list labels = frame.attr("index").attr("tolist")();

    DataTable table;
    table.fields = s.fields;
    table.rows.reserve(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        FieldSetter setter(s.scorer.builder(), s.fields);
        for (std::size_t f = 0; f < s.fields.size(); ++f)
            if (cells[f]) setter.set(s.fields[f].name, (*cells[f])[r], true);
        Result<Record> record = setter.build();
        if (!record)
            raise_error(Error{record.error().code, "row " + py::repr(labels[r]).cast<std::string>() + ": " + record.error().message});
        std::vector<Value>& values = table.rows.emplace_back();
        for (const FieldSpec& f : s.fields) values.push_back(*record.value().get(f.name));
        table.row_lines.push_back(r + 2);  // as if the frame were a CSV file with its header on line 1
    }
    table.rows_read = rows;
    if (!undeclared.empty()) {
        std::string names;
        for (const std::string& n : undeclared) names += (names.empty() ? "" : ", ") + n;
        warn({"columns the policy does not declare, ignored: " + names});
    }
    ScoreRun run;
    {
        py::gil_scoped_release unlocked;
        run = score_demands(s.policy, table, ScoreOptions{s.options.as_of, s.options.overrides});
    }
    if (!run.ok()) throw py::value_error(run.error);
    py::object out = score_frame(s.policy, run);
    set_rejected(out, {});
    return out;
}

std::string explain(const PolicyScorer& s, py::handle demands_given, const std::string& id, py::handle allocations_given) {
    const std::string demands_path = path_of(demands_given);
    ReadResult demands = read_table(demands_path, s.fields);
    if (!demands.ok()) raise_run_error(demands_path, demands.error);
    std::optional<ReadResult> allocations;
    if (!allocations_given.is_none()) {
        const std::string path = path_of(allocations_given);
        allocations = read_table(path, s.policy.fields("allocation"));
        if (!allocations->ok()) raise_run_error(path, allocations->error);
    }
    std::string error;
    std::string text = explain_demand(s.policy, demands.table, id,
                                      ExplainOptions{s.options.as_of, s.options.overrides, allocations ? &allocations->table : nullptr}, error);
    if (!error.empty()) throw py::value_error(error);
    return text;
}

// The period of audit(): a year, or from_ and to (as `cotation audit` takes --year or --from/--to).
std::pair<Date, Date> audit_period(py::handle year, py::handle from, py::handle to) {
    if (!year.is_none()) {
        if (!from.is_none() || !to.is_none()) throw py::value_error("audit: give either year or from_ and to, not both");
        if (PyBool_Check(year.ptr()) || !PyLong_Check(year.ptr())) throw py::type_error("audit: year is a whole number, e.g. 2024");
        const int y = year.cast<int>();
        if (y < 1 || y > 9999) throw py::value_error("audit: year " + std::to_string(y) + " is not a year");
        return {date_from_civil(y, 1, 1), date_from_civil(y, 12, 31)};
    }
    if (from.is_none() || to.is_none())
        throw py::value_error(!from.is_none() || !to.is_none() ? "audit: from_ and to go together" : "audit: the period is required: year=Y, or from_=D and to=D");
    const Date first = date_argument(from, "from_"), last = date_argument(to, "to");
    if (last < first) throw py::value_error("audit: to " + format_date(last) + " is before from_ " + format_date(first));
    return {first, last};
}

py::object audit(const Policy& policy, py::handle path_given, py::handle year, py::handle from, py::handle to, py::handle as_of,
                 py::handle overrides) {
    const auto [first, last] = audit_period(year, from, to);
    AuditOptions options{first, last};
    if (!as_of.is_none()) options.as_of = date_argument(as_of, "as_of");
    options.parameter_overrides = overrides_of(overrides);
    const std::string path = path_of(path_given);
    FastAuditRun run;
    {
        py::gil_scoped_release unlocked;
        run = audit_allocations_file(policy, path, options);
    }
    if (!run.audit.ok()) raise_run_error(path, run.audit.error);
    warn(run.read_warnings);
    warn(run.audit.warnings);
    py::object frame = audit_frame(run.audit);
    // As `--rejects` lists them: the unreadable rows, then those without a period.
    std::vector<RejectedRow> rejected = run.rejected;
    rejected.insert(rejected.end(), run.audit.period_rejects.begin(), run.audit.period_rejects.end());
    set_rejected(frame, rejected);
    return frame;
}

// compare(): the JSON summary's text, the CSV's text and the rejected rows; __init__.py reads them.
py::tuple compare(const Policy& base, const Policy& candidate, py::handle path_given, py::handle as_of, py::handle overrides) {
    CompareOptions options;
    options.as_of = date_argument(as_of, "as_of");
    options.candidate_overrides = overrides_of(overrides);
    const std::string path = path_of(path_given);
    CompareRun run;
    {
        py::gil_scoped_release unlocked;
        run = compare_file(base, candidate, path, options);
    }
    if (!run.ok()) {
        if (run.failure == CompareFailure::input) raise_run_error(path, run.error);
        throw py::value_error(run.error);
    }
    warn(run.warnings);
    std::ostringstream summary, rows;
    write_compare_json(summary, base, candidate, run);
    write_compare_csv(rows, base, candidate, run);
    return py::make_tuple(summary.str(), rows.str(), rejected_frame(run.rejected));
}

py::tuple load(py::handle path) {
    LoadResult loaded = load_policy(path_of(path));
    const py::object diagnostics = py::module_::import("json").attr("loads")(format_json(loaded.diagnostics));
    if (!loaded.ok()) return py::make_tuple(py::none(), diagnostics, format_text(loaded.diagnostics));
    return py::make_tuple(py::cast(*loaded.policy), diagnostics, "");
}

}  // namespace

}  // namespace cotation::python

PYBIND11_MODULE(_cotation, m) {
    namespace py = pybind11;
    using namespace cotation;
    using namespace cotation::python;
    init_values();
    m.doc() = "The native part of the package cotation: see cotation/__init__.py and docs/python.md";
    m.attr("__version__") = std::string(cotation::version());

    py::class_<Policy>(m, "Policy", "A checked policy (cotation.load); immutable")
        .def_property_readonly("name", &Policy::name)
        .def_property_readonly("version", &Policy::version)
        .def_property_readonly("reference", &Policy::reference)
        .def_property_readonly("grids", &Policy::grid_ids, "the grids' ids, in file order")
        .def_property_readonly("flags", &Policy::flag_ids, "the flags' ids, in file order")
        .def_property_readonly("quotas", &Policy::quota_ids, "the CIA quotas' ids, in file order")
        .def(
            "fields",
            [](const Policy& p, const std::string& record) {
                py::dict out;
                for (const FieldSpec& f : p.fields(record)) out[py::str(f.name)] = type_name(f.type);
                return out;
            },
            py::arg("record") = "demand", "the input columns of a record: {name: type as written in the policy}")
        .def("key", &Policy::key, py::arg("record") = "demand", "the record's key field")
        .def(
            "scorer", [](const Policy& p, py::handle as_of, py::handle overrides) { return make_scorer(p, as_of, overrides); },
            py::kw_only(), py::arg("as_of"), py::arg("overrides") = py::none(),
            "the policy prepared at as_of (\"YYYY-MM-DD\" or datetime.date), parameters replaced by overrides {name: value}")
        .def("audit", &audit, py::arg("allocations"), py::kw_only(), py::arg("year") = py::none(), py::arg("from_") = py::none(),
             py::arg("to") = py::none(), py::arg("as_of") = py::none(), py::arg("overrides") = py::none(),
             "the CIA quotas over an allocation file (CSV or .jsonl), as `cotation audit --format csv`; "
             "attrs['rejected'] the rows not counted")
        .def("__repr__", [](const Policy& p) { return "<cotation.Policy " + p.name() + " (version " + p.version() + ")>"; });

    py::class_<PolicyScorer>(m, "Scorer", "A policy prepared at a date (Policy.scorer); immutable")
        .def_property_readonly("policy", [](const PolicyScorer& s) { return s.policy; })
        .def_property_readonly("as_of", [](const PolicyScorer& s) { return date_to_python(s.options.as_of); })
        .def("score", &score_one, py::arg("demand"), "one demand, a dict {field: value}: its grid, score, status, flags and criteria")
        .def("score_file", &score_file, py::arg("path"),
             "a demand file (CSV or .jsonl) on the fast path, every core: a DataFrame of the columns of `cotation score`, "
             "attrs['rejected'] the rows not read")
        .def("score_frame", &score_frame_of, py::arg("demands"), "the same for a pandas.DataFrame of demands, one column a field")
        .def("explain", &explain, py::arg("demands"), py::arg("id"), py::kw_only(), py::arg("allocations") = py::none(),
             "what the applicant is told about demand `id` of the demand file, in French (as `cotation explain`)")
        .def("__repr__", [](const PolicyScorer& s) {
            return "<cotation.Scorer " + s.policy.name() + " as of " + format_date(s.options.as_of) + ">";
        });

    m.def("_load", &load, py::arg("path"));
    m.def("_compare", &compare, py::arg("base"), py::arg("candidate"), py::arg("demands"), py::arg("as_of"), py::arg("overrides"));
}
