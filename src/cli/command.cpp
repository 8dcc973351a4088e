#include "cli/command.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <limits>
#include <map>

#include "cli/commands.hpp"
#include "cli/definitions.hpp"
#include "cotation/diagnostic.hpp"
#include "cotation/version.hpp"

namespace cotation::cli {

namespace {

constexpr std::string_view program = "cotation";

// "a", "a or b", "a, b or c".
std::string alternatives(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
    return out;
}

// The help's options column: the type (the choices of a positional), `(required)`; the description
// ends with the default and `(repeatable)`. Groups of options are one blank line apart.
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
        std::string groups;
        for (const std::string& group : app->get_groups()) {
            const auto options = app->get_options([&](const CLI::Option* o) { return o->get_group() == group && o->nonpositional(); });
            if (!group.empty() && !options.empty()) groups += make_group(group, false, options);
        }
        return make_description(app) + make_usage(app, name) + make_positionals(app) + groups + make_subcommands(app, mode) + '\n' +
               make_footer(app);
    }
    std::string make_option_opts(const CLI::Option* option) const override {
        if (option->get_positional()) return choices_of(option->get_type_name()).empty() ? "" : " " + option->get_type_name();
        std::string out;
        if (takes_value(*option)) out += " " + option->get_type_name();
        if (option->get_required()) out += " (required)";
        return out;
    }
    std::string make_option_desc(const CLI::Option* option) const override {
        std::string out = option->get_description();
        if (!option->get_default_str().empty()) out += " (default " + option->get_default_str() + ")";
        if (option->nonpositional() && option->get_expected_max() > 1) out += " (repeatable)";
        return out;
    }
};

// The positional arguments as the usage line writes them, e.g. `POLICY DEMANDS`, `POLICY...`,
// `demands|allocations`.
std::string expected_arguments(const CLI::App& command) {
    std::string out;
    for (const CLI::Option* option : command.get_options([](const CLI::Option* o) { return o->get_positional(); })) {
        const std::string& type = option->get_type_name();
        out += (out.empty() ? "" : " ") + (choices_of(type).empty() ? option->get_name(true) : type) +
               (option->get_expected_max() > 1 ? "..." : "");
    }
    return out;
}

// `; did you mean NAME?` with the name closest to `word`, or nothing when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
    const std::string close = closest_name(word, names);
    return close.empty() ? "" : "; did you mean " + close + "?";
}

std::string unknown_option(const CLI::App& app, const std::string& argument) {
    const std::string word = argument.substr(0, argument.find('='));
    std::vector<std::string> names;  // of the options of `app`, with their dashes
    for (const CLI::Option* option : app.get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
        const std::vector<std::string> option_names = names_of(*option);
        names.insert(names.end(), option_names.begin(), option_names.end());
    }
    return "unknown option " + word + did_you_mean(word, names);
}

bool is_option_like(const std::string& argument) { return argument.size() > 1 && argument[0] == '-'; }

// The message of a usage mistake that CLI11 found in `command`, in the one style. What the line
// holds that no option or argument takes comes first: a misspelt option explains the rest.
std::string usage_message(const CLI::App& command, const CLI::ParseError& error) {
    const std::vector<std::string> extra = command.remaining();
    if (!extra.empty()) {
        if (is_option_like(extra.front())) return unknown_option(command, extra.front());
        return "unexpected argument '" + extra.front() + "' (expected " + expected_arguments(command) + ")";
    }
    if (dynamic_cast<const CLI::RequiredError*>(&error)) {
        for (const CLI::Option* option : command.get_options()) {
            if (!option->get_required() || option->count() > 0) continue;
            if (option->get_positional()) return "expected " + expected_arguments(command);
            return option->get_name() + " " + option->get_type_name() + " is required";
        }
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) {
        // CLI11 names the option first: `--as-of: 1 required DATE missing`, `explain was given a
        // disallowed flag override`.
        const std::string what = error.what();
        const std::string name = what.substr(0, what.find_first_of(": "));
        const CLI::Option* option = command.get_option_no_throw(is_option_like(name) ? name : "--" + name);
        if (option && !takes_value(*option)) return option->get_name() + " takes no value";
        if (option) return option->get_name() + " needs a value (" + option->get_type_name() + ")";
    }
    return error.what();  // our own checks: `NAME: 'VALUE' is not ...`
}

int report_parse_error(const CLI::App& root, const CLI::ParseError& error) {
    const std::vector<CLI::App*> chosen = root.get_subcommands();
    if (!chosen.empty()) return usage_error(chosen.front()->get_name(), usage_message(*chosen.front(), error));
    const std::vector<std::string> extra = root.remaining();
    if (extra.empty()) {  // no command at all
        std::cerr << root.help();
        return exit_usage;
    }
    if (is_option_like(extra.front())) return usage_error("", unknown_option(root, extra.front()));
    std::vector<std::string> commands;
    for (const CLI::App* command : root.get_subcommands({})) commands.push_back(command->get_name());
    return usage_error("", "unknown command '" + extra.front() + "'" + did_you_mean(extra.front(), commands));
}

}  // namespace

int usage_error(std::string_view command, std::string_view message) {
    const std::string who = std::string(program) + (command.empty() ? "" : " " + std::string(command));
    std::cerr << who << ": " << message << "\n(see " << who << " --help)\n";
    return exit_usage;
}

int run_command_line(int argc, char** argv) {
    CLI::App root{"cotation: the rules of French social housing allocation (cotation grids, CIA quotas), checked and applied",
                  std::string(program)};
    root.formatter(std::make_shared<HelpFormatter>());
    root.get_formatter()->column_width(32);
    root.get_formatter()->label("Positionals", "Arguments");
    root.get_formatter()->label("SUBCOMMAND", "COMMAND");
    root.set_help_flag("-h,--help", "print this help and exit");
    root.set_version_flag("--version",
                          "cotation " + std::string(version()) + " (policy format " + std::to_string(policy_format_version) + ")",
                          "print the version and exit");
    root.require_subcommand(1);
    // As the hand-written parser did: an option given twice keeps its last value; a flag takes no value.
    root.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)->disable_flag_override();
    root.footer("Run `cotation COMMAND --help` for the options of a command and an example.\n"
                "Exit status: 0 success; 1 the policy has errors, a test failed, or (with --strict) a row was\n"
                "rejected; 2 usage or file error.");

    std::map<const CLI::App*, CommandRun> runs;
    for (const Command* command : all_commands) {
        CLI::App* app = root.add_subcommand(std::string(command->name), std::string(command->summary))->group("Commands");
        app->footer("Example:\n  " + std::string(command->example));
        runs[app] = command->define(*app);
    }
    try {
        root.parse(argc, argv);
    } catch (const CLI::Success& success) {  // --help, --version
        return root.exit(success);
    } catch (const CLI::ParseError& error) {
        return report_parse_error(root, error);
    }
    return runs.at(root.get_subcommands().front())();
}

// --- Arguments and options -----------------------------------------------------------------

CLI::Option* required(CLI::Option* option) { return option->required(); }

namespace {

// An option or a positional argument (required) bound to `value`.
template <class T>
CLI::Option* add(CLI::App& app, const std::string& name, T& value, const std::string& type, const std::string& description) {
    CLI::Option* option = app.add_option(name, value, description)->type_name(type);
    if (option->get_positional()) option->required();
    return option;
}

// An option whose text `assign` reads once `problem` found nothing wrong with it.
CLI::Option* add_parsed(CLI::App& app, const std::string& name, const std::string& type, const std::string& description,
                        std::function<std::string(const std::string&)> problem, std::function<void(const std::string&)> assign) {
    CLI::Option* option = app.add_option_function<std::string>(name, std::move(assign), description)->type_name(type);
    option->check(std::move(problem));
    return option;
}

}  // namespace

CLI::Option* add_file(CLI::App& app, const std::string& name, std::string& path, const std::string& description) {
    return add(app, name, path, std::string(file_type), description);
}

CLI::Option* add_files(CLI::App& app, const std::string& name, std::vector<std::string>& paths, const std::string& description) {
    return add(app, name, paths, std::string(file_type), description);
}

CLI::Option* add_flag(CLI::App& app, const std::string& name, bool& value, const std::string& description) {
    return app.add_flag(name, value, description);
}

CLI::Option* add_text(CLI::App& app, const std::string& name, std::string& value, const std::string& type,
                      const std::string& description, std::function<std::string(const std::string&)> problem) {
    CLI::Option* option = add(app, name, value, type, description);
    if (problem) option->check(std::move(problem));
    return option;
}

CLI::Option* add_texts(CLI::App& app, const std::string& name, std::vector<std::string>& values, const std::string& type,
                       const std::string& description) {
    // One value an occurrence, so that `--why A POLICY` leaves POLICY to the positional arguments.
    return add(app, name, values, type, description)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* add_choice(CLI::App& app, const std::string& name, std::string& value, const std::vector<std::string>& choices,
                        const std::string& description) {
    CLI::Option* option = add_text(app, name, value, joined(choices, "|"), description, [choices](const std::string& text) {
        return std::find(choices.begin(), choices.end(), text) != choices.end() ? std::string()
                                                                              : "'" + text + "' is not " + alternatives(choices);
    });
    if (!option->get_positional()) {
        value = choices.front();
        option->default_str(choices.front());
    }
    return option;
}

CLI::Option* add_date(CLI::App& app, const std::string& name, std::optional<Date>& date, const std::string& description) {
    return add_parsed(
        app, name, "DATE", description,
        [](const std::string& text) { return parse_iso_date(text) ? std::string() : "'" + text + "' is not a date (YYYY-MM-DD)"; },
        [&date](const std::string& text) { date = parse_iso_date(text); });
}

std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t max) {
    std::uint64_t value = 0;
    if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

CLI::Option* add_whole_number(CLI::App& app, const std::string& name, std::uint64_t& value, std::uint64_t min, std::uint64_t max,
                              const std::string& type, const std::string& description) {
    constexpr std::uint64_t unbounded = std::numeric_limits<std::uint64_t>::max();
    const std::string range = max != unbounded ? " from " + std::to_string(min) + " to " + std::to_string(max)
                              : min > 0        ? " of at least " + std::to_string(min)
                                               : "";
    return add_parsed(
        app, name, type, description,
        [min, max, range](const std::string& text) {
            const auto number = parse_whole_number(text, max);
            return number && *number >= min ? std::string() : "'" + text + "' is not a whole number" + range;
        },
        [&value](const std::string& text) { value = *parse_whole_number(text, unbounded); });
}

CLI::Option* add_policy(CLI::App& app, std::string& path, const std::string& description) {
    return add_file(app, "POLICY", path, description);
}

CLI::Option* add_data_file(CLI::App& app, const std::string& name, std::string& path, const std::string& what) {
    return add_file(app, name, path, what + ": CSV, or JSON Lines when the name ends in .jsonl");
}

CLI::Option* add_output(CLI::App& app, std::string& path) {
    return add_file(app, "-o", path, "write the output to FILE (default: the standard output)");
}

CLI::Option* add_format(CLI::App& app, std::string& format, const std::vector<std::string>& formats) {
    return add_choice(app, "--format", format, formats, "the form of the output");
}

CLI::Option* add_as_of(CLI::App& app, std::optional<Date>& as_of, const std::string& description) {
    return add_date(app, "--as-of", as_of, description);
}

CLI::Option* add_parameter_settings(CLI::App& app, std::vector<std::string>& settings) {
    return add_texts(app, "--set", settings, "NAME=VALUE",
                     "a parameter's value for this run, all its dates replaced (YAML: 80, [\"62510\"], {1: 0, 2: 1})");
}

void add_data_options(CLI::App& app, DataOptions& options) {
    const std::string group = "Data options";
    add_parsed(
        app, "--delimiter", "C", "the CSV delimiter, one character or \\t (default: `,` or `;`, read from the header line)",
        [](const std::string& text) { return text.size() == 1 || text == "\\t" ? std::string() : "'" + text + "' is not one character"; },
        [&options](const std::string& text) { options.read.delimiter = text == "\\t" ? '\t' : text[0]; })
        ->group(group);
    add_flag(app, "--decimal-comma", options.read.decimal_comma, "numbers are written with a decimal comma (1234,56)")->group(group);
    add_file(app, "--rejects", options.rejects, "write the rejected rows to FILE (CSV: line, field, value, reason)")->group(group);
    add_flag(app, "--strict", options.strict, "stop with exit status 1 when a row is rejected")->group(group);
}

}  // namespace cotation::cli
