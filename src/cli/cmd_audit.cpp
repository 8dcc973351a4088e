// cotation audit POLICY ALLOCATIONS (--year Y | --from D --to D) [--as-of D] [--candidates FILE]
//                [--demands FILE | --diagnosis] [--format text|csv|json|html] [-o OUT]
//
// --demands FILE (demand rows) adds the territorial diagnosis with the demand side; --diagnosis adds
// it from the allocations alone. With --format csv the diagnosis table replaces the quota table.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/progress.hpp"
#include "cotation/audit.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/diagnosis.hpp"

namespace cotation::cli {

namespace {

// The audit period from --year or --from/--to; nullopt with `status` set (and the problem printed).
std::optional<std::pair<Date, Date>> period_options(const Args& args, int& status) {
    const std::string* year = args.value("--year");
    const bool has_from = args.value("--from") != nullptr, has_to = args.value("--to") != nullptr;
    if (year && (has_from || has_to)) {
        status = usage_error("audit", "give either --year or --from and --to, not both");
        return std::nullopt;
    }
    if (year) {
        int y = 0;
        const auto [end, ec] = std::from_chars(year->data(), year->data() + year->size(), y);
        if (ec != std::errc() || end != year->data() + year->size() || year->size() != 4 || y < 1) {
            status = usage_error("audit", "--year: '" + *year + "' is not a year (e.g. 2024)");
            return std::nullopt;
        }
        return std::pair{date_from_civil(y, 1, 1), date_from_civil(y, 12, 31)};
    }
    if (!has_from || !has_to) {
        status = usage_error("audit", has_from || has_to ? "--from and --to go together" : "the period is required: --year Y, or --from D --to D");
        return std::nullopt;
    }
    auto from = date_option(args, "--from", true, status);
    if (!from) return std::nullopt;
    auto to = date_option(args, "--to", true, status);
    if (!to) return std::nullopt;
    if (*to < *from) {
        status = usage_error("audit", "--to " + format_date(*to) + " is before --from " + format_date(*from));
        return std::nullopt;
    }
    return std::pair{*from, *to};
}

}  // namespace

int run_audit(const std::vector<std::string>& argv) {
    OptionSpec spec{{"--year", "--from", "--to", "--as-of", "--candidates", "--demands", "--format", "-o"}, {"--diagnosis"}};
    add_data_options(spec);
    std::string error;
    auto args = parse_args(argv, spec, error);
    if (!args) return usage_error("audit", error);
    if (args->positional.size() != 2) return usage_error("audit", "expected POLICY ALLOCATIONS");
    const std::string format = args->value("--format") ? *args->value("--format") : "text";
    if (format != "text" && format != "csv" && format != "json" && format != "html")
        return usage_error("audit", "--format is text, csv, json or html");
    const bool with_diagnosis = args->flag("--diagnosis") || args->value("--demands") != nullptr;
    if (with_diagnosis && format == "csv" && args->value("--candidates"))
        return usage_error("audit", "--format csv writes one table: the what-if (--candidates) or the diagnosis (--demands, --diagnosis), not both");
    int status = exit_ok;
    const auto period = period_options(*args, status);
    if (!period) return status;
    const auto as_of = date_option(*args, "--as-of", false, status);
    if (status != exit_ok) return status;

    auto policy = load_or_report(args->positional[0], status);
    if (!policy) return status;
    if (policy->quota_ids().empty()) {
        std::cerr << "cotation audit: " << args->positional[0] << ": the policy declares no quotas\n";
        return exit_failure;
    }
    const std::string& path = args->positional[1];
    // A file audited alone goes through the fast path (columns, all cores, read in blocks); the
    // what-if and the diagnosis read the allocations as rows.
    const bool columnar = !args->value("--candidates") && !with_diagnosis;
    std::optional<DataTable> allocations;
    if (!columnar) {
        allocations = read_data(*policy, "allocation", path, *args, status);
        if (!allocations) return status;
    }
    std::optional<DataTable> candidates;
    if (const std::string* file = args->value("--candidates")) {
        Args candidate_args = *args;  // --rejects lists the allocations' rejected rows only
        candidate_args.values.erase("--rejects");
        candidates = read_data(*policy, "allocation", *file, candidate_args, status);
        if (!candidates) return status;
    }
    std::optional<DataTable> demands;
    if (const std::string* file = args->value("--demands")) {
        if (!policy->has_record("demand")) {
            std::cerr << "cotation audit: warning: the policy declares no `demand` record; " << *file << " is not read\n";
        } else {
            Args demand_args = *args;  // --rejects lists the allocations' rejected rows only
            demand_args.values.erase("--rejects");
            demands = read_data(*policy, "demand", *file, demand_args, status);
            if (!demands) return status;
        }
    }

    AuditOptions options;
    options.from = period->first;
    options.to = period->second;
    options.as_of = as_of;
    AuditRun run;
    std::uint64_t rows_read = 0;
    std::vector<RejectedRow> unreadable;
    if (columnar) {
        const auto read = read_options(*args, status);
        if (!read) return status;
        std::error_code size_error;
        Progress bar("audit", static_cast<std::uint64_t>(std::filesystem::file_size(path, size_error)));
        options.progress = [&](std::uint64_t bytes) { bar.update(bytes); };
        FastAuditRun counted = audit_allocations_file(*policy, path, options, *read);
        bar.finish();
        if (!counted.audit.ok()) {
            const bool named = counted.audit.error.find(path) != std::string::npos;
            std::cerr << "cotation audit: " << (counted.input_error && !named ? path + ": " : std::string()) << counted.audit.error << '\n';
            return counted.input_error ? exit_usage : exit_failure;
        }
        if (!report_read(path, counted.read_warnings, counted.rejected, *args, status)) return status;
        run = std::move(counted.audit);
        rows_read = counted.rows_read;
        unreadable = std::move(counted.rejected);
    } else {
        run = audit_allocations(*policy, *allocations, options);
        if (!run.ok()) {
            std::cerr << "cotation audit: " << run.error << '\n';
            return exit_failure;
        }
        rows_read = allocations->rows_read;
        unreadable = allocations->rejected;
    }
    const std::vector<RejectedRow>& period_rejects = run.period_rejects;
    std::cerr << "policy: " << policy->name() << (policy->version().empty() ? "" : " (version " + policy->version() + ")") << '\n'
              << "period: " << format_date(run.from) << " to " << format_date(run.to) << ", parameters as of " << format_date(run.as_of)
              << '\n';
    for (const std::string& w : run.warnings) std::cerr << "cotation audit: warning: " << w << '\n';

    // Rows whose period field is null are rejected like unreadable rows: counted, listed in
    // --rejects, fatal under --strict.
    if (!period_rejects.empty()) {
        std::cerr << "cotation audit: " << path << ": " << period_rejects.size()
                  << " row(s) rejected: the period field is empty; first at line " << period_rejects.front().line << '\n';
        if (const std::string* rejects = args->value("--rejects")) {
            std::vector<RejectedRow> all = unreadable;
            all.insert(all.end(), period_rejects.begin(), period_rejects.end());
            std::stable_sort(all.begin(), all.end(), [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
            std::ofstream out(*rejects, std::ios::binary);
            if (!out) {
                std::cerr << "cotation: cannot write " << *rejects << '\n';
                return exit_usage;
            }
            out << rejects_csv(all);
        }
    }
    const std::uint64_t rejected = unreadable.size() + period_rejects.size();
    std::cerr << "rows read: " << rows_read << ", in period: " << run.rows_in_period
              << ", outside period: " << run.rows_outside_period << ", rejected: " << rejected << " ("
              << period_rejects.size() << " without period, " << unreadable.size() << " unreadable)\n";
    if (rows_read != run.rows_in_period + run.rows_outside_period + rejected)
        std::cerr << "cotation audit: internal error: rows read != in period + outside period + rejected\n";
    if (!period_rejects.empty() && args->flag("--strict")) {
        std::cerr << "cotation: --strict: stopping on rejected rows\n";
        return exit_failure;
    }

    std::vector<WhatIfEffect> effects;
    if (candidates) {
        effects = what_if(*policy, run, *candidates, options, error);
        if (!error.empty()) {
            std::cerr << "cotation audit: " << error << '\n';
            return exit_failure;
        }
        std::cerr << "candidates: " << candidates->rows.size() << " read, " << candidates->rejected.size() << " rejected\n";
    }

    std::optional<Diagnosis> diagnosis;
    if (with_diagnosis) {
        // A policy without a `demand` record gets an empty table: the note then says why.
        const DataTable no_demand_record;
        const DataTable* demand_rows = demands ? &*demands : args->value("--demands") ? &no_demand_record : nullptr;
        diagnosis = diagnose(*policy, *allocations, demand_rows, options);
        if (!diagnosis->ok()) {
            std::cerr << "cotation audit: diagnosis: " << diagnosis->error << '\n';
            return exit_failure;
        }
        for (const DiagnosisNote& n : diagnosis->notes) std::cerr << "cotation audit: diagnosis: " << n.section << ": " << n.text << '\n';
        if (demands)
            std::cerr << "demands: " << demands->rows_read << " read, " << diagnosis->demands << " counted, "
                      << diagnosis->demands_filed_after << " filed after the period, " << demands->rejected.size() << " rejected\n";
    }
    const Diagnosis* diag = diagnosis ? &*diagnosis : nullptr;

    Output output(*args);
    if (!output.ok()) return usage_error("audit", output.error());
    std::ostream& out = output.stream();
    if (format == "html") write_audit_html(out, *policy, run, candidates ? &effects : nullptr, diag);
    else if (format == "csv" && diag) write_diagnosis_csv(out, *diag);
    else if (!candidates) {
        if (format == "csv") write_audit_csv(out, run);
        else if (format == "json") write_audit_json(out, *policy, run, diag);
        else write_audit_text(out, *policy, run);
    } else {
        if (format == "csv") write_what_if_csv(out, effects);
        else if (format == "json") write_what_if_json(out, *policy, run, effects, diag);
        else write_what_if_text(out, *policy, run, effects);
    }
    if (format == "text" && diag) write_diagnosis_text(out, *diag);
    out.flush();
    if (!out) {
        std::cerr << "cotation audit: could not write the output\n";
        return exit_usage;
    }
    return exit_ok;
}

}  // namespace cotation::cli
