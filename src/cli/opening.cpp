#include "cli/opening.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cotation/diagnostic.hpp"
#include "cotation/parameters.hpp"

namespace cotation::cli {

bool cannot_read(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.code == "E0004" && d.line == 0; });
}

std::optional<Policy> load_or_report(const std::string& path, int& status) {
    LoadResult result = load_policy(path);
    std::cerr << format_text(result.diagnostics);
    if (result.ok()) return std::move(result.policy);
    status = cannot_read(result.diagnostics) ? exit_usage : exit_failure;
    return std::nullopt;
}

std::optional<std::vector<std::pair<std::string, Value>>> overrides_or_report(std::string_view command, const Policy& policy,
                                                                             const std::vector<std::string>& settings, int& status) {
    std::vector<std::pair<std::string, Value>> overrides;
    for (const std::string& setting : settings) {
        Result<std::pair<std::string, Value>> one = parameter_setting(policy, setting);
        if (!one) {
            status = usage_error(command, "--set " + setting + ": " + one.error().message);
            return std::nullopt;
        }
        overrides.push_back(std::move(*one));
    }
    return overrides;
}

int report_diagnostics(const std::vector<PolicyDiagnostics>& policies, bool json) {
    std::vector<Diagnostic> all;
    bool any_error = false, unreadable = false;
    for (const PolicyDiagnostics& p : policies) {
        const bool errors = has_errors(p.diagnostics);
        any_error = any_error || errors;
        unreadable = unreadable || p.unreadable;
        if (!json) {
            std::cerr << format_text(p.diagnostics);
            if (!errors) std::cout << p.path << ": ok" << (p.diagnostics.empty() ? "" : " (with warnings)") << '\n';
        }
        all.insert(all.end(), p.diagnostics.begin(), p.diagnostics.end());
    }
    if (json) std::cout << format_json(all);
    else if (any_error) {
        const auto errors = static_cast<std::size_t>(
            std::count_if(all.begin(), all.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
        const std::size_t warnings = all.size() - errors;
        std::cerr << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning" << (warnings == 1 ? "" : "s") << '\n';
    }
    if (unreadable) return exit_usage;
    return any_error ? exit_failure : exit_ok;
}

bool has_record_or_report(const Policy& policy, const std::string& record, int& status) {
    if (policy.has_record(record)) return true;
    std::cerr << "cotation: the policy declares no `" << record << "` record\n";
    status = exit_failure;
    return false;
}

bool write_rejects(const std::string& path, const std::vector<RejectedRow>& rejected, int& status) {
    std::ofstream out(path, std::ios::binary);
    if (!out) {
        std::cerr << "cotation: cannot write " << path << '\n';
        status = exit_usage;
        return false;
    }
    out << rejects_csv(rejected);
    return true;
}

bool report_read(const std::string& path, const std::vector<std::string>& warnings, const std::vector<RejectedRow>& rejected,
                 const DataOptions& options, int& status) {
    for (const std::string& w : warnings) std::cerr << "cotation: " << path << ": warning: " << w << '\n';
    if (!options.rejects.empty() && !write_rejects(options.rejects, rejected, status)) return false;
    if (!rejected.empty()) {
        const RejectedRow& first = rejected.front();
        std::cerr << "cotation: " << path << ": " << rejected.size() << " row(s) rejected; first at line " << first.line
                  << (first.field.empty() ? "" : ", field " + first.field) << ": " << first.reason << '\n';
        if (options.strict) {
            std::cerr << "cotation: --strict: stopping on rejected rows\n";
            status = exit_failure;
            return false;
        }
    }
    return true;
}

std::optional<DataTable> read_data(const Policy& policy, const std::string& record, const std::string& path,
                                   const DataOptions& options, int& status) {
    if (!has_record_or_report(policy, record, status)) return std::nullopt;
    ReadResult read = read_table(path, policy.fields(record), options.read);
    if (!read.ok()) {
        std::cerr << "cotation: " << path << ": " << read.error << '\n';
        status = exit_usage;
        return std::nullopt;
    }
    if (!report_read(path, read.table.warnings, read.table.rejected, options, status)) return std::nullopt;
    return std::move(read.table);
}

std::uint64_t file_bytes(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

int report_run_error(std::string_view command, const std::string& path, const std::string& error, bool input_error) {
    if (!input_error) {
        std::cerr << "cotation: " << command << ": " << error << '\n';
        return exit_failure;
    }
    const bool named = error.find(path) != std::string::npos;
    std::cerr << "cotation: " << (named ? "" : path + ": ") << error << '\n';
    return exit_usage;
}

void print_policy(const Policy& policy, std::string_view role) {
    std::cerr << role << ": " << policy.name() << (policy.version().empty() ? "" : " (version " + policy.version() + ")") << '\n';
}

std::ostream& Output::stream() { return file_ ? *file_ : std::cout; }

std::optional<Output> open_output(const std::string& path, int& status) {
    Output output;
    if (path.empty()) return output;
    output.file_ = std::make_unique<std::ofstream>(path, std::ios::binary);
    if (!*output.file_) {
        std::cerr << "cotation: cannot write " << path << '\n';
        status = exit_usage;
        return std::nullopt;
    }
    return output;
}

}  // namespace cotation::cli
