// libFuzzer target: the embedding API on arbitrary input. The first byte chooses what the rest is:
//   even: one JSON object for Scorer::parse_json, then the record scored and placed;
//   odd:  a script of RecordBuilder::set calls (field names and values drawn from the bytes, most
//         of them real names, some misspelt), then build(), score() and a bound struct scored.
// Never crashes, never throws; a record that builds always scores, and the row program agrees
// with the reference interpreter (score_demands) on it, into a fresh Outcome or a reused one.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cotation/cotation.hpp"

namespace {

using namespace cotation;

const char* const policy_text = R"(cotation: 1
name: fuzz
records:
  demand:
    key: id
    fields:
      id: string
      n: int
      x: number
      b: bool
      d: date
      e: enum[A, B, C]
      s: string
      ls: list<string>
      li: list<int>
    derived:
      months: months_between(d, as_of)
      ratio: x / n
grids:
  - id: g
    applies_when: e != "C"
    cap: 100
    rubrics:
      - id: r
        combine: max
        criteria:
          - { id: big, when: n >= 3, points: 2 * n }
          - { id: rich, when: ratio > 100, points: x / 100 }
          - { id: old, when: months > 12, requires: [b], points: 'min(months, 40)' }
          - { id: tagged, when: 'contains(ls, "06") or any_in(li, [1, 2])', points: 7 }
          - { id: named, when: 's in ["x", "yy"] or e == "B"', points: 'count(ls) + coalesce(first(li), 0)' }
flags:
  - { id: f, when: d is null or s == "" }
ranking:
  within: [e]
)";

const Policy& policy() {
    static const Policy p = *load_policy_from_string(policy_text, "fuzz.yaml").policy;
    return p;
}

const Scorer& scorer() {
    static const Scorer s = Scorer::create(policy(), ScorerOptions{date_from_civil(2025, 6, 30), {}}).value();
    return s;
}

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "api_fuzzer: %s\n", what);
    std::abort();
}

// Reads the input a piece at a time; past its end, zeros.
struct Bytes {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    std::uint8_t next() { return at < size ? data[at++] : 0; }
    std::string text(std::size_t max) {
        std::string out;
        const std::size_t n = next() % (max + 1);
        for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(next()));
        return out;
    }
    double number() {
        std::int64_t v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | next();
        return static_cast<double>(v - (std::int64_t{1} << 31)) / (1 + next() % 7);
    }
};

// The record scored one row at a time and by the reference: both give the same.
void check(const Record& record) {
    const Outcome o = scorer().score(record);
    DataTable table;
    table.fields = policy().fields("demand");
    std::vector<Value> row;
    for (const FieldSpec& f : table.fields) row.push_back(*record.get(f.name));
    table.rows.push_back(row);
    const ScoreRun reference = score_demands(policy(), table, ScoreOptions{date_from_civil(2025, 6, 30), {}});
    if (!reference.ok()) fail("a built record is refused by score_demands");
    const ScoredDemand& d = reference.demands.front();
    if (o.grid != d.grid || o.score != d.score || o.flags != d.flags || o.unscored_reason != d.unscored_reason) fail("outcome differs");
    for (std::size_t c = 0; c < o.criteria.size(); ++c)
        if (o.criteria[c].state != d.criteria[c].state || o.criteria[c].points != d.criteria[c].points) fail("criterion differs");
    // Into an Outcome reused across inputs (whatever the last one left there): the same again.
    thread_local Outcome reused;
    scorer().score(record, reused);
    if (reused.grid != o.grid || reused.score != o.score || reused.flags != o.flags || reused.unscored_reason != o.unscored_reason ||
        reused.criteria.size() != o.criteria.size() || reused.rubric_totals != o.rubric_totals)
        fail("a reused outcome differs");
    for (std::size_t c = 0; c < o.criteria.size(); ++c)
        if (reused.criteria[c].criterion != o.criteria[c].criterion || reused.criteria[c].state != o.criteria[c].state ||
            reused.criteria[c].points != o.criteria[c].points)
            fail("a reused outcome's criterion differs");
}

struct Bound {
    std::string id;
    std::optional<int> n;
    double x = 0;
    std::string e;
    std::vector<std::string> ls;
    std::vector<long> li;
    std::optional<Date> d;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    Bytes in{data + 1, size - 1};
    if (data[0] % 2 == 0) {
        const Result<Record> record = scorer().parse_json(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
        if (record) check(record.value());
        else if (record.error().code.empty() || record.error().message.empty()) fail("an error without code or message");
        return 0;
    }
    static const std::vector<std::string> names = {"id", "n", "x", "b", "d", "e", "s", "ls", "li", "months", "nn", "", "E"};
    RecordBuilder builder = scorer().builder();
    for (int step = 0, steps = in.next() % 24; step < steps; ++step) {
        const std::string& name = names[in.next() % names.size()];
        switch (in.next() % 10) {
            case 0: builder.set(name, in.next() % 2 == 0); break;
            case 1: builder.set(name, static_cast<int>(in.number())); break;
            case 2: builder.set(name, in.number()); break;
            case 3: builder.set(name, in.text(6)); break;
            case 4: builder.set(name, Date{static_cast<std::int32_t>(in.number())}); break;
            case 5: builder.set(name, std::vector<std::string>{in.text(3), in.text(3)}); break;
            case 6: builder.set(name, std::vector<long>{static_cast<long>(in.number()), 1}); break;
            case 7: builder.set(name, std::nullopt); break;
            case 8: builder.set(name, std::vector<double>{in.number()}); break;
            default: builder.set(name, std::string(1, static_cast<char>('A' + in.next() % 4))); break;
        }
    }
    const Result<Record> record = builder.build();
    if (record) check(record.value());
    static const Binding<Bound> bound = cotation::bind<Bound>(scorer(), field("id", &Bound::id), field("n", &Bound::n), field("x", &Bound::x),
                                                              field("e", &Bound::e), field("ls", &Bound::ls), field("li", &Bound::li),
                                                              field("d", &Bound::d))
                                            .value();
    Bound b{in.text(4), std::nullopt, in.number(), std::string(1, static_cast<char>('A' + in.next() % 4)), {in.text(2)}, {in.next()}, {}};
    if (in.next() % 2) b.n = static_cast<int>(in.number());
    if (in.next() % 2) b.d = Date{static_cast<std::int32_t>(in.number()) % 100000};
    const Result<Outcome> o = scorer().score(bound, b);
    if (!o && o.error().code != "E0703" && o.error().code != "E0702") fail("a bound struct refused with an unexpected code");
    return 0;
}
