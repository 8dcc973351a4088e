#include "frames.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <thread>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <cotation/audit_report.hpp>
#include <cotation/report.hpp>

namespace cotation::python {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

py::str text(std::string_view s) { return py::str(s.data(), s.size()); }

// A numpy array of Python objects (dtype object) filled in place. numpy makes it zeroed (null
// pointers: np.empty would write None into every cell first, a tenth of a second per column of a
// national file); every cell is set before the array reaches Python, and numpy frees one whose
// filling stopped half-way.
class ObjectColumn {
public:
    explicit ObjectColumn(std::size_t rows)
        : rows_(rows),
          array_(py::array(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows)})),
          cells_(static_cast<PyObject**>(py::cast<py::array>(array_).mutable_data())) {}
    void set(std::size_t row, py::object value) {
        PyObject* old = cells_[row];
        cells_[row] = value.release().ptr();
        Py_XDECREF(old);
    }
    py::object done() { return std::move(array_); }
    std::span<std::byte> bytes() const { return {reinterpret_cast<std::byte*>(cells_), rows_ * sizeof(PyObject*)}; }

private:
    std::size_t rows_;
    py::object array_;
    PyObject** cells_;
};

// Python's cycle collector paused while a frame's millions of lists are made: none of them can be
// part of a cycle, and each collection would walk every one made so far (a third of the time).
class CollectorPaused {
public:
    CollectorPaused() : gc_(py::module_::import("gc")), was_enabled_(gc_.attr("isenabled")().cast<bool>()) { gc_.attr("disable")(); }
    ~CollectorPaused() {
        if (was_enabled_) gc_.attr("enable")();
    }
    CollectorPaused(const CollectorPaused&) = delete;
    CollectorPaused& operator=(const CollectorPaused&) = delete;

private:
    py::module_ gc_;
    bool was_enabled_;
};

// While a frame's millions of small objects (ids, lists of flags) are made, the arenas Python's
// allocator asks for are carved from one region the kernel backs with huge pages: each fresh 4 KiB
// page otherwise costs a fault of its own, a few microseconds on a virtual machine (a third of
// score_file's own time). The carving allocator is installed once, in front of the interpreter's
// own, and stays: it frees the arenas it carved (munmap of their range, as the default allocator
// does) and passes every other call on. The part of a region no arena took is given back at once.
// Python calls an arena allocator with the GIL held: nothing here needs a lock.
class HugeArenas {
public:
    explicit HugeArenas(std::size_t bytes) {
#ifdef __linux__
        constexpr std::uintptr_t huge = 2u << 20;
        const std::size_t size = (bytes + huge - 1) / huge * huge;
        if (size == 0) return;
        void* mapped = mmap(nullptr, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED) return;
        const auto first = reinterpret_cast<std::uintptr_t>(mapped);
        const std::uintptr_t begin = (first + huge - 1) & ~(huge - 1);
        if (begin > first) munmap(mapped, begin - first);
        if (first + size + huge > begin + size) munmap(reinterpret_cast<void*>(begin + size), first + size + huge - begin - size);
        madvise(reinterpret_cast<void*>(begin), size, MADV_HUGEPAGE);
        region_ = std::span<std::byte>(reinterpret_cast<std::byte*>(begin), size);
        Carver& carver = Carver::installed();
        carver.regions.push_back(Region{begin, begin + size});
        carver.next = begin;
        carver.active = true;
#else
        (void)bytes;
#endif
    }
    ~HugeArenas() {
#ifdef __linux__
        Carver& carver = Carver::installed();
        if (!carver.active) return;
        carver.active = false;
        Region& last = carver.regions.back();
        if (carver.next < last.end) munmap(reinterpret_cast<void*>(carver.next), last.end - carver.next);
        last.end = carver.next;
#endif
    }
    HugeArenas(const HugeArenas&) = delete;
    HugeArenas& operator=(const HugeArenas&) = delete;

    // The memory the arenas are carved from, in the order they take it (empty if none was mapped).
    std::span<std::byte> region() const { return region_; }

private:
    std::span<std::byte> region_;
#ifdef __linux__
    struct Region {
        std::uintptr_t begin, end;
    };
    struct Carver {
        PyObjectArenaAllocator previous{};
        std::vector<Region> regions;  // every region carved from, as far as arenas took it
        std::uintptr_t next = 0;      // in the last region, while active
        bool active = false;

        static Carver& installed() {
            static Carver* carver = [] {
                auto* made = new Carver;  // never destroyed: arenas may be freed until the process ends
                PyObject_GetArenaAllocator(&made->previous);
                PyObjectArenaAllocator carving{made, &carve, &release};
                PyObject_SetArenaAllocator(&carving);
                return made;
            }();
            return *carver;
        }
        static void* carve(void* context, std::size_t size) {
            auto* self = static_cast<Carver*>(context);
            if (self->active && self->regions.back().end - self->next >= size) {
                void* arena = reinterpret_cast<void*>(self->next);
                self->next += size;
                return arena;
            }
            return self->previous.alloc(self->previous.ctx, size);
        }
        static void release(void* context, void* arena, std::size_t size) {
            auto* self = static_cast<Carver*>(context);
            const auto at = reinterpret_cast<std::uintptr_t>(arena);
            for (const Region& r : self->regions)
                if (at >= r.begin && at < r.end) {
                    munmap(arena, size);
                    return;
                }
            self->previous.free(self->previous.ctx, arena, size);
        }
    };
#endif
};

// The pages a frame's filling is about to write, faulted in by a second thread running ahead of
// it. On a virtual machine a fresh page costs the kernel more than the objects written into it
// (half of the filling's time for a national file), and while the interpreter's one thread fills
// the frame the other cores are idle. MADV_POPULATE_WRITE maps the pages without touching what is
// in them, so the two threads never race on memory; a page the filling reaches first is simply
// skipped. The ranges are walked in step (a slice of each in turn), as the filling writes them.
class PagesFaultedAhead {
public:
    explicit PagesFaultedAhead(std::vector<std::span<std::byte>> ranges) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
        thread_ = std::thread([this, ranges = std::move(ranges)] {
            constexpr std::size_t slices = 64;
            for (std::size_t s = 0; s < slices; ++s)
                for (const std::span<std::byte> range : ranges) {
                    if (stop_.load(std::memory_order_relaxed)) return;
                    const std::size_t from = range.size() * s / slices, to = range.size() * (s + 1) / slices;
                    const std::span<std::byte> pages = whole_pages(range.subspan(from, to - from));
                    // An older kernel refuses the advice (EINVAL): the filling then faults the pages itself.
                    if (!pages.empty() && madvise(pages.data(), pages.size(), MADV_POPULATE_WRITE) != 0 && errno == EINVAL) return;
                }
        });
#else
        (void)ranges;
#endif
    }
    ~PagesFaultedAhead() {
        stop_.store(true, std::memory_order_relaxed);
        if (thread_.joinable()) thread_.join();
    }
    PagesFaultedAhead(const PagesFaultedAhead&) = delete;
    PagesFaultedAhead& operator=(const PagesFaultedAhead&) = delete;

private:
    // The pages wholly inside `bytes` (madvise takes page-aligned ranges; the edges fault as usual).
    static std::span<std::byte> whole_pages(std::span<std::byte> bytes) {
        constexpr std::uintptr_t page = 4096;
        const auto begin = (reinterpret_cast<std::uintptr_t>(bytes.data()) + page - 1) & ~(page - 1);
        const auto end = (reinterpret_cast<std::uintptr_t>(bytes.data()) + bytes.size()) & ~(page - 1);
        if (end <= begin) return {};
        return {reinterpret_cast<std::byte*>(begin), end - begin};
    }

    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// score, rank, group_size, percentile: float64 or int64 arrays; unscored rows NaN (see frames.hpp).
class ScoreColumns {
public:
    // `any_unscored`: the three whole-number columns are float64 (NaN for those rows), else int64,
    // as pandas reads a column with or without an empty cell.
    ScoreColumns(const Policy& policy, std::size_t rows, bool any_unscored)
        : rows_(rows), any_unscored_(any_unscored), ids_(rows), grids_(rows), statuses_(rows), flags_(rows), score_(rows) {
        for (std::size_t k = 0; k < positions_.size(); ++k) {
            if (any_unscored_) positions_[k] = py::array_t<double>(static_cast<py::ssize_t>(rows));
            else positions_[k] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(rows));
            position_cells_[k] = positions_[k].mutable_data();
        }
        score_cells_ = score_.mutable_data();
        for (const std::string& g : policy.grid_ids()) grid_names_.push_back(text(g));
        for (const std::string& f : policy.flag_ids()) flag_names_.push_back(text(f));
        scored_ = text("scored");
    }

    void add(const FastRow& row) {
        const std::size_t i = next_++;
        if (i >= rows_) throw std::logic_error("score_file: more result rows than demands scored");
        ids_.set(i, text(row.id));
        auto flags = py::reinterpret_steal<py::list>(PyList_New(static_cast<py::ssize_t>(row.flags.size())));
        if (!flags) throw py::error_already_set();
        for (std::size_t f = 0; f < row.flags.size(); ++f)
            PyList_SET_ITEM(flags.ptr(), static_cast<py::ssize_t>(f), py::object(flag_names_[row.flags[f]]).release().ptr());
        flags_.set(i, std::move(flags));
        if (row.grid < 0) {
            if (!any_unscored_) throw std::logic_error("score_file: an unscored row the counts did not announce");
            grids_.set(i, py::none());
            statuses_.set(i, unscored_status(row.unscored_reason));
            score_cells_[i] = not_a_number;
            for (void* column : position_cells_) static_cast<double*>(column)[i] = not_a_number;
            return;
        }
        grids_.set(i, grid_names_[static_cast<std::size_t>(row.grid)]);
        statuses_.set(i, scored_);
        score_cells_[i] = row.score;
        const std::int64_t numbers[] = {row.rank, row.group_size, row.percentile};
        for (std::size_t k = 0; k < positions_.size(); ++k) {
            if (any_unscored_) static_cast<double*>(position_cells_[k])[i] = static_cast<double>(numbers[k]);
            else static_cast<std::int64_t*>(position_cells_[k])[i] = numbers[k];
        }
    }

    // The memory the rows are written into, column by column.
    std::vector<std::span<std::byte>> bytes() const {
        std::vector<std::span<std::byte>> all{ids_.bytes(), grids_.bytes(), statuses_.bytes(), flags_.bytes(),
                                              {reinterpret_cast<std::byte*>(score_cells_), rows_ * sizeof(double)}};
        for (void* column : position_cells_) all.push_back({static_cast<std::byte*>(column), rows_ * sizeof(std::int64_t)});  // or double, as wide
        return all;
    }

    py::object frame() {
        if (next_ != rows_) throw std::logic_error("score_file: fewer result rows than demands scored");
        return data_frame({{"id", ids_.done()},
                           {"grid", grids_.done()},
                           {"score", std::move(score_)},
                           {"rank", std::move(positions_[0])},
                           {"group_size", std::move(positions_[1])},
                           {"percentile", std::move(positions_[2])},
                           {"status", statuses_.done()},
                           {"flags", flags_.done()}});
    }

private:
    py::str unscored_status(std::string_view reason) {
        auto found = statuses_by_reason_.find(std::string(reason));
        if (found == statuses_by_reason_.end())
            found = statuses_by_reason_.emplace(std::string(reason), text("unscored:" + std::string(reason))).first;
        return found->second;
    }

    std::size_t rows_;
    std::size_t next_ = 0;
    bool any_unscored_;
    ObjectColumn ids_, grids_, statuses_, flags_;
    py::array_t<double> score_;
    std::array<py::array, 3> positions_;  // rank, group_size, percentile
    // The arrays' cells, found once (mutable_data() asks numpy whether the array is writable).
    double* score_cells_ = nullptr;
    std::array<void*, 3> position_cells_{};
    std::vector<py::str> grid_names_, flag_names_;
    py::str scored_;
    std::map<std::string, py::str> statuses_by_reason_;
};

py::object int64_column(std::vector<std::int64_t> values) { return py::array_t<std::int64_t>(static_cast<py::ssize_t>(values.size()), values.data()); }

}  // namespace

py::object data_frame(const std::vector<std::pair<std::string, py::object>>& columns) {
    // Each array becomes a Series of its own dtype without a copy, and the frame takes the Series
    // as they are: pandas would otherwise scan every object column for dates and copy every column
    // into blocks (more than a second for a national file).
    const py::module_ pandas = py::module_::import("pandas");
    py::dict by_name;
    for (const auto& [name, column] : columns)
        by_name[text(name)] = pandas.attr("Series")(column, py::arg("dtype") = column.attr("dtype"), py::arg("copy") = false);
    // The columns in the dict's order (no `columns=`: with it pandas rebuilds every Series).
    return pandas.attr("DataFrame")(by_name, py::arg("copy") = false);
}

py::object rejected_frame(const std::vector<RejectedRow>& rejected) {
    std::vector<std::int64_t> lines;
    ObjectColumn fields(rejected.size()), values(rejected.size()), reasons(rejected.size());
    for (std::size_t i = 0; i < rejected.size(); ++i) {
        lines.push_back(static_cast<std::int64_t>(rejected[i].line));
        fields.set(i, text(rejected[i].field));
        values.set(i, text(rejected[i].value));
        reasons.set(i, text(rejected[i].reason));
    }
    return data_frame({{"line", int64_column(std::move(lines))}, {"field", fields.done()}, {"value", values.done()}, {"reason", reasons.done()}});
}

py::object score_frame(const Policy& policy, const FastScoreRun& run) {
    const CollectorPaused paused;
    const auto rows = static_cast<std::size_t>(run.scored + run.unscored);
    // An id string and a list a row, 64 bytes each in Python's allocator, a list's items apart.
    const HugeArenas arenas(rows * 160);
    ScoreColumns columns(policy, rows, run.unscored > 0);
    std::vector<std::span<std::byte>> written = columns.bytes();
    written.push_back(arenas.region());
    const PagesFaultedAhead ahead(std::move(written));
    for_each_fast_row(policy, run, [&](const FastRow& row) { columns.add(row); });
    return columns.frame();
}

py::object score_frame(const Policy& policy, const ScoreRun& run) {
    const std::vector<std::string> grids = policy.grid_ids();
    const std::vector<std::string> flags = policy.flag_ids();
    const auto index_in = [](const std::vector<std::string>& names, const std::string& name) {
        return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    };
    const CollectorPaused paused;
    ScoreColumns columns(policy, run.demands.size(), run.unscored > 0);
    std::vector<std::uint32_t> flag_indexes;
    for (const ScoredDemand& d : run.demands) {
        flag_indexes.clear();
        for (const std::string& f : d.flags) flag_indexes.push_back(static_cast<std::uint32_t>(index_in(flags, f)));
        FastRow row;
        row.id = d.id;
        row.grid = d.scored() ? static_cast<int>(index_in(grids, d.grid)) : -1;
        row.unscored_reason = d.unscored_reason;
        row.score = d.score;
        row.rank = d.rank;
        row.group_size = d.group_size;
        row.percentile = d.percentile;
        row.flags = flag_indexes;
        columns.add(row);
    }
    return columns.frame();
}

py::object audit_frame(const AuditRun& run) {
    const std::size_t rows = run.results.size();
    ObjectColumn quotas(rows), groups(rows), targets(rows), statuses(rows), gaps(rows);
    std::vector<std::int64_t> k, n, unknown;
    py::array_t<double> shares(static_cast<py::ssize_t>(rows));
    double* share = shares.mutable_data();
    for (std::size_t i = 0; i < rows; ++i) {
        const QuotaGroupResult& r = run.results[i];
        quotas.set(i, text(r.quota));
        groups.set(i, text(group_text(r)));
        k.push_back(r.k);
        n.push_back(r.n);
        unknown.push_back(r.unknown);
        // The share as the CSV writes it (4 decimals), so that the frame and the CSV agree.
        const std::string written = share_text(r);
        share[i] = not_a_number;
        std::from_chars(written.data(), written.data() + written.size(), share[i]);
        targets.set(i, text(r.target));
        statuses.set(i, text(status_name(r.status)));
        if (r.gap) gaps.set(i, py::int_(*r.gap));
        else if (r.exceeded_by > 0) gaps.set(i, text(gap_text(r)));
    }
    return data_frame({{"quota", quotas.done()},
                       {"group", groups.done()},
                       {"k", int64_column(std::move(k))},
                       {"n", int64_column(std::move(n))},
                       {"unknown", int64_column(std::move(unknown))},
                       {"share", std::move(shares)},
                       {"target", targets.done()},
                       {"status", statuses.done()},
                       {"gap", gaps.done()}});
}

}  // namespace cotation::python
