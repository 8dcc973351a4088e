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
#include "core/value_order.hpp"

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

// One section being counted.
struct Accumulator {
    DiagnosisSection out;
    std::function<std::optional<bool>(const std::vector<Value>&)> measure;  // share sections
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

}  // namespace

Diagnosis diagnose(const Policy& policy, const DataTable& allocations, const DataTable* demands, const AuditOptions& options) {
    Diagnosis out;
    out.from = options.from;
    out.to = options.to;
    out.as_of = options.as_of ? *options.as_of : options.to;
    out.demands_given = demands != nullptr;
    const CompiledPolicy& p = policy.compiled();
    if (p.allocation_record < 0) {
        out.error = "the policy declares no `allocation` record";
        return out;
    }
    if (options.to < options.from) {
        out.error = "the period ends (" + format_date(options.to) + ") before it starts (" + format_date(options.from) + ")";
        return out;
    }
    const CheckedRecord& record = p.records[static_cast<std::size_t>(p.allocation_record)];
    if (!table_fits(allocations, record)) {
        out.error = "the data does not hold the columns of the policy's `allocation` record";
        return out;
    }
    const CheckedRecord* demand_record = p.demand_record >= 0 ? &p.records[static_cast<std::size_t>(p.demand_record)] : nullptr;
    if (demands && demand_record && !table_fits(*demands, *demand_record)) {
        out.error = "the demands do not hold the columns of the policy's `demand` record";
        return out;
    }

    // The period field: the first quota's, else lease_signed_on.
    std::int32_t period_slot = -1;
    for (const CheckedQuota& q : p.quotas)
        if (q.record == p.allocation_record) {
            period_slot = q.period_slot;
            break;
        }
    if (period_slot < 0) period_slot = record.slot_of("lease_signed_on");
    if (period_slot < 0 || record.slot_types[static_cast<std::size_t>(period_slot)].kind != TypeKind::date) {
        out.error = "the `allocation` record has no period field: no quota names one and it declares no date field `lease_signed_on`";
        return out;
    }
    out.period_field = record.slot_names[static_cast<std::size_t>(period_slot)];

    auto parameters = resolve_parameters(p, out.as_of, options.parameter_overrides, out.error);
    if (!parameters) return out;
    const EvalContext ctx{nullptr, nullptr, &*parameters, out.as_of};

    // The 1st-quartile threshold.
    const std::string q1_skipped = "parts du 1er quartile non calculées";
    const std::int32_t threshold_index = p.parameter_index("q1_threshold");
    if (threshold_index < 0) {
        out.notes.push_back({"q1_allocations", "la politique ne déclare pas le paramètre `q1_threshold` (seuil du 1er quartile, €/UC/an) : " + q1_skipped});
    } else if (const double* t = (*parameters)[static_cast<std::size_t>(threshold_index)].as_number()) {
        out.q1_threshold = *t;
    } else {
        out.notes.push_back({"q1_allocations", "le paramètre `q1_threshold` n'est pas un nombre au " + format_date(out.as_of) + " : " + q1_skipped});
    }

    Lookup lookup(record, out.notes);
    std::optional<Field> income;
    if (out.q1_threshold)
        income = lookup.find("income_per_uc", TypeKind::number, "q1_allocations", "part du 1er quartile des attributions non calculée");

    // The demand side.
    std::optional<Field> demand_income;
    if (out.q1_threshold) {
        if (!demands) {
            out.notes.push_back({"q1_demands", "aucun fichier de demandes (--demands) : la part du 1er quartile de la demande n'est pas disponible"});
        } else if (!demand_record) {
            out.notes.push_back({"q1_demands", "la politique ne déclare pas d'enregistrement `demand` : la part du 1er quartile de la demande n'est pas disponible"});
        } else {
            Lookup demand_lookup(*demand_record, out.notes);
            demand_income = demand_lookup.find("income_per_uc", TypeKind::number, "q1_demands", "part du 1er quartile de la demande non calculée");
        }
    }

    auto landlord = lookup.find("landlord", TypeKind::string, "qpv", "pas de ligne par bailleur");
    auto qpv = lookup.find("qpv", TypeKind::boolean, "qpv", "répartition en QPV et hors QPV non calculée");
    const auto dalo = lookup.find("dalo", TypeKind::boolean, "dalo", "attributions aux ménages DALO non comptées");
    const auto priority = lookup.find("priority", TypeKind::boolean, "priority", "attributions aux publics prioritaires non comptées");
    auto reservataire = lookup.find("reservataire", TypeKind::string, "reservataire", "répartition par réservataire non calculée");
    auto residence = lookup.find("residence_class", TypeKind::string, "residence_class", "répartition par classe de résidence non calculée");
    // The grouping fields, each with its interner.
    std::vector<Interner> interners;
    std::vector<std::size_t> grouping_slots;
    for (std::optional<Field>* f : {&landlord, &qpv, &reservataire, &residence}) {
        if (!*f) continue;
        (*f)->interner = interners.size();
        interners.emplace_back(**f);
        grouping_slots.push_back(static_cast<std::size_t>((*f)->slot));
    }

    std::vector<Accumulator> sections;
    const auto dims_of = [](std::initializer_list<std::vector<std::optional<Field>>> list) {
        // Keeps the dimensions whose fields are all present.
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
    };
    if (income) {
        Accumulator a;
        a.out = {"q1_allocations", "Part du 1er quartile dans les attributions", DiagnosisKind::share, {}};
        const double threshold = *out.q1_threshold;
        const auto slot = static_cast<std::size_t>(income->slot);
        a.measure = [threshold, slot](const std::vector<Value>& s) { return below(s[slot], threshold); };
        a.dims = dims_of({{}, {qpv}, {residence}, {landlord, qpv}});
        sections.push_back(std::move(a));
    }
    if (qpv) {
        Accumulator a;
        a.out = {"qpv", "Attributions en QPV et hors QPV, par bailleur", DiagnosisKind::distribution, {}};
        a.dims = dims_of({{qpv}, {landlord, qpv}});
        sections.push_back(std::move(a));
    }
    const auto priority_section = [&](const std::string& id, const std::string& label,
                                      std::function<std::optional<bool>(const std::vector<Value>&)> measure) {
        Accumulator a;
        a.out = {id, label, DiagnosisKind::share, {}};
        a.measure = std::move(measure);
        a.dims = dims_of({{}, {landlord}, {reservataire}});
        sections.push_back(std::move(a));
    };
    if (dalo) {
        const auto slot = static_cast<std::size_t>(dalo->slot);
        priority_section("dalo", "Attributions aux ménages reconnus DALO", [slot](const std::vector<Value>& s) { return bool_of(s[slot]); });
    }
    if (priority) {
        const auto slot = static_cast<std::size_t>(priority->slot);
        priority_section("priority", "Attributions aux publics prioritaires (L441-1 CCH, PDALHPD)",
                         [slot](const std::vector<Value>& s) { return bool_of(s[slot]); });
    }
    if (dalo && priority) {
        const auto d = static_cast<std::size_t>(dalo->slot), pr = static_cast<std::size_t>(priority->slot);
        priority_section("dalo_or_priority", "Attributions aux ménages DALO ou prioritaires", [d, pr](const std::vector<Value>& s) {
            const auto a = bool_of(s[d]), b = bool_of(s[pr]);
            if ((a && *a) || (b && *b)) return std::optional<bool>(true);
            if (a && b) return std::optional<bool>(false);
            return std::optional<bool>();
        });
    } else {
        out.notes.push_back({"dalo_or_priority", "il faut les champs booléens `dalo` et `priority` : attributions aux ménages DALO ou prioritaires non comptées"});
    }
    if (reservataire) {
        Accumulator a;
        a.out = {"reservataire", "Attributions par réservataire", DiagnosisKind::distribution, {}};
        a.dims = dims_of({{reservataire}});
        sections.push_back(std::move(a));
    }
    if (residence) {
        Accumulator a;
        a.out = {"residence_class", "Attributions par classe de résidence (qualification de la CIL)", DiagnosisKind::distribution, {}};
        a.dims = dims_of({{residence}});
        sections.push_back(std::move(a));
    }
    for (Accumulator& a : sections) a.start();

    // The allocations of the period.
    const bool period_is_input = static_cast<std::size_t>(period_slot) < record.fields.size();
    std::vector<std::int32_t> wanted{period_slot};
    for (const std::optional<Field>* f : std::initializer_list<const std::optional<Field>*>{&income, &dalo, &priority})
        if (*f) wanted.push_back((*f)->slot);
    for (std::size_t slot : grouping_slots) wanted.push_back(static_cast<std::int32_t>(slot));
    const std::vector<std::size_t> allocation_inputs = inputs_needed(record, wanted);
    std::vector<Value> slots(record.fields.size());
    std::vector<std::uint32_t> ids(grouping_slots.size());
    for (const auto& row : allocations.rows) {
        for (std::size_t i : allocation_inputs) slots[i] = row[i];
        if (!period_is_input) compute_derived(record, slots, ctx);
        const Date* d = slots[static_cast<std::size_t>(period_slot)].as_date();
        if (!d) {
            ++out.allocations_without_period;
            continue;
        }
        if (*d < options.from || options.to < *d) continue;
        ++out.allocations;
        if (period_is_input) compute_derived(record, slots, ctx);
        for (std::size_t i = 0; i < grouping_slots.size(); ++i) ids[i] = interners[i].id(slots[grouping_slots[i]]);
        for (Accumulator& a : sections) a.add(slots, ids);
    }

    // The demands filed up to the end of the period.
    if (demand_income && demands) {
        DiagnosisSection s{"q1_demands", "Part du 1er quartile dans la demande", DiagnosisKind::share, {}};
        std::int32_t filed_slot = demand_record->slot_of("filed_on");
        if (filed_slot < 0 || static_cast<std::size_t>(filed_slot) >= demand_record->fields.size() ||
            demand_record->slot_types[static_cast<std::size_t>(filed_slot)].kind != TypeKind::date)
            filed_slot = -1;  // an input date field, else every demand counts
        Counts c;
        const auto income_slot = static_cast<std::size_t>(demand_income->slot);
        const std::vector<std::size_t> demand_inputs = inputs_needed(*demand_record, {demand_income->slot});
        slots.assign(demand_record->fields.size(), Value());
        for (const auto& row : demands->rows) {
            if (filed_slot >= 0) {
                const Date* filed = row[static_cast<std::size_t>(filed_slot)].as_date();
                if (filed && options.to < *filed) {
                    ++out.demands_filed_after;
                    continue;
                }
            }
            for (std::size_t i : demand_inputs) slots[i] = row[i];
            compute_derived(*demand_record, slots, ctx);
            c.add(below(slots[income_slot], *out.q1_threshold));
        }
        out.demands = static_cast<std::uint64_t>(c.n + c.unknown);
        s.rows.push_back(DiagnosisRow{{}, c.k, c.n, c.unknown});
        out.sections.push_back(std::move(s));
    }
    for (std::size_t i = 0; i < interners.size(); ++i)
        if (interners[i].size() >= max_ids) {
            out.error = "too many distinct values of a grouping field (more than " + std::to_string(max_ids - 1) + ")";
            out.sections.clear();
            return out;
        }
    for (Accumulator& a : sections) out.sections.push_back(a.finish(interners));
    return out;
}

}  // namespace cotation
