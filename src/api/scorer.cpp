// api: Scorer, one demand at a time. The policy is planned once at the scorer's date and its
// demand programs compiled into a row program (eval/row_program.hpp); scoring a row then fills the
// row's cells and runs them, with exactly score_row's rules (score/scorer.cpp), which the
// differential tests hold it to.
#include "cotation/scorer.hpp"

#include <algorithm>
#include <cmath>

#include "api/access.hpp"
#include "api/scorer_data.hpp"
#include "core/text_copy.hpp"
#include "core/value_check.hpp"
#include "score/scorer.hpp"

namespace cotation {

namespace internal {

ScorerData::ScorerData(Policy p, Plan planned, std::vector<std::pair<std::string, Value>> given_overrides)
    : policy(std::move(p)),
      overrides(std::move(given_overrides)),
      plan(std::move(planned)),
      record(&plan.record(plan.program.demand_record)),
      program(*record) {
    const CompiledPolicy& program_policy = plan.program;
    shape = shape_of(PolicyAccess::shared(policy), program_policy.demand_record);
    program.add_derived(record->derived);
    for (const FieldSpec& f : record->fields) {
        StringIndex& values = enum_values.emplace_back();
        if (f.type.enum_values)
            for (const std::string& v : *f.type.enum_values)
                if (values.find(v) < 0) values.add(v);
    }
    for (const CheckedGrid& g : program_policy.grids) {
        applies.push_back(g.applies_when && g.record == program_policy.demand_record ? std::optional(step(*g.applies_when)) : std::nullopt);
        auto& grid_when = when.emplace_back();
        auto& grid_points = points.emplace_back();
        auto& criteria = criteria_template.emplace_back();
        auto& totals = totals_template.emplace_back();
        for (const CheckedRubric& r : g.rubrics) {
            totals.emplace_back(r.id, 0.0);
            for (const CheckedCriterion& c : r.criteria) {
                grid_when.push_back(c.when ? std::optional(step(*c.when)) : std::nullopt);
                grid_points.push_back(step(c.points));
                criteria.push_back(CriterionOutcome{r.id, c.id, CriterionState::not_applied, 0});
            }
        }
    }
    for (const CheckedFlag& f : program_policy.flags) flags.push_back(step(f.when));
    for (const Expr& w : program_policy.ranking.within) within.push_back(program.add(w));
}

ScorerData::Step ScorerData::step(const Expr& expr) {
    const std::size_t id = program.add(expr);
    return Step{id, program.only_reads(id)};
}

RowState& ScorerData::state() const { return thread_state(program); }

void ScorerData::load(const Record& demand, RowState& state) const {
    const std::vector<Value>& values = RecordAccess::values(demand);
    for (std::size_t f = 0; f < values.size(); ++f) write_cell(values[f], state.cells[f], state.items);
}

namespace {

// A grid's criteria ids written over an outcome's (their states and points are written after).
[[gnu::flatten]] void assign_ids(std::vector<CriterionOutcome>& to, const std::vector<CriterionOutcome>& from) {
    if (to.empty()) {  // a fresh outcome: copied whole
        to = from;
        return;
    }
    to.resize(from.size());
    for (std::size_t c = 0; c < from.size(); ++c) {
        assign_text(to[c].rubric, from[c].rubric);
        assign_text(to[c].criterion, from[c].criterion);
    }
}

void assign_ids(std::vector<std::pair<std::string, double>>& to, const std::vector<std::pair<std::string, double>>& from) {
    if (to.empty()) {
        to = from;
        return;
    }
    to.resize(from.size());
    for (std::size_t r = 0; r < from.size(); ++r) assign_text(to[r].first, from[r].first);
}

}  // namespace

// score_row over the cells: the same steps in the same order.
void ScorerData::outcome(RowState& state, Outcome& out, bool details) const {
    const CompiledPolicy& p = plan.program;
    program.run_derived(state);
    out.status = Status::unscored;
    out.score = 0;
    // The flags' ids assigned over those `out` holds (their storage kept), the rest cut.
    std::size_t true_flags = 0;
    if (details)
        for (std::size_t f = 0; f < flags.size(); ++f) {
            if (truth(value(flags[f], state)) != true) continue;
            if (true_flags < out.flags.size()) assign_text(out.flags[true_flags], p.flags[f].id);
            else out.flags.push_back(p.flags[f].id);
            ++true_flags;
        }
    out.flags.resize(true_flags);
    std::size_t grid = p.grids.size();
    for (std::size_t g = 0; g < p.grids.size(); ++g) {
        if (p.grids[g].record != p.demand_record) continue;
        if (!applies[g] || truth(value(*applies[g], state)) == true) {
            grid = g;
            break;
        }
    }
    const bool missing_key = grid < p.grids.size() && record->key_slot >= 0 && !state.cells[static_cast<std::size_t>(record->key_slot)].valid;
    if (grid == p.grids.size() || missing_key) {
        out.unscored_reason = missing_key ? "missing_key" : "no_grid";
        out.grid.clear();
        out.criteria.clear();
        out.rubric_totals.clear();
        return;
    }
    const CheckedGrid& g = p.grids[grid];
    out.status = Status::scored;
    out.unscored_reason.clear();
    // Assigned into the storage `out` already has: its strings keep their capacity, so that an
    // Outcome reused for many demands allocates nothing once warm.
    if (details) {
        assign_ids(out.criteria, criteria_template[grid]);
        assign_ids(out.rubric_totals, totals_template[grid]);
    } else {
        out.criteria.clear();
        out.rubric_totals.clear();
    }
    assign_text(out.grid, g.id);
    double total = 0;
    std::size_t c = 0;
    for (std::size_t ri = 0; ri < g.rubrics.size(); ++ri) {
        const CheckedRubric& r = g.rubrics[ri];
        double rubric_total = 0;
        bool any = false;
        for (const CheckedCriterion& criterion : r.criteria) {
            CriterionState verdict = CriterionState::not_applied;
            double earned_points = 0;
            const std::optional<bool> applies_when = when[grid][c] ? truth(value(*when[grid][c], state)) : std::optional<bool>(true);
            if (!applies_when) {
                verdict = CriterionState::unknown;
            } else if (*applies_when) {
                const bool proven = std::all_of(criterion.requires_slots.begin(), criterion.requires_slots.end(), [&](std::int32_t s) {
                    return truth(state.cells[static_cast<std::size_t>(s)]) == true;
                });
                if (!proven) {
                    verdict = CriterionState::unverified;
                } else if (const Cell& earned = value(points[grid][c], state); earned.valid) {
                    verdict = CriterionState::applied;
                    earned_points = earned.num;
                    rubric_total = !any ? earned.num : r.combine == Combine::sum ? rubric_total + earned.num : std::max(rubric_total, earned.num);
                    any = true;
                } else {
                    verdict = CriterionState::unknown;  // null points contribute 0
                }
            }
            if (details) {
                out.criteria[c].state = verdict;
                out.criteria[c].points = earned_points;
            }
            ++c;
        }
        rubric_total = clamp_bounds(rubric_total, r.floor, r.cap);
        if (details) out.rubric_totals[ri].second = rubric_total;
        total += rubric_total;
    }
    const double bounded = clamp_bounds(total, g.floor, g.cap);
    out.score = bounded == std::floor(bounded) ? bounded : round_half_away(bounded, 2);  // a whole total needs no rounding
}

std::vector<Value> ScorerData::group(RowState& state) const {
    std::vector<Value> values;
    values.reserve(within.size());
    for (std::size_t k = 0; k < within.size(); ++k)
        values.push_back(value_of(program.run(within[k], state), plan.program.ranking.within[k].type, state.items));
    return values;
}

namespace {

// The bound members of a caller's struct written into a row's cells, each value checked against
// its field as RecordBuilder::set checks it (the C++ types were checked by bind()).
class CellSink final : public binding::Sink {
public:
    CellSink(const CheckedRecord& record, const std::vector<StringIndex>& enum_values, RowState& state)
        : record_(record), enum_values_(enum_values), state_(state) {}

    // Each value is written field by field into its cell (score_bound cleared the cells first): a
    // Cell made aside and copied is read back before its small stores have landed, and the
    // processor waits for them (a failed store forwarding, a fifth of the binding's time).
    void null(std::size_t slot) override { state_.cells[slot].valid = false; }
    void boolean(std::size_t slot, bool v) override {
        Cell& c = state_.cells[slot];
        c.code = v ? 1 : 0;
        c.valid = true;
    }
    void number(std::size_t slot, double v) override {
        if (!number_fits(record_.fields[slot].type.kind, v) && !check(slot, Value(v))) return;
        Cell& c = state_.cells[slot];
        c.num = v;
        c.valid = true;
    }
    void text(std::size_t slot, std::string_view v) override {
        const Type& type = record_.fields[slot].type;
        if (type.kind == TypeKind::enumeration && enum_values_[slot].find(v) < 0) {
            enum_mistake(slot, v);
            return;
        }
        Cell& c = state_.cells[slot];
        c.text = v;
        c.valid = true;
    }
    void date(std::size_t slot, Date v) override {
        Cell& c = state_.cells[slot];
        c.code = v.days;
        c.valid = true;
    }
    void begin_list(std::size_t slot) override {
        list_slot_ = slot;
        list_first_ = static_cast<std::uint32_t>(state_.items.size());
    }
    void item_number(double v) override {
        const FieldSpec& f = record_.fields[list_slot_];
        if (!number_fits(f.type.element, v)) {
            if (auto problem = check_field_value(f.name, f.type, Value(List{Value(v)}))) {
                mistakes_.push_back(Error{problem->code, problem->message});
                return;
            }
        }
        Cell& c = state_.items.emplace_back();
        c.num = v;
        c.valid = true;
    }
    void item_text(std::string_view v) override {
        const Type& type = record_.fields[list_slot_].type;
        if (type.element == TypeKind::enumeration && enum_values_[list_slot_].find(v) < 0) {
            enum_mistake(list_slot_, v);
            return;
        }
        Cell& c = state_.items.emplace_back();
        c.text = v;
        c.valid = true;
    }
    void end_list() override {
        Cell& c = state_.cells[list_slot_];
        c.first = list_first_;
        c.count = static_cast<std::uint32_t>(state_.items.size()) - list_first_;
        c.valid = true;
    }
    void value(std::size_t slot, const Value& v) override {
        if (!check(slot, v)) return;
        write_cell(v, state_.cells[slot], state_.items);
    }

    const std::vector<Error>& mistakes() const { return mistakes_; }

private:
    void enum_mistake(std::size_t slot, std::string_view v) {
        const FieldSpec& f = record_.fields[slot];
        if (auto problem = check_field_value(f.name, f.type.kind == TypeKind::list ? Type{TypeKind::enumeration, TypeKind::error, f.type.enum_values} : f.type,
                                             Value(std::string(v))))
            mistakes_.push_back(Error{problem->code, problem->message});
    }
    bool check(std::size_t slot, const Value& v) {
        const FieldSpec& f = record_.fields[slot];
        if (auto problem = check_field_value(f.name, f.type, v)) {
            mistakes_.push_back(Error{problem->code, problem->message});
            return false;
        }
        return true;
    }

    const CheckedRecord& record_;
    const std::vector<StringIndex>& enum_values_;
    RowState& state_;
    std::vector<Error> mistakes_;
    std::size_t list_slot_ = 0;
    std::uint32_t list_first_ = 0;
};

// Whether a member of this C++ kind can hold the values of a field of this type.
bool member_fits(binding::MemberKind kind, const Type& type) {
    using K = binding::MemberKind;
    switch (kind) {
        case K::boolean: return type.kind == TypeKind::boolean;
        case K::integer:
        case K::number: return type.kind == TypeKind::integer || type.kind == TypeKind::number;
        case K::text: return type.kind == TypeKind::string || type.kind == TypeKind::enumeration;
        case K::date: return type.kind == TypeKind::date;
        case K::texts: return type.kind == TypeKind::list && (type.element == TypeKind::string || type.element == TypeKind::enumeration);
        case K::integers:
        case K::numbers: return type.kind == TypeKind::list && (type.element == TypeKind::integer || type.element == TypeKind::number);
        case K::value: return true;
    }
    return false;
}

std::string_view kind_name(binding::MemberKind kind) {
    using K = binding::MemberKind;
    switch (kind) {
        case K::boolean: return "bool";
        case K::integer: return "an integer";
        case K::number: return "a floating-point number";
        case K::text: return "a string";
        case K::date: return "a Date";
        case K::texts: return "a vector of strings";
        case K::integers: return "a vector of integers";
        case K::numbers: return "a vector of floating-point numbers";
        case K::value: return "a Value";
    }
    return "?";
}

}  // namespace

}  // namespace internal

Scorer::Scorer(std::shared_ptr<const internal::ScorerData> data) : data_(std::move(data)) {}

Result<Scorer> Scorer::create(const Policy& policy, const ScorerOptions& options) {
    const CompiledPolicy& checked = *internal::PolicyAccess::shared(policy);
    if (checked.demand_record < 0) return Error{"E0709", "the policy declares no `demand` record: it scores nothing"};
    Result<Plan> plan = make_plan(checked, options.as_of, options.overrides);
    if (!plan) return plan.error();
    return Scorer(std::make_shared<const internal::ScorerData>(policy, std::move(plan.value()), options.overrides));
}

RecordBuilder Scorer::builder() const { return RecordBuilder(data_->shape); }

Result<Record> Scorer::parse_json(std::string_view json) const { return internal::record_from_json(data_->shape, json); }

Outcome Scorer::score(const Record& demand) const {
    Outcome out;
    score(demand, out);
    return out;
}

void Scorer::score(const Record& demand, Outcome& into) const {
    const internal::RecordShape* shape = internal::RecordAccess::shape(demand);
    if (!shape || shape->policy != data_->shape->policy || shape->record != data_->shape->record) {
        into = Outcome{};
        into.unscored_reason = "wrong_record";
        return;
    }
    RowState& state = data_->state();
    data_->load(demand, state);
    data_->outcome(state, into);
}

Result<void> Scorer::score_bound(const void* binding_scorer, binding::FunctionRef<void(binding::Sink&)> fill, Outcome& into) const {
    if (binding_scorer != data_.get()) {
        into = Outcome{};
        return Error{"E0709", "the binding was made with another scorer: bind the struct to this one"};
    }
    RowState& state = data_->state();
    std::fill(state.cells.begin(), state.cells.begin() + static_cast<std::ptrdiff_t>(data_->record->fields.size()), Cell::null());
    internal::CellSink sink(*data_->record, data_->enum_values, state);
    fill(sink);
    if (!sink.mistakes().empty()) {
        into = Outcome{};
        return internal::join(sink.mistakes());
    }
    data_->outcome(state, into);
    return {};
}

Result<std::size_t> Scorer::bind_slot(std::string_view field, binding::MemberKind kind) const {
    const std::int32_t f = data_->shape->field(field);
    if (f < 0) return internal::unknown_field(*data_->shape, field);
    const FieldSpec& spec = data_->record->fields[static_cast<std::size_t>(f)];
    if (!internal::member_fits(kind, spec.type))
        return Error{"E0702", "field '" + spec.name + "' is " + type_name(spec.type) + ": a member of type " + std::string(internal::kind_name(kind)) +
                                  " cannot hold it"};
    return static_cast<std::size_t>(f);
}

const Policy& Scorer::policy() const { return data_->policy; }
Date Scorer::as_of() const { return data_->plan.as_of; }

}  // namespace cotation
