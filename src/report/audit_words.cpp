#include "report/audit_words.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "check/compiled.hpp"
#include "cotation/audit_report.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace internal {

std::int64_t share_scaled(std::int64_t k, std::int64_t n) {
    const __int128 num = static_cast<__int128>(k) * 20000 + n;
    return static_cast<std::int64_t>(num / (static_cast<__int128>(2) * n));
}

std::string share_decimal(std::int64_t k, std::int64_t n) {
    if (n == 0) return {};
    const std::int64_t s = share_scaled(k, n);
    return fmt::format("{}.{:04}", s / 10000, s % 10000);
}

std::string percent_fr(std::int64_t k, std::int64_t n) {
    if (n == 0) return "—";
    const std::int64_t s = share_scaled(k, n);
    return fmt::format("{},{:02} %", s / 100, s % 100);
}

std::string join_group(const Group& group, std::string_view overall, std::string_view separator,
                       const std::function<std::string(const std::string& field, const Value& value)>& words) {
    if (group.empty()) return std::string(overall);
    std::string out;
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (i) out += separator;
        out += words(group[i].first, group[i].second);
    }
    return out;
}

std::string group_values_text(const Group& group) {
    return join_group(group, "*", ";", [](const std::string& field, const Value& v) { return field + "=" + format_value(v); });
}

std::string status_fr(QuotaStatus s) {
    switch (s) {
        case QuotaStatus::met: return "atteint";
        case QuotaStatus::not_met: return "non atteint";
        case QuotaStatus::no_data: return "sans donnée";
    }
    return "";
}

std::string gap_fr(const QuotaGroupResult& r) {
    if (r.gap) return std::to_string(*r.gap);
    if (r.exceeded_by > 0) return "dépassé de " + std::to_string(r.exceeded_by);
    return "inatteignable";
}

std::string group_fr(const QuotaGroupResult& r) {
    return join_group(r.group, "Ensemble", " / ", [](const std::string&, const Value& v) { return v.is_null() ? "(vide)" : format_value(v); });
}

std::string direction_fr(int d) { return d > 0 ? "vers l'objectif" : d < 0 ? "s'en éloigne" : "sans effet"; }

std::string header_line(const Policy& policy) {
    return policy.name() + (policy.version().empty() ? std::string() : " — version " + policy.version());
}

std::string period_fr(const AuditRun& run) {
    return "Période : du " + format_date(run.from) + " au " + format_date(run.to) + " (paramètres en vigueur au " +
           format_date(run.as_of) + ")";
}

std::vector<QuotaBlock> quota_blocks(const AuditRun& run) {
    std::vector<QuotaBlock> out;
    for (std::size_t i = 0; i < run.results.size(); ++i) {
        if (out.empty() || run.results[i].quota != run.results[out.back().begin].quota) out.push_back(QuotaBlock{i, i});
        out.back().end = i + 1;
    }
    return out;
}

const CheckedQuota* find_quota(const Policy& policy, const std::string& id) {
    for (const CheckedQuota& q : internal::PolicyAccess::compiled(policy).quotas)
        if (q.id == id) return &q;
    return nullptr;
}

std::string by_names(const Policy& policy, const CheckedQuota* q) {
    if (!q || q->by_slots.empty()) return "Groupe";
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    const CheckedRecord& record = p.records[static_cast<std::size_t>(q->record)];
    std::string out;
    for (std::size_t i = 0; i < q->by_slots.size(); ++i)
        out += (i ? " / " : "") + p.field_label(record.name, record.slot_names[static_cast<std::size_t>(q->by_slots[i])]);
    return out;
}

std::string overrides_fr(std::size_t count) {
    return count == 1 ? "1 groupe a un objectif qui lui est propre" : std::to_string(count) + " groupes ont un objectif qui leur est propre";
}

std::string number_fr(double v) {
    std::string text = format_number(v);
    std::string sign;
    if (!text.empty() && text[0] == '-') {
        sign = "-";
        text.erase(0, 1);
    }
    const std::size_t dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    std::string frac;
    if (dot != std::string::npos) frac.append(",").append(text, dot + 1);
    if (whole.find_first_not_of("0123456789") != std::string::npos) return sign + text;  // 1e+20 and the like
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i && (whole.size() - i) % 3 == 0) grouped += "\u202f";
        grouped += whole[i];
    }
    return sign + grouped + frac;
}

std::size_t display_width(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace internal

// The public texts of a result (include/cotation/audit_report.hpp), as the CSV writes them.

std::string share_text(const QuotaGroupResult& r) { return internal::share_decimal(r.k, r.n); }

std::string gap_text(const QuotaGroupResult& r) {
    if (r.gap) return std::to_string(*r.gap);
    if (r.exceeded_by > 0) return "exceeded by " + std::to_string(r.exceeded_by);
    return {};
}

std::string group_text(const QuotaGroupResult& r) { return internal::group_values_text(r.group); }

std::string share_text(const DiagnosisRow& r) { return internal::share_decimal(r.k, r.n); }

std::string group_text(const DiagnosisRow& r) { return internal::group_values_text(r.group); }

}  // namespace cotation
