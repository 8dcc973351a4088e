// lint: the legal checks L0101-L0106 (lint.hpp, docs/lint.md).
#include "lint/lint.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <tuple>

#include "check/priorities.hpp"
#include "eval/interpreter.hpp"
#include "lint/score_bounds.hpp"
#include "check/policy_access.hpp"

namespace cotation {

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

const RecordDecl* record_decl(const PolicyDoc& doc, const std::string& name) {
    const auto it = std::find_if(doc.records.begin(), doc.records.end(), [&](const RecordDecl& r) { return r.name.text == name; });
    return it == doc.records.end() ? nullptr : &*it;
}

// The field of `record` tagged `dalo: true`; nullptr when there is none.
const FieldDecl* dalo_field(const PolicyDoc& doc, const std::string& record) {
    const RecordDecl* r = record_decl(doc, record);
    if (!r) return nullptr;
    const auto it = std::find_if(r->fields.begin(), r->fields.end(), [](const FieldDecl& f) { return f.dalo.has_value(); });
    return it == r->fields.end() ? nullptr : &*it;
}

const FieldDecl* field_decl(const PolicyDoc& doc, const std::string& record, const std::string& field) {
    const RecordDecl* r = record_decl(doc, record);
    if (!r) return nullptr;
    const auto it = std::find_if(r->fields.begin(), r->fields.end(), [&](const FieldDecl& f) { return f.name.text == field; });
    return it == r->fields.end() ? nullptr : &*it;
}

std::string order_key_text(const OrderKey& k) { return k.name.text + (k.descending ? " desc" : " asc"); }

class Linter {
public:
    Linter(const CompiledPolicy& policy, std::optional<Date> as_of) : p_(policy), doc_(policy.doc), as_of_(as_of) {}

    std::vector<Diagnostic> run() {
        dalo_first();
        protected_fields();
        residence_alone();
        malus_without_end();
        priorities_covered();
        stale_yearly_figures();
        return std::move(found_);
    }

private:
    const CompiledPolicy& p_;
    const PolicyDoc& doc_;
    std::optional<Date> as_of_;
    std::vector<Diagnostic> found_;

    Diagnostic& add(Severity severity, const char* code, Loc loc, std::string message, std::string hint = {}) {
        found_.push_back(p_.sources.make(severity, code, loc, std::move(message), std::move(hint)));
        return found_.back();
    }

    const GridDecl* grid_decl(const std::string& id) const {
        const auto it = std::find_if(doc_.grids.begin(), doc_.grids.end(), [&](const GridDecl& g) { return g.id.text == id; });
        return it == doc_.grids.end() ? nullptr : &*it;
    }

    // --- L0101 -------------------------------------------------------------------------------
    // DALO households first: the first order key is the DALO field, descending; or, where the
    // first key is the score, every grid's bounds show that DALO demands outscore all others.
    void dalo_first() {
        if (p_.grids.empty()) return;
        const FieldDecl* dalo = dalo_field(doc_, "demand");
        const bool ranking_written = doc_.ranking && doc_.ranking->has_order && !doc_.ranking->order.empty();
        if (!dalo) {
            const Loc at = ranking_written ? doc_.ranking->order.front().name.loc : doc_.grids.front().id.loc;
            add(Severity::error, "L0101", at, "no field of 'demand' is tagged `dalo: true`: nothing shows that DALO households come first",
                "tag the DALO field (`dalo: {type: bool, dalo: true}`), then begin ranking.order with `dalo desc` or give DALO "
                "demands more points than any other demand can reach");
            return;
        }
        bool bounds_needed = false;
        const auto check_order = [&](const std::vector<OrderKey>& order, const char* where) {
            const OrderKey& first = order.front();
            if (first.name.text == dalo->name.text) {
                if (!first.descending)
                    add(Severity::error, "L0101", first.name.loc,
                        std::string(where) + " begins with " + quoted(order_key_text(first)) + ", which puts DALO households last",
                        "write `" + dalo->name.text + " desc`");
                return;
            }
            if (first.name.text == "score" && first.descending) {
                bounds_needed = true;
                return;
            }
            add(Severity::error, "L0101", first.name.loc,
                std::string(where) + " begins with " + quoted(order_key_text(first)) + ", which does not put DALO households first",
                "begin it with `" + dalo->name.text + " desc`, or with `score desc` and DALO points that no other demand can reach");
        };
        if (ranking_written) check_order(doc_.ranking->order, "ranking.order");
        else bounds_needed = true;  // the default order: score desc
        if (doc_.matching && doc_.matching->has_order && !doc_.matching->order.empty()) check_order(doc_.matching->order, "matching.order");
        if (!bounds_needed) return;
        for (const CheckedGrid& grid : p_.grids) {
            const GridDecl* decl = grid_decl(grid.id);
            const CheckedRecord& record = p_.records[static_cast<std::size_t>(grid.record)];
            const FieldDecl* grid_dalo = dalo_field(doc_, record.name);
            if (!decl) continue;
            if (!grid_dalo) {
                add(Severity::error, "L0101", decl->id.loc,
                    "grid " + quoted(grid.id) + " scores '" + record.name + "', which has no field tagged `dalo: true`",
                    "tag the record's DALO field, or order the demands by it");
                continue;
            }
            const GridBounds bounds = grid_bounds(p_, grid, record.slot_of(grid_dalo->name.text), BoundsOptions{as_of_});
            if (bounds.dalo_first()) continue;
            if (bounds.unbounded_rubric >= 0) {
                const RubricDecl& r = decl->rubrics[static_cast<std::size_t>(bounds.unbounded_rubric)];
                const CriterionDecl& c = r.criteria[static_cast<std::size_t>(bounds.unbounded_criterion)];
                Diagnostic& d = add(Severity::error, "L0101", decl->id.loc,
                                    "grid " + quoted(grid.id) + ": cannot prove that DALO households come first: the points of criterion " +
                                        quoted(r.id.text + "." + c.id.text) + " are not bounded",
                                    "bound them (clamp(...), min(...), or a cap or floor on the rubric), or begin ranking.order with `" +
                                        dalo->name.text + " desc`");
                d.notes.push_back(p_.sources.make(Severity::note, "L0101", c.id.loc, "this criterion"));
                continue;
            }
            const double others = round_half_away(bounds.others.hi, 2);
            add(Severity::error, "L0101", decl->id.loc,
                "grid " + quoted(grid.id) + ": a demand that is not DALO can reach " + format_number(others) + (others == 1 ? " point" : " points") +
                    ", a DALO demand may have only " + format_number(round_half_away(bounds.dalo.lo, 2)),
                "begin ranking.order with `" + dalo->name.text + " desc`, or give DALO demands more points than " +
                    format_number(round_half_away(bounds.others.hi, 2)));
        }
    }

    // --- L0102 -------------------------------------------------------------------------------
    // The protected field a slot of `record` reads, and the chain of derived fields that leads to
    // it (the slot's own name first); empty when it reads none.
    std::vector<std::string> protected_chain(const CheckedRecord& record, std::int32_t slot) const {
        const std::string& name = record.slot_names[static_cast<std::size_t>(slot)];
        if (static_cast<std::size_t>(slot) < record.fields.size()) {
            const FieldDecl* f = field_decl(doc_, record.name, name);
            return f && f->protected_ ? std::vector<std::string>{name} : std::vector<std::string>{};
        }
        const auto d = std::find_if(record.derived.begin(), record.derived.end(), [&](const CheckedDerived& x) { return x.slot == slot; });
        if (d == record.derived.end()) return {};
        std::vector<std::int32_t> reads;
        add_read_slots(d->expr, reads);
        for (std::int32_t s : reads) {
            std::vector<std::string> chain = protected_chain(record, s);
            if (chain.empty()) continue;
            chain.insert(chain.begin(), name);
            return chain;
        }
        return {};
    }

    // "'nationality'", or "'nationality' through 'origine_ue'" (the name read first).
    static std::string chain_text(const std::vector<std::string>& chain) {
        std::string out = quoted(chain.back());
        for (std::size_t i = 0; i + 1 < chain.size(); ++i) out += (i == 0 ? " through " : " and ") + quoted(chain[i]);
        return out;
    }

    void report_protected(const CheckedRecord& record, const Expr& e, const std::string& where) {
        if (e.op == Op::identifier && (e.ref == RefKind::field || e.ref == RefKind::derived)) {
            const std::vector<std::string> chain = protected_chain(record, e.slot);
            if (!chain.empty())
                add(Severity::error, "L0102", e.loc, where + " reads " + chain_text(chain) + ", a field the law forbids as a criterion",
                    "a protected field (tagged `protected: true`) may be kept in the data, never used to score, rank or select");
        }
        for (const Expr& a : e.args) report_protected(record, a, where);
    }

    void report_protected_keys(const CheckedRecord& record, const std::vector<OrderKey>& keys, const std::string& where) {
        for (const OrderKey& k : keys) {
            const std::int32_t slot = record.slot_of(k.name.text);
            if (slot < 0) continue;
            const std::vector<std::string> chain = protected_chain(record, slot);
            if (!chain.empty())
                add(Severity::error, "L0102", k.name.loc, where + " sorts by " + chain_text(chain) + ", a field the law forbids as a criterion",
                    "a protected field (tagged `protected: true`) may be kept in the data, never used to score, rank or select");
        }
    }

    void protected_fields() {
        for (const CheckedGrid& grid : p_.grids) {
            const CheckedRecord& record = p_.records[static_cast<std::size_t>(grid.record)];
            if (grid.applies_when) report_protected(record, *grid.applies_when, "the applies_when of grid " + quoted(grid.id));
            for (const CheckedRubric& r : grid.rubrics)
                for (const CheckedCriterion& c : r.criteria) {
                    const std::string where = "criterion " + quoted(r.id + "." + c.id) + " of grid " + quoted(grid.id);
                    if (c.when) report_protected(record, *c.when, where);
                    report_protected(record, c.points, where);
                }
        }
        if (p_.demand_record < 0) return;
        const CheckedRecord& demand = p_.records[static_cast<std::size_t>(p_.demand_record)];
        for (const Expr& w : p_.ranking.within) report_protected(demand, w, "ranking.within");
        if (doc_.ranking && doc_.ranking->has_order) report_protected_keys(demand, doc_.ranking->order, "ranking.order");
        if (p_.matching)
            for (const CheckedCondition& c : p_.matching->eligible_when)
                report_protected(demand, c.when, "eligibility condition " + quoted(c.id));
        if (doc_.matching && doc_.matching->has_order) report_protected_keys(demand, doc_.matching->order, "matching.order");
    }

    // --- L0103 -------------------------------------------------------------------------------
    // The demand's fields an expression reads, through derived fields.
    void base_fields(const CheckedRecord& record, const Expr& e, std::vector<std::int32_t>& out) const {
        std::vector<std::int32_t> reads;
        add_read_slots(e, reads);
        for (std::int32_t s : reads) {
            if (static_cast<std::size_t>(s) < record.fields.size()) {
                if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
                continue;
            }
            const auto d = std::find_if(record.derived.begin(), record.derived.end(), [&](const CheckedDerived& x) { return x.slot == s; });
            if (d != record.derived.end()) base_fields(record, d->expr, out);
        }
    }

    void residence_alone() {
        if (!p_.matching || !doc_.matching || p_.demand_record < 0) return;
        const CheckedRecord& demand = p_.records[static_cast<std::size_t>(p_.demand_record)];
        for (const CheckedCondition& c : p_.matching->eligible_when) {
            std::vector<std::int32_t> fields;
            base_fields(demand, c.when, fields);
            if (fields.empty()) continue;
            std::string names;
            bool residence_only = true;
            for (std::int32_t s : fields) {
                const std::string& name = demand.slot_names[static_cast<std::size_t>(s)];
                const FieldDecl* f = field_decl(doc_, "demand", name);
                residence_only = residence_only && f && f->residence;
                names += (names.empty() ? "" : ", ") + quoted(name);
            }
            if (!residence_only) continue;
            const auto decl = std::find_if(doc_.matching->eligible_when.begin(), doc_.matching->eligible_when.end(),
                                           [&](const EligibilityDecl& e) { return e.id.text == c.id; });
            if (decl == doc_.matching->eligible_when.end()) continue;
            add(Severity::warning, "L0103", decl->id.loc,
                "eligibility condition " + quoted(c.id) + " reads only where the household lives or works (" + names +
                    "): not living in a commune can never alone be a reason to refuse a dwelling",
                "make the territorial link one criterion of the grid among others, or join it to conditions on the household");
        }
    }

    // --- L0104 -------------------------------------------------------------------------------
    static bool is_time_call(const Expr& e) {
        return e.op == Op::call && (e.function == Function::days_between || e.function == Function::months_between ||
                                    e.function == Function::years_between || e.function == Function::age);
    }

    // Whether `when` holds only while a time since a date stays under a bound: one of the terms
    // joined by `and` compares months_between, days_between, years_between or age with an upper bound.
    static bool bounds_time(const Expr& e) {
        switch (e.op) {
            case Op::logical_and: return bounds_time(e.args[0]) || bounds_time(e.args[1]);
            case Op::less:
            case Op::less_equal: return is_time_call(e.args[0]);
            case Op::greater:
            case Op::greater_equal: return is_time_call(e.args[1]);
            case Op::logical_not: {
                const Expr& a = e.args[0];
                return ((a.op == Op::greater || a.op == Op::greater_equal) && is_time_call(a.args[0])) ||
                       ((a.op == Op::less || a.op == Op::less_equal) && is_time_call(a.args[1]));
            }
            default: return false;
        }
    }

    // The points, when they take points away: a negative number, a parameter whose value is
    // negative, or minus a parameter whose value is positive.
    std::optional<Range> malus(const Expr& points) const {
        const BoundsOptions options{as_of_};
        const auto parameter = [&](const Expr& e) -> std::optional<Range> {
            if (e.op != Op::identifier || e.ref != RefKind::parameter) return std::nullopt;
            return parameter_range(p_.parameters[static_cast<std::size_t>(e.slot)], options);
        };
        if (points.op == Op::literal && points.literal.as_number() && *points.literal.as_number() < 0)
            return Range::exactly(*points.literal.as_number());
        if (auto r = parameter(points); r && r->hi < 0) return r;
        if (points.op == Op::negate) {
            const Expr& a = points.args[0];
            if (a.op == Op::literal && a.literal.as_number() && *a.literal.as_number() > 0) return Range::exactly(-*a.literal.as_number());
            if (auto r = parameter(a); r && r->lo > 0) return Range{-r->hi, -r->lo, false};
        }
        return std::nullopt;
    }

    void malus_without_end() {
        for (const CheckedGrid& grid : p_.grids) {
            const GridDecl* decl = grid_decl(grid.id);
            if (!decl) continue;
            for (std::size_t r = 0; r < grid.rubrics.size(); ++r)
                for (std::size_t c = 0; c < grid.rubrics[r].criteria.size(); ++c) {
                    const CheckedCriterion& criterion = grid.rubrics[r].criteria[c];
                    const std::optional<Range> points = malus(criterion.points);
                    if (!points || (criterion.when && bounds_time(*criterion.when))) continue;
                    const std::string amount = points->lo == points->hi ? " (" + format_number(points->lo) + ")" : "";
                    add(Severity::warning, "L0104", decl->rubrics[r].criteria[c].id.loc,
                        "criterion " + quoted(grid.rubrics[r].id + "." + criterion.id) + " of grid " + quoted(grid.id) + " takes points away" +
                            amount + " with no end: its `when` does not bound the time since a date",
                        "add to `when` a bound such as `months_between(last_refusal_on, as_of) < 12`");
                }
        }
    }

    // --- L0105 -------------------------------------------------------------------------------
    void priorities_covered() {
        for (const GridDecl& g : doc_.grids) {
            std::vector<std::string> carried;
            for (const RubricDecl& r : g.rubrics)
                for (const CriterionDecl& c : r.criteria)
                    for (const Name& code : c.priority) carried.push_back(code.text);
            for (const PriorityInfo& info : priorities()) {
                if (std::find(carried.begin(), carried.end(), info.code) != carried.end()) continue;
                add(Severity::warning, "L0105", g.id.loc,
                    "grid " + quoted(g.id.text) + " has no criterion for priority " + quoted(std::string(info.code)),
                    std::string(info.label) + " — " + std::string(info.source) + ": tag the criterion that serves this public with `priority: [" +
                        std::string(info.code) + "]`");
            }
        }
    }

    // --- L0106 -------------------------------------------------------------------------------
    void stale_yearly_figures() {
        if (!as_of_) return;
        for (const ParameterDecl& prm : doc_.parameters) {
            if (!prm.yearly) continue;
            const ParameterVersion* last = nullptr;
            for (const ParameterVersion& v : prm.versions)
                if (v.since && (!last || *v.since > *last->since)) last = &v;
            if (!last) continue;
            const std::int64_t months = months_between(*last->since, *as_of_);
            if (months <= 15) continue;
            add(Severity::warning, "L0106", last->since_loc,
                "parameter " + quoted(prm.name.text) + " is renewed every year, but its last value dates from " + format_date(*last->since) +
                    ", " + std::to_string(months) + " months before " + format_date(*as_of_),
                "add the value in force this year under its date, with its source in `reference`");
        }
    }
};

}  // namespace

std::vector<Diagnostic> lint_policy(const CompiledPolicy& policy, std::optional<Date> as_of) {
    std::vector<Diagnostic> found = Linter(policy, as_of).run();
    // In file order (the policy's files as they were met), then line and column.
    const auto rank = [&](const Diagnostic& d) {
        std::size_t file = policy.sources.size();
        for (std::size_t i = 0; i < policy.sources.size(); ++i)
            if (policy.sources.file(static_cast<std::uint32_t>(i)).path == d.file) {
                file = i;
                break;
            }
        return std::tuple(file, d.line, d.column);
    };
    std::stable_sort(found.begin(), found.end(), [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
    return found;
}

std::vector<Diagnostic> lint_policy(const Policy& policy, std::optional<Date> as_of) {
    return lint_policy(internal::PolicyAccess::compiled(policy), as_of);
}

}  // namespace cotation
