#include "cli/common.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

#include "cotation/diagnostic.hpp"

namespace cotation::cli {

int usage_error(const std::string& command, const std::string& message) {
    std::cerr << "cotation " << command << ": " << message << "\n(see cotation --help)\n";
    return exit_usage;
}

std::optional<Policy> load_or_report(const std::string& path, int& status) {
    LoadResult result = load_policy(path);
    std::cerr << format_text(result.diagnostics);
    if (result.ok()) return std::move(result.policy);
    const bool unreadable = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                        [&](const Diagnostic& d) { return d.code == "E0004" && d.line == 0; });
    status = unreadable ? exit_usage : exit_failure;
    return std::nullopt;
}

void add_data_options(OptionSpec& spec) {
    spec.with_value.insert({"--delimiter", "--rejects"});
    spec.flags.insert({"--decimal-comma", "--strict"});
}

std::optional<Date> date_option(const Args& args, const std::string& name, bool required, int& status) {
    const std::string* text = args.value(name);
    if (!text) {
        if (required) {
            std::cerr << "cotation: " << name << " DATE is required (YYYY-MM-DD)\n";
            status = exit_usage;
        }
        return std::nullopt;
    }
    auto date = parse_iso_date(*text);
    if (!date) {
        std::cerr << "cotation: " << name << ": '" << *text << "' is not a date (YYYY-MM-DD)\n";
        status = exit_usage;
    }
    return date;
}

std::optional<ReadOptions> read_options(const Args& args, int& status) {
    ReadOptions options;
    if (const std::string* d = args.value("--delimiter")) {
        if (d->size() != 1 && *d != "\\t") {
            std::cerr << "cotation: --delimiter takes one character\n";
            status = exit_usage;
            return std::nullopt;
        }
        options.delimiter = *d == "\\t" ? '\t' : (*d)[0];
    }
    options.decimal_comma = args.flag("--decimal-comma");
    return options;
}

bool report_read(const std::string& path, const std::vector<std::string>& warnings, const std::vector<RejectedRow>& rejected,
                 const Args& args, int& status) {
    for (const std::string& w : warnings) std::cerr << "cotation: " << path << ": warning: " << w << '\n';
    if (const std::string* rejects = args.value("--rejects")) {
        std::ofstream out(*rejects, std::ios::binary);
        if (!out) {
            std::cerr << "cotation: cannot write " << *rejects << '\n';
            status = exit_usage;
            return false;
        }
        out << rejects_csv(rejected);
    }
    if (!rejected.empty()) {
        const RejectedRow& first = rejected.front();
        std::cerr << "cotation: " << path << ": " << rejected.size() << " row(s) rejected; first at line " << first.line
                  << (first.field.empty() ? "" : ", field " + first.field) << ": " << first.reason << '\n';
        if (args.flag("--strict")) {
            std::cerr << "cotation: --strict: stopping on rejected rows\n";
            status = exit_failure;
            return false;
        }
    }
    return true;
}

std::optional<DataTable> read_data(const Policy& policy, const std::string& record, const std::string& path,
                                   const Args& args, int& status) {
    if (!policy.has_record(record)) {
        std::cerr << "cotation: the policy declares no `" << record << "` record\n";
        status = exit_failure;
        return std::nullopt;
    }
    const auto options = read_options(args, status);
    if (!options) return std::nullopt;
    ReadResult read = read_table(path, policy.fields(record), *options);
    if (!read.ok()) {
        std::cerr << "cotation: " << path << ": " << read.error << '\n';
        status = exit_usage;
        return std::nullopt;
    }
    if (!report_read(path, read.table.warnings, read.table.rejected, args, status)) return std::nullopt;
    return std::move(read.table);
}

Output::Output(const Args& args) {
    if (const std::string* path = args.value("-o")) {
        file_ = std::make_unique<std::ofstream>(*path, std::ios::binary);
        if (!*file_) {
            ok_ = false;
            error_ = "cannot write " + *path;
        }
    }
}

std::ostream& Output::stream() { return file_ ? *file_ : std::cout; }

}  // namespace cotation::cli
