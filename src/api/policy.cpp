// The library's front door: load -> parse -> check, returning the policy or its diagnostics.
#include "cotation/policy.hpp"

#include <algorithm>
#include <tuple>

#include <range/v3/range/conversion.hpp>
#include <range/v3/view/transform.hpp>

#include "check/compiled.hpp"
#include "check/policy_access.hpp"

namespace cotation {

const std::string& Policy::name() const { return compiled_->name; }
const std::string& Policy::version() const { return compiled_->version; }
const std::string& Policy::reference() const { return compiled_->reference; }

bool Policy::has_record(const std::string& record) const { return compiled_->record_index(record) >= 0; }

std::vector<FieldSpec> Policy::fields(const std::string& record) const {
    const std::int32_t index = compiled_->record_index(record);
    return index < 0 ? std::vector<FieldSpec>{} : compiled_->records[static_cast<std::size_t>(index)].fields;
}

std::string Policy::key(const std::string& record) const {
    const std::int32_t index = compiled_->record_index(record);
    if (index < 0) return {};
    const CheckedRecord& r = compiled_->records[static_cast<std::size_t>(index)];
    return r.key_slot < 0 ? std::string() : r.slot_names[static_cast<std::size_t>(r.key_slot)];
}

std::vector<std::string> Policy::grid_ids() const {
    return compiled_->grids | ranges::views::transform(&CheckedGrid::id) | ranges::to<std::vector<std::string>>();
}

std::vector<std::string> Policy::flag_ids() const {
    return compiled_->flags | ranges::views::transform(&CheckedFlag::id) | ranges::to<std::vector<std::string>>();
}

std::vector<std::string> Policy::quota_ids() const {
    return compiled_->quotas | ranges::views::transform(&CheckedQuota::id) | ranges::to<std::vector<std::string>>();
}

namespace {

LoadResult finish(PolicyDoc doc, SourceSet sources, std::vector<Diagnostic> diagnostics) {
    LoadResult result;
    // A file that could not be read or parsed gives nothing more to check: names it would have
    // declared would be reported missing.
    if (!doc.incomplete) {
        auto compiled = std::make_shared<CompiledPolicy>(check_policy(std::move(doc), std::move(sources), diagnostics));
        if (!has_errors(diagnostics)) result.policy = internal::PolicyAccess::make(std::move(compiled));
    }
    // Keep the order a reader expects: by file, then line, then column.
    std::vector<std::string> file_order;
    for (const Diagnostic& d : diagnostics)
        if (std::find(file_order.begin(), file_order.end(), d.file) == file_order.end()) file_order.push_back(d.file);
    const auto rank = [&](const Diagnostic& d) {
        return std::tuple(std::find(file_order.begin(), file_order.end(), d.file) - file_order.begin(), d.line, d.column);
    };
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
    result.diagnostics = std::move(diagnostics);
    return result;
}

}  // namespace

LoadResult load_policy(const std::string& path) {
    SourceSet sources;
    std::vector<Diagnostic> diagnostics;
    PolicyDoc doc = load_policy_file(path, sources, diagnostics);
    return finish(std::move(doc), std::move(sources), std::move(diagnostics));
}

LoadResult load_policy_from_string(std::string text, const std::string& path) {
    SourceSet sources;
    std::vector<Diagnostic> diagnostics;
    PolicyDoc doc = load_policy_text(path, std::move(text), sources, diagnostics);
    return finish(std::move(doc), std::move(sources), std::move(diagnostics));
}

}  // namespace cotation
