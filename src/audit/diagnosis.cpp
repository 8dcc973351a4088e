// diagnosis: the territorial diagnosis behind a CIA (see include/cotation/diagnosis.hpp and
// docs/audit.md, "Territorial diagnosis").
#include "cotation/diagnosis.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "audit/counts.hpp"
#include "check/compiled.hpp"
#include "eval/interpreter.hpp"
#include "plan/plan.hpp"
#include "core/value_order.hpp"
#include "check/policy_access.hpp"

namespace cotation {

const DiagnosisSection* Diagnosis::section(const std::string& id) const {
    for (const DiagnosisSection& s : sections)
        if (s.id == id) return &s;
    return nullptr;
}

namespace {

using audit::Counts;
using audit::Key;
using audit::KeyLessBy;

// A field of the allocation record that groups rows.
struct Field {
    std::int32_t slot = -1;
    std::string name;
    Type type;
    std::size_t interner = 0;  // the grouping field's index in the row's ids
};

bool enumerable(const Field& f) {
    return f.type.kind == TypeKind::boolean || (f.type.kind == TypeKind::enumeration && f.type.enum_values);
}

// Every non-null value of a bool or enumeration field, in order.
std::vector<Value> declared_values(const Field& f) {
    std::vector<Value> out;
    if (f.type.kind == TypeKind::boolean) {
        out.emplace_back(false);
        out.emplace_back(true);
    } else if (f.type.kind == TypeKind::enumeration && f.type.enum_values) {
        for (const std::string& v : *f.type.enum_values) out.emplace_back(v);
    }
    return out;
}

// Order of two values of one field: enumerations in declared order, false before true, other
// values as compare_values sorts them; null last.
int compare_in(const Field& f, const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return compare_values(a, b);
    if (f.type.kind == TypeKind::enumeration && f.type.enum_values && a.as_string() && b.as_string()) {
        const auto& values = *f.type.enum_values;
        const auto ra = std::find(values.begin(), values.end(), *a.as_string()) - values.begin();
        const auto rb = std::find(values.begin(), values.end(), *b.as_string()) - values.begin();
        if (ra != rb) return ra < rb ? -1 : 1;
    }
    return compare_values(a, b);
}

// The fields of one group dimension (empty: the overall row).
struct Dimension {
    std::vector<Field> fields;
};

// The order of a dimension's keys: each field's values in its own order (compare_in).
struct FieldOrder {
    const Dimension* dim = nullptr;
    int operator()(std::size_t i, const Value& a, const Value& b) const { return compare_in(dim->fields[i], a, b); }
};
using KeyLess = KeyLessBy<FieldOrder>;

using CountMap = std::map<Key, Counts, KeyLess>;

// The keys of a dimension to list: every combination seen, plus, for each combination of the
// values seen of the fields that are not enumerable, every declared value of those that are.
std::vector<Key> expanded_keys(const Dimension& dim, const CountMap& seen) {
    std::vector<std::vector<Value>> per_field(dim.fields.size());
    for (std::size_t i = 0; i < dim.fields.size(); ++i) {
        const Field& f = dim.fields[i];
        if (enumerable(f)) {
            per_field[i] = declared_values(f);
            continue;
        }
        for (const auto& [key, counts] : seen) {
            (void)counts;
            const Value& v = key[i];
            const bool have = std::any_of(per_field[i].begin(), per_field[i].end(),
                                          [&](const Value& w) { return compare_values(v, w) == 0; });
            if (!have) per_field[i].push_back(v);
        }
    }
    std::set<Key, KeyLess> keys{KeyLess{{&dim}}};
    for (const auto& [key, counts] : seen) {
        (void)counts;
        keys.insert(key);
    }
    // The cartesian product of per_field.
    Key key(dim.fields.size());
    const std::function<void(std::size_t)> product = [&](std::size_t i) {
        if (i == dim.fields.size()) {
            keys.insert(key);
            return;
        }
        for (const Value& v : per_field[i]) {
            key[i] = v;
            product(i + 1);
        }
    };
    product(0);
    return {keys.begin(), keys.end()};
}

// Values of one grouping field as small ids, so that a row's group in every dimension is a
// packed integer: bool false/true are 0/1, enumeration values their declared rank, other values
// numbered as they come; null has an id of its own.
class Interner {
public:
    static constexpr std::uint32_t none = 0xFFFFFFFFu;
    explicit Interner(const Field& f) : field_(f), values_(declared_values(f)) {}

    std::uint32_t id(const Value& v) {
        if (v.is_null()) {
            if (null_id_ == none) {
                null_id_ = static_cast<std::uint32_t>(values_.size());
                values_.emplace_back();
            }
            return null_id_;
        }
        if (field_.type.kind == TypeKind::boolean && v.as_bool()) return *v.as_bool() ? 1 : 0;
        if (field_.type.kind == TypeKind::enumeration && field_.type.enum_values && v.as_string()) {
            const auto& names = *field_.type.enum_values;
            const auto rank = static_cast<std::size_t>(std::find(names.begin(), names.end(), *v.as_string()) - names.begin());
            if (rank < names.size()) return static_cast<std::uint32_t>(rank);
        }
        const auto it = others_.find(v);
        if (it != others_.end()) return it->second;
        const auto id = static_cast<std::uint32_t>(values_.size());
        values_.push_back(v);
        others_.emplace(v, id);
        return id;
    }
    const Value& value(std::uint32_t id) const { return values_[id]; }
    std::size_t size() const { return values_.size(); }

private:
    struct Less {
        bool operator()(const Value& a, const Value& b) const { return compare_values(a, b) < 0; }
    };
    Field field_;
    std::vector<Value> values_;
    std::map<Value, std::uint32_t, Less> others_;
    std::uint32_t null_id_ = none;
};

// A group of a dimension of at most 3 fields: the ids of its values, 21 bits each.
using Packed = std::uint64_t;
constexpr int id_bits = 21;
constexpr std::size_t max_ids = std::size_t{1} << id_bits;

// What a share section measures on a row's slots: true, false or null (unknown).
using Measure = std::function<std::optional<bool>(const std::vector<Value>&)>;

// One section being counted.
struct Accumulator {
    DiagnosisSection out;
    Measure measure;                  // share sections
    std::vector<Dimension> dims;      // distribution sections: the category is each dimension's last field
    std::vector<std::unordered_map<Packed, Counts>> counts;

    void start() { counts.assign(dims.size(), {}); }

    // `ids`: the id of each grouping field's value in this row, by Field::interner.
    void add(const std::vector<Value>& slots, const std::vector<std::uint32_t>& ids) {
        const std::optional<bool> m = measure ? measure(slots) : std::optional<bool>(true);
        for (std::size_t d = 0; d < dims.size(); ++d) {
            Packed key = 0;
            for (const Field& f : dims[d].fields) key = (key << id_bits) | ids[f.interner];
            Counts& c = counts[d][key];
            if (out.kind == DiagnosisKind::share) c.add(m);
            else ++c.k;
        }
    }

    DiagnosisSection finish(const std::vector<Interner>& interners) {
        for (std::size_t d = 0; d < dims.size(); ++d) {
            const Dimension& dim = dims[d];
            CountMap seen{KeyLess{{&dim}}};
            for (const auto& [packed, c] : counts[d]) {
                Key key(dim.fields.size());
                Packed rest = packed;
                for (std::size_t i = dim.fields.size(); i-- > 0; rest >>= id_bits)
                    key[i] = interners[dim.fields[i].interner].value(static_cast<std::uint32_t>(rest & (max_ids - 1)));
                seen.emplace(std::move(key), c);
            }
            // Distribution sections: n is the number of rows of the group without its category.
            Dimension prefix = dim;
            if (!prefix.fields.empty()) prefix.fields.pop_back();
            std::map<Key, std::int64_t, KeyLess> totals{KeyLess{{&prefix}}};
            if (out.kind == DiagnosisKind::distribution)
                for (const auto& [key, c] : seen) totals[Key(key.begin(), key.end() - 1)] += c.k;
            for (const Key& key : expanded_keys(dim, seen)) {
                DiagnosisRow row;
                for (std::size_t i = 0; i < key.size(); ++i) row.group.emplace_back(dim.fields[i].name, key[i]);
                const auto it = seen.find(key);
                const Counts c = it == seen.end() ? Counts{} : it->second;
                row.k = c.k;
                if (out.kind == DiagnosisKind::share) {
                    row.n = c.n;
                    row.unknown = c.unknown;
                } else {
                    const auto t = totals.find(Key(key.begin(), key.end() - 1));
                    row.n = t == totals.end() ? 0 : t->second;
                }
                out.rows.push_back(std::move(row));
            }
        }
        return std::move(out);
    }
};

// The input columns the slots `wanted` (fields or derived fields) depend on, through the derived
// fields: the diagnosis copies only those out of each row (a demand row has some thirty columns,
// the 1st quartile needs four) and lets compute_derived evaluate the rest to null.
std::vector<std::size_t> inputs_needed(const CheckedRecord& record, const std::vector<std::int32_t>& wanted) {
    std::vector<bool> input(record.fields.size(), false), visited(record.slot_count(), false);
    std::function<void(std::int32_t)> need;
    std::function<void(const Expr&)> walk = [&](const Expr& e) {
        if ((e.ref == RefKind::field || e.ref == RefKind::derived) && e.slot >= 0) need(e.slot);
        for (const Expr& a : e.args) walk(a);
    };
    need = [&](std::int32_t slot) {
        const auto s = static_cast<std::size_t>(slot);
        if (s >= visited.size() || visited[s]) return;
        visited[s] = true;
        if (s < input.size()) {
            input[s] = true;
            return;
        }
        for (const CheckedDerived& d : record.derived)
            if (d.slot == slot) walk(d.expr);
    };
    for (std::int32_t slot : wanted) need(slot);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < input.size(); ++i)
        if (input[i]) out.push_back(i);
    return out;
}

std::optional<bool> bool_of(const Value& v) {
    if (const bool* b = v.as_bool()) return *b;
    return std::nullopt;
}

// income_per_uc < threshold, null when income_per_uc is null.
std::optional<bool> below(const Value& income, double threshold) {
    if (const double* d = income.as_number()) return *d < threshold;
    return std::nullopt;
}

bool is_scalar(const Type& t) {
    return t.kind != TypeKind::list && t.kind != TypeKind::table && t.kind != TypeKind::error;
}

// Finds the fields the diagnosis reads, and says what is missing.
class Lookup {
public:
    Lookup(const CheckedRecord& record, std::vector<DiagnosisNote>& notes) : record_(record), notes_(notes) {}

    // A field of the record of the kind wanted; nullopt (and a note for `section`) when absent.
    std::optional<Field> find(const std::string& name, TypeKind kind, const std::string& section, const std::string& skipped) {
        const std::int32_t slot = record_.slot_of(name);
        const std::string kind_fr = kind == TypeKind::boolean ? "booléen" : kind == TypeKind::number ? "nombre" : "valeur simple";
        if (slot < 0) {
            notes_.push_back({section, "l'enregistrement `" + record_.name + "` ne déclare pas le champ `" + name + "` (" + kind_fr +
                                           ") : " + skipped});
            return std::nullopt;
        }
        const Type& t = record_.slot_types[static_cast<std::size_t>(slot)];
        const bool fits = kind == TypeKind::boolean ? t.kind == TypeKind::boolean
                          : kind == TypeKind::number ? t.is_numeric()
                                                     : is_scalar(t);
        if (!fits) {
            notes_.push_back({section, "le champ `" + name + "` de l'enregistrement `" + record_.name + "` est de type " + type_name(t) +
                                           ", pas " + kind_fr + " : " + skipped});
            return std::nullopt;
        }
        return Field{slot, name, t};
    }

private:
    const CheckedRecord& record_;
    std::vector<DiagnosisNote>& notes_;
};

// The fields the sections read; each absent (with a note) when the policy does not declare it.
struct Fields {
    std::optional<Field> income;  // income_per_uc, looked up only when q1_threshold is known
    std::optional<Field> landlord, qpv, dalo, priority, reservataire, residence;
};

// Why the policy and the data allow no diagnosis at all; empty when they do.
std::string input_error(const CompiledPolicy& p, const DataTable& allocations, const DataTable* demands, const AuditOptions& options) {
    if (p.allocation_record < 0) return "the policy declares no `allocation` record";
    if (options.to < options.from)
        return "the period ends (" + format_date(options.to) + ") before it starts (" + format_date(options.from) + ")";
    if (std::string problem = table_problem(allocations, p.records[static_cast<std::size_t>(p.allocation_record)]); !problem.empty())
        return "the allocations cannot be read: " + problem;
    if (demands && p.demand_record >= 0)
        if (std::string problem = table_problem(*demands, p.records[static_cast<std::size_t>(p.demand_record)]); !problem.empty())
            return "the demands cannot be read: " + problem;
    return {};
}

// The slot of the period field: the first allocation quota's, else `lease_signed_on`; -1 when that
// is not a date field.
std::int32_t period_slot_of(const CompiledPolicy& p, const CheckedRecord& record) {
    std::int32_t slot = -1;
    for (const CheckedQuota& q : p.quotas)
        if (q.record == p.allocation_record) {
            slot = q.period_slot;
            break;
        }
    if (slot < 0) slot = record.slot_of("lease_signed_on");
    if (slot < 0 || record.slot_types[static_cast<std::size_t>(slot)].kind != TypeKind::date) return -1;
    return slot;
}

// The parameter q1_threshold in force; nullopt, with a note, when it is not declared or not a number.
std::optional<double> q1_threshold_of(const CompiledPolicy& p, const std::vector<Value>& parameters, Date as_of,
                                      std::vector<DiagnosisNote>& notes) {
    const std::string skipped = "parts du 1er quartile non calculées";
    const std::int32_t index = p.parameter_index("q1_threshold");
    if (index < 0) {
        notes.push_back({"q1_allocations", "la politique ne déclare pas le paramètre `q1_threshold` (seuil du 1er quartile, €/UC/an) : " + skipped});
        return std::nullopt;
    }
    if (const double* t = parameters[static_cast<std::size_t>(index)].as_number()) return *t;
    notes.push_back({"q1_allocations", "le paramètre `q1_threshold` n'est pas un nombre au " + format_date(as_of) + " : " + skipped});
    return std::nullopt;
}

// The demand's income_per_uc; nullopt, with a note, without demands, demand record or field.
std::optional<Field> demand_income_field(const DataTable* demands, const CheckedRecord* demand_record, std::vector<DiagnosisNote>& notes) {
    if (!demands) {
        notes.push_back({"q1_demands", "aucun fichier de demandes (--demands) : la part du 1er quartile de la demande n'est pas disponible"});
        return std::nullopt;
    }
    if (!demand_record) {
        notes.push_back({"q1_demands", "la politique ne déclare pas d'enregistrement `demand` : la part du 1er quartile de la demande n'est pas disponible"});
        return std::nullopt;
    }
    return Lookup(*demand_record, notes).find("income_per_uc", TypeKind::number, "q1_demands", "part du 1er quartile de la demande non calculée");
}

// The grouping and measured fields of the allocation record (all but income_per_uc).
void find_section_fields(Lookup& lookup, Fields& f) {
    f.landlord = lookup.find("landlord", TypeKind::string, "qpv", "pas de ligne par bailleur");
    f.qpv = lookup.find("qpv", TypeKind::boolean, "qpv", "répartition en QPV et hors QPV non calculée");
    f.dalo = lookup.find("dalo", TypeKind::boolean, "dalo", "attributions aux ménages DALO non comptées");
    f.priority = lookup.find("priority", TypeKind::boolean, "priority", "attributions aux publics prioritaires non comptées");
    f.reservataire = lookup.find("reservataire", TypeKind::string, "reservataire", "répartition par réservataire non calculée");
    f.residence = lookup.find("residence_class", TypeKind::string, "residence_class", "répartition par classe de résidence non calculée");
}

// The fields rows are grouped by, each with the interner of its values (Field::interner is its index).
struct Grouping {
    std::vector<Interner> interners;
    std::vector<std::size_t> slots;
};

Grouping number_grouping_fields(Fields& f) {
    Grouping g;
    for (std::optional<Field>* field : {&f.landlord, &f.qpv, &f.reservataire, &f.residence}) {
        if (!*field) continue;
        (*field)->interner = g.interners.size();
        g.interners.emplace_back(**field);
        g.slots.push_back(static_cast<std::size_t>((*field)->slot));
    }
    return g;
}

// Keeps the dimensions whose fields are all present.
std::vector<Dimension> dimensions(std::initializer_list<std::vector<std::optional<Field>>> list) {
    std::vector<Dimension> dims;
    for (const auto& fields : list) {
        Dimension d;
        bool complete = true;
        for (const auto& f : fields) {
            if (!f) complete = false;
            else d.fields.push_back(*f);
        }
        if (complete) dims.push_back(std::move(d));
    }
    return dims;
}

Accumulator share_section(std::string id, std::string label, Measure measure, std::vector<Dimension> dims) {
    Accumulator a;
    a.out = {std::move(id), std::move(label), DiagnosisKind::share, {}};
    a.measure = std::move(measure);
    a.dims = std::move(dims);
    return a;
}

Accumulator distribution_section(std::string id, std::string label, std::vector<Dimension> dims) {
    Accumulator a;
    a.out = {std::move(id), std::move(label), DiagnosisKind::distribution, {}};
    a.dims = std::move(dims);
    return a;
}

// The measure of a bool field: its value, null when null.
Measure is_true(const Field& f) {
    const auto slot = static_cast<std::size_t>(f.slot);
    return [slot](const std::vector<Value>& s) { return bool_of(s[slot]); };
}

// --- the sections of the allocations, one function each (see include/cotation/diagnosis.hpp);
// nullopt when a field they need is absent ---

std::optional<Accumulator> q1_allocations(const Fields& f, std::optional<double> threshold) {
    if (!f.income) return std::nullopt;
    const auto slot = static_cast<std::size_t>(f.income->slot);
    return share_section("q1_allocations", "Part du 1er quartile dans les attributions",
                         [t = *threshold, slot](const std::vector<Value>& s) { return below(s[slot], t); },
                         dimensions({{}, {f.qpv}, {f.residence}, {f.landlord, f.qpv}}));
}

std::optional<Accumulator> qpv(const Fields& f) {
    if (!f.qpv) return std::nullopt;
    return distribution_section("qpv", "Attributions en QPV et hors QPV, par bailleur", dimensions({{f.qpv}, {f.landlord, f.qpv}}));
}

// The groups of the DALO and priority sections: overall, by landlord, by reservataire.
std::vector<Dimension> priority_dimensions(const Fields& f) { return dimensions({{}, {f.landlord}, {f.reservataire}}); }

std::optional<Accumulator> dalo(const Fields& f) {
    if (!f.dalo) return std::nullopt;
    return share_section("dalo", "Attributions aux ménages reconnus DALO", is_true(*f.dalo), priority_dimensions(f));
}

std::optional<Accumulator> priority(const Fields& f) {
    if (!f.priority) return std::nullopt;
    return share_section("priority", "Attributions aux publics prioritaires (L441-1 CCH, PDALHPD)", is_true(*f.priority),
                         priority_dimensions(f));
}

// dalo or priority, Kleene `or`: true when either is true, false when both are false, else null.
std::optional<Accumulator> dalo_or_priority(const Fields& f, std::vector<DiagnosisNote>& notes) {
    if (!f.dalo || !f.priority) {
        notes.push_back({"dalo_or_priority", "il faut les champs booléens `dalo` et `priority` : attributions aux ménages DALO ou prioritaires non comptées"});
        return std::nullopt;
    }
    const auto d = static_cast<std::size_t>(f.dalo->slot), pr = static_cast<std::size_t>(f.priority->slot);
    return share_section("dalo_or_priority", "Attributions aux ménages DALO ou prioritaires",
                         [d, pr](const std::vector<Value>& s) {
                             const auto a = bool_of(s[d]), b = bool_of(s[pr]);
                             if ((a && *a) || (b && *b)) return std::optional<bool>(true);
                             if (a && b) return std::optional<bool>(false);
                             return std::optional<bool>();
                         },
                         priority_dimensions(f));
}

std::optional<Accumulator> reservataire(const Fields& f) {
    if (!f.reservataire) return std::nullopt;
    return distribution_section("reservataire", "Attributions par réservataire", dimensions({{f.reservataire}}));
}

std::optional<Accumulator> residence_class(const Fields& f) {
    if (!f.residence) return std::nullopt;
    return distribution_section("residence_class", "Attributions par classe de résidence (qualification de la CIL)",
                                dimensions({{f.residence}}));
}

// Every section of the allocations the fields allow, in the order of the report, ready to count.
std::vector<Accumulator> allocation_sections(const Fields& f, std::optional<double> threshold, std::vector<DiagnosisNote>& notes) {
    std::optional<Accumulator> all[] = {q1_allocations(f, threshold), qpv(f), dalo(f), priority(f), dalo_or_priority(f, notes),
                                        reservataire(f), residence_class(f)};
    std::vector<Accumulator> sections;
    for (std::optional<Accumulator>& a : all)
        if (a) {
            a->start();
            sections.push_back(std::move(*a));
        }
    return sections;
}

// Counts the allocations of the period into `sections`; the rows without a period date apart.
void count_allocations(const DataTable& allocations, const CheckedRecord& record, std::int32_t period_slot, const Fields& f,
                       Grouping& grouping, std::vector<Accumulator>& sections, const EvalContext& ctx, const AuditOptions& options,
                       Diagnosis& out) {
    // Derived fields are computed once the row is known to be in the period, unless the period
    // field is one of them.
    const bool period_is_input = static_cast<std::size_t>(period_slot) < record.fields.size();
    std::vector<std::int32_t> wanted{period_slot};
    for (const std::optional<Field>* field : {&f.income, &f.dalo, &f.priority})
        if (*field) wanted.push_back((*field)->slot);
    for (std::size_t slot : grouping.slots) wanted.push_back(static_cast<std::int32_t>(slot));
    const std::vector<std::size_t> inputs = inputs_needed(record, wanted);
    std::vector<Value> slots(record.fields.size());
    std::vector<std::uint32_t> ids(grouping.slots.size());
    for (const auto& row : allocations.rows) {
        for (std::size_t i : inputs) slots[i] = row[i];
        if (!period_is_input) compute_derived(record, slots, ctx);
        const Date* d = slots[static_cast<std::size_t>(period_slot)].as_date();
        if (!d) {
            ++out.allocations_without_period;
            continue;
        }
        if (*d < options.from || options.to < *d) continue;
        ++out.allocations;
        if (period_is_input) compute_derived(record, slots, ctx);
        for (std::size_t i = 0; i < grouping.slots.size(); ++i) ids[i] = grouping.interners[i].id(slots[grouping.slots[i]]);
        for (Accumulator& a : sections) a.add(slots, ids);
    }
}

// The 1st-quartile share of the demands filed up to the end of the period (all of them when the
// demand record has no input date field `filed_on`).
DiagnosisSection q1_demands(const DataTable& demands, const CheckedRecord& record, const Field& income, double threshold,
                            const EvalContext& ctx, Diagnosis& out) {
    std::int32_t filed_slot = record.slot_of("filed_on");
    if (filed_slot < 0 || static_cast<std::size_t>(filed_slot) >= record.fields.size() ||
        record.slot_types[static_cast<std::size_t>(filed_slot)].kind != TypeKind::date)
        filed_slot = -1;
    Counts c;
    const auto income_slot = static_cast<std::size_t>(income.slot);
    const std::vector<std::size_t> inputs = inputs_needed(record, {income.slot});
    std::vector<Value> slots(record.fields.size());
    for (const auto& row : demands.rows) {
        if (filed_slot >= 0) {
            const Date* filed = row[static_cast<std::size_t>(filed_slot)].as_date();
            if (filed && out.to < *filed) {
                ++out.demands_filed_after;
                continue;
            }
        }
        for (std::size_t i : inputs) slots[i] = row[i];
        compute_derived(record, slots, ctx);
        c.add(below(slots[income_slot], threshold));
    }
    out.demands = static_cast<std::uint64_t>(c.n + c.unknown);
    return DiagnosisSection{"q1_demands", "Part du 1er quartile dans la demande", DiagnosisKind::share, {DiagnosisRow{{}, c.k, c.n, c.unknown}}};
}

}  // namespace

Diagnosis diagnose(const Policy& policy, const DataTable& allocations, const DataTable* demands, const AuditOptions& options) {
    Diagnosis out;
    out.from = options.from;
    out.to = options.to;
    out.as_of = options.as_of ? *options.as_of : options.to;
    out.demands_given = demands != nullptr;
    const CompiledPolicy& p = internal::PolicyAccess::compiled(policy);
    out.error = input_error(p, allocations, demands, options);
    if (!out.ok()) return out;
    const CheckedRecord& record = p.records[static_cast<std::size_t>(p.allocation_record)];
    const CheckedRecord* demand_record = p.demand_record >= 0 ? &p.records[static_cast<std::size_t>(p.demand_record)] : nullptr;
    const std::int32_t period_slot = period_slot_of(p, record);
    if (period_slot < 0) {
        out.error = "the `allocation` record has no period field: no quota names one and it declares no date field `lease_signed_on`";
        return out;
    }
    out.period_field = record.slot_names[static_cast<std::size_t>(period_slot)];
    const Result<std::vector<Value>> parameters = resolve_parameters(p, out.as_of, options.parameter_overrides);
    if (!parameters) {
        out.error = parameters.error().message;
        return out;
    }
    const EvalContext ctx{nullptr, nullptr, &*parameters, out.as_of};
    out.q1_threshold = q1_threshold_of(p, *parameters, out.as_of, out.notes);

    // The fields, in the order of their notes: the 1st quartile's, then the other sections'.
    Lookup lookup(record, out.notes);
    Fields fields;
    std::optional<Field> demand_income;
    if (out.q1_threshold) {
        fields.income = lookup.find("income_per_uc", TypeKind::number, "q1_allocations", "part du 1er quartile des attributions non calculée");
        demand_income = demand_income_field(demands, demand_record, out.notes);
    }
    find_section_fields(lookup, fields);
    Grouping grouping = number_grouping_fields(fields);
    std::vector<Accumulator> sections = allocation_sections(fields, out.q1_threshold, out.notes);

    count_allocations(allocations, record, period_slot, fields, grouping, sections, ctx, options, out);
    if (demand_income && demands) out.sections.push_back(q1_demands(*demands, *demand_record, *demand_income, *out.q1_threshold, ctx, out));
    for (const Interner& interner : grouping.interners)
        if (interner.size() >= max_ids) {
            out.error = "too many distinct values of a grouping field (more than " + std::to_string(max_ids - 1) + ")";
            out.sections.clear();
            return out;
        }
    for (Accumulator& a : sections) out.sections.push_back(a.finish(grouping.interners));
    return out;
}

}  // namespace cotation
