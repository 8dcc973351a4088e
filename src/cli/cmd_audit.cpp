// cotation audit POLICY ALLOCATIONS (--year Y | --from D --to D) [--as-of D] [--candidates FILE]
//                [--demands FILE | --diagnosis] [--set NAME=VALUE]... [--format text|csv|json|html] [-o OUT]
//
// --demands FILE (demand rows) adds the territorial diagnosis with the demand side; --diagnosis adds
// it from the allocations alone. With --format csv the diagnosis table replaces the quota table.
#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/opening.hpp"
#include "cli/progress.hpp"
#include "cotation/audit.hpp"
#include "cotation/audit_report.hpp"
#include "cotation/diagnosis.hpp"

namespace cotation::cli {

namespace {

struct Arguments {
    std::string policy, allocations, year, candidates, demands, format, output;
    std::optional<Date> from, to, as_of;
    bool diagnosis = false;
    std::vector<std::string> settings;
    DataOptions data;
};

// `Y` of --year: four digits.
std::optional<int> parse_year(const std::string& text) {
    const auto year = text.size() == 4 ? parse_whole_number(text, 9999) : std::nullopt;
    return year && *year >= 1 ? std::optional<int>(static_cast<int>(*year)) : std::nullopt;
}

// The audit period from --year or --from/--to; nullopt with `status` set (and the problem printed).
std::optional<std::pair<Date, Date>> period_of(const Arguments& args, int& status) {
    const bool has_from = args.from.has_value(), has_to = args.to.has_value();
    if (!args.year.empty() && (has_from || has_to)) {
        status = usage_error("audit", "give either --year or --from and --to, not both");
        return std::nullopt;
    }
    if (!args.year.empty()) {
        const int y = *parse_year(args.year);
        return std::pair{date_from_civil(y, 1, 1), date_from_civil(y, 12, 31)};
    }
    if (!has_from || !has_to) {
        status = usage_error("audit", has_from || has_to ? "--from and --to go together" : "the period is required: --year Y, or --from D --to D");
        return std::nullopt;
    }
    if (*args.to < *args.from) {
        status = usage_error("audit", "--to " + format_date(*args.to) + " is before --from " + format_date(*args.from));
        return std::nullopt;
    }
    return std::pair{*args.from, *args.to};
}

int audit(const Arguments& args) {
    const bool with_diagnosis = args.diagnosis || !args.demands.empty();
    if (with_diagnosis && args.format == "csv" && !args.candidates.empty())
        return usage_error("audit", "--format csv writes one table: the what-if (--candidates) or the diagnosis (--demands, --diagnosis), not both");
    int status = exit_ok;
    const auto period = period_of(args, status);
    if (!period) return status;

    auto policy = load_or_report(args.policy, status);
    if (!policy) return status;
    if (policy->quota_ids().empty()) {
        std::cerr << "cotation audit: " << args.policy << ": the policy declares no quotas\n";
        return exit_failure;
    }
    auto overrides = overrides_or_report("audit", *policy, args.settings, status);
    if (!overrides) return status;
    const std::string& path = args.allocations;
    // A file audited alone goes through the fast path (columns, all cores, read in blocks); the
    // what-if and the diagnosis read the allocations as rows.
    const bool columnar = args.candidates.empty() && !with_diagnosis;
    std::optional<DataTable> allocations;
    if (!columnar) {
        allocations = read_data(*policy, "allocation", path, args.data, status);
        if (!allocations) return status;
    }
    DataOptions other_files = args.data;  // --rejects lists the allocations' rejected rows only
    other_files.rejects.clear();
    std::optional<DataTable> candidates;
    if (!args.candidates.empty()) {
        candidates = read_data(*policy, "allocation", args.candidates, other_files, status);
        if (!candidates) return status;
    }
    std::optional<DataTable> demands;
    if (!args.demands.empty()) {
        if (!policy->has_record("demand")) {
            std::cerr << "cotation audit: warning: the policy declares no `demand` record; " << args.demands << " is not read\n";
        } else {
            demands = read_data(*policy, "demand", args.demands, other_files, status);
            if (!demands) return status;
        }
    }

    AuditOptions options;
    options.from = period->first;
    options.to = period->second;
    options.as_of = args.as_of;
    options.parameter_overrides = std::move(*overrides);
    AuditRun run;
    std::uint64_t rows_read = 0;
    std::vector<RejectedRow> unreadable;
    std::string error;
    if (columnar) {
        Progress bar("audit", file_bytes(path));
        options.progress = [&](std::uint64_t bytes) { bar.update(bytes); };
        FastAuditRun counted = audit_allocations_file(*policy, path, options, args.data.read);
        bar.finish();
        if (!counted.audit.ok()) {
            const bool named = counted.audit.error.find(path) != std::string::npos;
            std::cerr << "cotation audit: " << (counted.input_error && !named ? path + ": " : std::string()) << counted.audit.error << '\n';
            return counted.input_error ? exit_usage : exit_failure;
        }
        if (!report_read(path, counted.read_warnings, counted.rejected, args.data, status)) return status;
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
    print_policy(*policy);
    std::cerr << "period: " << format_date(run.from) << " to " << format_date(run.to) << ", parameters as of " << format_date(run.as_of)
              << '\n';
    for (const std::string& w : run.warnings) std::cerr << "cotation audit: warning: " << w << '\n';

    // Rows whose period field is null are rejected like unreadable rows: counted, listed in
    // --rejects, fatal under --strict.
    if (!period_rejects.empty()) {
        std::cerr << "cotation audit: " << path << ": " << period_rejects.size()
                  << " row(s) rejected: the period field is empty; first at line " << period_rejects.front().line << '\n';
        if (!args.data.rejects.empty()) {
            std::vector<RejectedRow> all = unreadable;
            all.insert(all.end(), period_rejects.begin(), period_rejects.end());
            std::stable_sort(all.begin(), all.end(), [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
            if (!write_rejects(args.data.rejects, all, status)) return status;
        }
    }
    const std::uint64_t rejected = unreadable.size() + period_rejects.size();
    std::cerr << "rows read: " << rows_read << ", in period: " << run.rows_in_period
              << ", outside period: " << run.rows_outside_period << ", rejected: " << rejected << " ("
              << period_rejects.size() << " without period, " << unreadable.size() << " unreadable)\n";
    if (rows_read != run.rows_in_period + run.rows_outside_period + rejected)
        std::cerr << "cotation audit: internal error: rows read != in period + outside period + rejected\n";
    if (!period_rejects.empty() && args.data.strict) {
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
        const DataTable* demand_rows = demands ? &*demands : !args.demands.empty() ? &no_demand_record : nullptr;
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

    auto output = open_output(args.output, status);
    if (!output) return status;
    std::ostream& out = output->stream();
    const std::string& format = args.format;
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

CommandRun define(CLI::App& app) {
    auto args = std::make_shared<Arguments>();
    add_policy(app, args->policy, "the policy (YAML), with its quotas");
    add_data_file(app, "ALLOCATIONS", args->allocations, "the allocations");
    add_text(app, "--year", args->year, "Y", "the period: the calendar year Y", [](const std::string& text) {
        return parse_year(text) ? std::string() : "'" + text + "' is not a year (e.g. 2024)";
    });
    add_date(app, "--from", args->from, "the period: its first day (with --to)");
    add_date(app, "--to", args->to, "the period: its last day (with --from)");
    add_as_of(app, args->as_of, "the date at which the parameters are read (default: the end of the period)");
    add_file(app, "--candidates", args->candidates, "candidate allocations: what each would change (what-if)");
    add_file(app, "--demands", args->demands, "demands: adds the territorial diagnosis, with the demand side");
    add_flag(app, "--diagnosis", args->diagnosis, "adds the territorial diagnosis from the allocations alone");
    add_format(app, args->format, {"text", "csv", "json", "html"});
    add_output(app, args->output);
    add_parameter_settings(app, args->settings);
    add_data_options(app, args->data);
    return [args] { return audit(*args); };
}

}  // namespace

const Command audit_command{"audit", "CIA quotas over a period: counts, what-if, territorial diagnosis",
                            "cotation audit rules/national/quotas.yaml examples/data/allocations.csv --year 2024 --format html -o audit.html",
                            define};

}  // namespace cotation::cli
