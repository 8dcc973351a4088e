// The opening the commands share, written once: the policy loaded with its diagnostics, the data
// files read with their warnings and rejected rows, the output opened, the policy named on stderr.
// Each helper prints what went wrong and sets `status` to the exit status when it fails.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/command.hpp"
#include "cotation/policy.hpp"
#include "cotation/table.hpp"

namespace cotation::cli {

// Whether loading stopped because a file could not be read (a file error, exit status 2).
bool cannot_read(const std::vector<Diagnostic>& diagnostics);

// Loads and checks a policy; prints its diagnostics to stderr.
std::optional<Policy> load_or_report(const std::string& path, int& status);

// The overrides of --set, typed by `policy`'s parameters; nullopt after reporting a wrong name or
// value as a usage mistake of `command` (status exit_usage).
std::optional<std::vector<std::pair<std::string, Value>>> overrides_or_report(std::string_view command, const Policy& policy,
                                                                             const std::vector<std::string>& settings, int& status);

// How `check` and `lint` report policies: each one's diagnostics on stderr and `PATH: ok` (or
// `PATH: ok (with warnings)`) on stdout when it has no error, and a last line `N errors, N warnings`
// on stderr when any has one; with `json`, one array of every diagnostic on stdout instead. Returns
// the exit status: 2 when a policy could not be read, else 1 when any has an error, else 0.
struct PolicyDiagnostics {
    std::string path;
    std::vector<Diagnostic> diagnostics;
    bool unreadable = false;
};
int report_diagnostics(const std::vector<PolicyDiagnostics>& policies, bool json);

// Whether the policy declares `record` ("demand", "allocation"); says so when it does not.
bool has_record_or_report(const Policy& policy, const std::string& record, int& status);

// Reads a data file for `record`: prints its warnings, writes --rejects; fails when the file cannot
// be read, or a row was rejected under --strict.
std::optional<DataTable> read_data(const Policy& policy, const std::string& record, const std::string& path,
                                   const DataOptions& options, int& status);

// Prints a data file's warnings and rejected rows, writes --rejects; fails when --rejects cannot be
// written or a row was rejected under --strict.
bool report_read(const std::string& path, const std::vector<std::string>& warnings, const std::vector<RejectedRow>& rejected,
                 const DataOptions& options, int& status);

// Writes rejected rows to `path` as CSV; fails when the file cannot be written.
bool write_rejects(const std::string& path, const std::vector<RejectedRow>& rejected, int& status);

// The size of a file in bytes, for a progress bar; 0 when it cannot be known.
std::uint64_t file_bytes(const std::string& path);

// Reports that a run over the data file `path` failed, on stderr: the file's own error (`cotation:
// PATH: ...`) or the policy's (`cotation: COMMAND: ...`); returns exit_usage or exit_failure.
int report_run_error(std::string_view command, const std::string& path, const std::string& error, bool input_error);

// `policy: NAME (version V)` on stderr: which policy the results come from (`base:`, `candidate:`
// with another `role`).
void print_policy(const Policy& policy, std::string_view role = "policy");

// Where the output goes: the file of -o, or the standard output when `path` is empty.
class Output {
public:
    std::ostream& stream();

private:
    friend std::optional<Output> open_output(const std::string& path, int& status);
    std::unique_ptr<std::ostream> file_;
};
std::optional<Output> open_output(const std::string& path, int& status);

}  // namespace cotation::cli
