// pandas DataFrames filled from the library's results, column by column: numbers in numpy arrays
// written from C++, text in object arrays whose repeated values (grids, statuses, flags) are one
// Python string each, shared by every row.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <utility>
#include <vector>

#include <cotation/audit.hpp>
#include <cotation/fast.hpp>
#include <cotation/score.hpp>
#include <cotation/table.hpp>

namespace cotation::python {

namespace py = pybind11;

// pandas.DataFrame of the columns in this order.
py::object data_frame(const std::vector<std::pair<std::string, py::object>>& columns);

// The rejected rows as the `--rejects` CSV gives them: line, field, value, reason.
py::object rejected_frame(const std::vector<RejectedRow>& rejected);

// The columns of `cotation score`'s CSV output, in input order: id, grid, score, rank, group_size,
// percentile, status, flags (a list of str). Unscored rows: grid None, score NaN, and rank,
// group_size, percentile NaN (the three then float64, as pandas reads the CSV; int64 otherwise).
py::object score_frame(const Policy& policy, const FastScoreRun& run);
py::object score_frame(const Policy& policy, const ScoreRun& run);

// The columns of `cotation audit --format csv`: quota, group, k, n, unknown, share (float, NaN
// when n = 0), target, status, gap (an int, None when it cannot close, or "exceeded by N").
py::object audit_frame(const AuditRun& run);

}  // namespace cotation::python
