// What several commands share: loading a policy with its diagnostics, reading a data file.
#pragma once

#include <optional>
#include <string>

#include "cli/args.hpp"
#include "cotation/policy.hpp"
#include "cotation/table.hpp"

namespace cotation::cli {

// Loads and checks; prints diagnostics to stderr. nullopt with `status` set on failure.
std::optional<Policy> load_or_report(const std::string& path, int& status);

// The data options every command that reads demands or allocations takes.
void add_data_options(OptionSpec& spec);

// Reads a data file for `record`; prints warnings, writes --rejects; nullopt with `status` set
// when the file cannot be read, or a row was rejected under --strict.
std::optional<DataTable> read_data(const Policy& policy, const std::string& record, const std::string& path,
                                   const Args& args, int& status);

// Prints a data file's warnings and rejected rows, writes --rejects; false with `status` set when
// --rejects cannot be written or a row was rejected under --strict.
bool report_read(const std::string& path, const std::vector<std::string>& warnings, const std::vector<RejectedRow>& rejected,
                 const Args& args, int& status);
// The --delimiter and --decimal-comma options; nullopt with `status` set on a bad delimiter.
std::optional<ReadOptions> read_options(const Args& args, int& status);

// Parses --as-of (required where `required`); prints the problem and sets `status` on failure.
std::optional<Date> date_option(const Args& args, const std::string& name, bool required, int& status);

// Opens -o OUT or stdout.
class Output {
public:
    explicit Output(const Args& args);
    std::ostream& stream();
    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }

private:
    std::unique_ptr<std::ostream> file_;
    bool ok_ = true;
    std::string error_;
};

int usage_error(const std::string& command, const std::string& message);

}  // namespace cotation::cli
