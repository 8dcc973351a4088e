// The fast path (fast.hpp) and the embedding API's row program (scorer.hpp) against the reference
// interpreter (score_demands) on random well-typed policies and random data with nulls: every
// score, criterion state, flag and rank must be equal.
// COTATION_DIFF_ROUNDS sets the number of policies (default 1000).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>

#include "cotation/fast.hpp"
#include "cotation/policy.hpp"
#include "cotation/scorer.hpp"
#include "cotation/score.hpp"
#include "cotation/table.hpp"
#include "temp_path.hpp"

namespace cotation {
namespace {

class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return pick(100) < percent; }

    std::string num(int depth) {
        if (depth <= 0 || chance(30)) {
            switch (pick(9)) {
                case 0: return std::to_string(pick(40) - 10);
                case 1: return std::to_string(pick(100)) + "." + std::to_string(pick(100));
                case 2: return std::to_string(pick(100)) + "%";
                case 3: return "i1";
                case 4: return "i2";
                case 5: return "n1";
                case 6: return "n2";
                case 7: return "p_num";
                default: return chance(50) && derived_ ? "dn" : "i1";
            }
        }
        const int d = depth - 1;
        switch (pick(24)) {
            case 0: return "(" + num(d) + " + " + num(d) + ")";
            case 1: return "(" + num(d) + " - " + num(d) + ")";
            case 2: return "(" + num(d) + " * " + num(d) + ")";
            case 3: return "(" + num(d) + " / " + num(d) + ")";
            case 4: return "-" + num(d);
            case 5: return "min(" + num(d) + ", " + num(d) + ")";
            case 6: return "max(" + num(d) + ", " + num(d) + ", " + num(d) + ")";
            case 7: return "abs(" + num(d) + ")";
            case 8: return "round(" + num(d) + ")";
            case 9: return "round(" + num(d) + ", " + std::to_string(pick(3)) + ")";
            case 10: return "floor(" + num(d) + ")";
            case 11: return "ceil(" + num(d) + ")";
            case 12: return "clamp(" + num(d) + ", " + num(d) + ", " + num(d) + ")";
            case 13: return "coalesce(" + num(d) + ", " + num(d) + ")";
            case 14: return "(" + num(d) + " ?? " + num(d) + ")";
            case 15: return "(if " + boolean(d) + " then " + num(d) + " else " + num(d) + ")";
            case 16: return "days_between(" + date(d) + ", " + date(d) + ")";
            case 17: return "months_between(" + date(d) + ", " + date(d) + ")";
            case 18: return "years_between(" + date(d) + ", " + date(d) + ")";
            case 19: return "age(" + date(d) + ")";
            case 20: return "count(" + (chance(50) ? list_string(d) : list_int(d)) + ")";
            case 21: return "first(" + list_int(d) + ")";
            case 22: return "p_table[" + num(d) + "]";
            default: return chance(50) ? "null" : "(" + num(d) + " + null)";
        }
    }

    std::string date(int depth) {
        if (depth <= 0 || chance(40)) {
            switch (pick(5)) {
                case 0: return "d1";
                case 1: return "d2";
                case 2: return "as_of";
                case 3: return "date(\"20" + std::to_string(10 + pick(16)) + "-0" + std::to_string(1 + pick(9)) + "-" + std::to_string(10 + pick(18)) + "\")";
                default: return derived_ ? "dd" : "d2";
            }
        }
        const int d = depth - 1;
        switch (pick(4)) {
            case 0: return "min(" + date(d) + ", " + date(d) + ")";
            case 1: return "max(" + date(d) + ", " + date(d) + ")";
            case 2: return "(if " + boolean(d) + " then " + date(d) + " else " + date(d) + ")";
            default: return "(" + date(d) + " ?? " + date(d) + ")";
        }
    }

    std::string text(int depth) {
        if (depth <= 0 || chance(40)) {
            switch (pick(5)) {
                case 0: return "s1";
                case 1: return "\"" + word() + "\"";
                case 2: return "first(ls)";
                case 3: return "p_text";
                default: return "s1";
            }
        }
        const int d = depth - 1;
        switch (pick(3)) {
            case 0: return "(" + text(d) + " ?? " + text(d) + ")";
            case 1: return "(if " + boolean(d) + " then " + text(d) + " else " + text(d) + ")";
            default: return "coalesce(" + text(d) + ", " + text(d) + ")";
        }
    }

    std::string list_string(int depth) {
        switch (depth <= 0 ? pick(2) : pick(4)) {
            case 0: return "ls";
            case 1: return "[\"" + word() + "\", \"" + word() + "\"]";
            case 2: return "(if " + boolean(depth - 1) + " then ls else [\"" + word() + "\"])";
            default: return "p_list";
        }
    }

    std::string list_int(int depth) {
        switch (depth <= 0 ? pick(2) : pick(3)) {
            case 0: return "li";
            case 1: return "[" + std::to_string(pick(5)) + ", " + std::to_string(pick(5)) + "]";
            default: return "[" + num(depth - 1) + ", " + num(depth - 1) + "]";
        }
    }

    std::string boolean(int depth) {
        if (depth <= 0 || chance(25)) {
            switch (pick(5)) {
                case 0: return "b1";
                case 1: return "b2";
                case 2: return chance(50) ? "true" : "false";
                case 3: return derived_ ? "db" : "b1";
                default: return "p_flag";
            }
        }
        const int d = depth - 1;
        const char* ops[] = {"==", "!=", "<", "<=", ">", ">="};
        const std::string op = ops[pick(6)];
        switch (pick(20)) {
            case 0: return "(" + num(d) + " " + op + " " + num(d) + ")";
            case 1: return "(" + date(d) + " " + op + " " + date(d) + ")";
            case 2: return "(" + text(d) + " " + op + " " + text(d) + ")";
            case 3: return "(e1 " + op + " \"" + std::string(1, static_cast<char>('A' + pick(3))) + "\")";
            case 4: return "(" + boolean(d) + " " + (chance(50) ? "==" : "!=") + " " + boolean(d) + ")";
            case 5: return "(" + boolean(d) + " and " + boolean(d) + ")";
            case 6: return "(" + boolean(d) + " or " + boolean(d) + ")";
            case 7: return "(not " + boolean(d) + ")";
            case 8: return "(" + text(d) + (chance(50) ? " in " : " not in ") + list_string(d) + ")";
            case 9: return "(" + num(d) + (chance(50) ? " in " : " not in ") + list_int(d) + ")";
            case 10: return "(" + num(d) + " is null)";
            case 11: return "(" + text(d) + " is not null)";
            case 12: return "contains(" + list_string(d) + ", " + text(d) + ")";
            case 13: return "any_in(" + list_string(d) + ", " + list_string(d) + ")";
            case 14: return "(if " + boolean(d) + " then " + boolean(d) + " else " + boolean(d) + ")";
            case 15: return "(" + boolean(d) + " ?? " + boolean(d) + ")";
            case 16: return "(e1 in [\"A\", \"C\"])";
            case 17: return "(" + list_int(d) + " == " + list_int(d) + ")";
            case 18: return "contains(" + list_int(d) + ", " + num(d) + ")";
            default: return "(" + num(d) + " " + op + " " + num(d) + ")";
        }
    }

    std::string word() {
        static const char* words[] = {"a", "b", "c", "SD", "HOT", "06", "T1", ""};
        return words[pick(7)];
    }

    // YAML single-quoted scalar.
    static std::string quoted(const std::string& e) {
        std::string out = "'";
        for (char c : e) out += c == '\'' ? std::string("''") : std::string(1, c);
        return out + "'";
    }

    std::string policy() {
        std::string p = "cotation: 1\nname: random\nrecords:\n  demand:\n    key: id\n    fields:\n"
                        "      id: string\n      b1: bool\n      b2: bool\n      i1: int\n      i2: int\n      n1: number\n      n2: number\n"
                        "      s1: string\n      e1: enum[A, B, C]\n      d1: date\n      d2: date\n      ls: list<string>\n      li: list<int>\n"
                        "    derived:\n";
        derived_ = false;  // derived fields read only the input fields
        p += "      dn: " + quoted(num(2)) + "\n";
        p += "      db: " + quoted(boolean(2)) + "\n";
        p += "      dd: " + quoted(date(1)) + "\n";
        derived_ = true;
        p += "parameters:\n  p_num:\n    values:\n      2020-01-01: " + std::to_string(pick(20)) + "\n      2025-01-01: " + std::to_string(pick(20)) + ".5\n";
        p += "  p_text: \"" + word() + "\"\n  p_flag: " + (chance(50) ? "true" : "false") + "\n  p_list: [\"a\", \"SD\"]\n";
        p += "  p_table: {1: 10, 2: 20.5, 3: 30}\n";
        p += "grids:\n";
        const int grids = 1 + pick(2);
        for (int g = 0; g < grids; ++g) {
            p += "  - id: g" + std::to_string(g) + "\n";
            if (g + 1 < grids || chance(50)) p += "    applies_when: " + quoted(boolean(2)) + "\n";
            if (chance(40)) p += "    cap: " + std::to_string(20 + pick(40)) + "\n";
            if (chance(40)) p += "    floor: " + std::to_string(pick(10) - 5) + "\n";
            p += "    rubrics:\n";
            const int rubrics = 1 + pick(3);
            for (int r = 0; r < rubrics; ++r) {
                p += "      - id: r" + std::to_string(r) + "\n        combine: " + (chance(50) ? "sum" : "max") + "\n";
                if (chance(30)) p += "        cap: " + std::to_string(5 + pick(20)) + "\n";
                if (chance(30)) p += "        floor: " + std::to_string(pick(5) - 3) + "\n";
                p += "        criteria:\n";
                const int criteria = 1 + pick(4);
                for (int c = 0; c < criteria; ++c) {
                    p += "          - id: c" + std::to_string(c) + "\n";
                    if (chance(80)) p += "            when: " + quoted(boolean(3)) + "\n";
                    if (chance(20)) p += "            requires: [b2]\n";
                    p += "            points: " + quoted(num(3)) + "\n";
                }
            }
        }
        p += "flags:\n";
        for (int f = 0; f < 1 + pick(3); ++f) p += "  - id: f" + std::to_string(f) + "\n    when: " + quoted(boolean(3)) + "\n";
        p += "ranking:\n  within: [";
        const char* within[] = {"e1", "b1", "s1", "first(ls)", "i1", "round(dn)", "d1"};
        const int w = pick(3);
        for (int i = 0; i < w; ++i) p += std::string(i ? ", " : "") + within[pick(7)];
        p += "]\n  order: [";
        const char* keys[] = {"score desc", "score asc", "d1 asc", "n1 desc", "s1 asc", "e1 desc", "dn asc", "b1 desc", "id desc"};
        const int k = 1 + pick(3);
        for (int i = 0; i < k; ++i) p += std::string(i ? ", " : "") + keys[pick(9)];
        p += "]\n";
        return p;
    }

    std::string cell(int kind) {
        if (chance(15)) return "";
        switch (kind) {
            case 0: return chance(50) ? "true" : "false";
            case 1: return std::to_string(pick(12) - 2);
            case 2: return std::to_string(pick(3000)) + (chance(50) ? "." + std::to_string(pick(100)) : "");
            case 3: return word().empty() ? "x" : word();
            case 4: return std::string(1, static_cast<char>('A' + pick(3)));
            case 5: return "20" + std::to_string(15 + pick(11)) + "-" + (chance(50) ? "0" : "1") + std::to_string(1 + pick(2)) + "-" + std::to_string(10 + pick(19));
            case 6: {
                std::string l = word().empty() ? "a" : word();
                for (int i = pick(3); i > 0; --i) l += "|" + (word().empty() ? std::string("b") : word());
                return l;
            }
            default: {
                std::string l = std::to_string(pick(5));
                for (int i = pick(3); i > 0; --i) l += "|" + std::to_string(pick(5));
                return l;
            }
        }
    }

    std::string data(int rows) {
        std::string csv = "id,b1,b2,i1,i2,n1,n2,s1,e1,d1,d2,ls,li\n";
        const int kinds[] = {0, 0, 1, 1, 2, 2, 3, 4, 5, 5, 6, 7};
        for (int r = 0; r < rows; ++r) {
            csv += chance(2) ? "" : "r" + std::to_string(pick(rows * 2));  // duplicates and empty keys too
            for (int k : kinds) csv += "," + cell(k);
            csv += "\n";
        }
        return csv;
    }

    // A JSON value for a field of kind `kind` (cell()'s kinds): mostly what the reader takes, in
    // every form JSON allows, and now and then what it refuses or reads only the slow way (escapes,
    // non-ASCII text, strings for numbers, "-0", spaces in list items, [] and nested values).
    std::string json_value(int kind) {
        if (chance(8)) return "null";
        if (chance(6)) {
            static const char* odd[] = {"\"\"",       "\"  \"",   "-0",       "1e2",         "1.50",     "\"12\"",    "[]",
                                        "[\"a\", \"\"]", "[\" a\"]", "[1, null]", "{\"x\": 1}",  "true",     "\"oui\"",   "\"a\\\"b\"",
                                        "\"\\u00e9t\u00e9\"", "\"été\"",   "\"a|b\"",   "0",        "-0.0",        "[\"A|B\"]", "\"\xff\""};
            return odd[pick(21)];
        }
        switch (kind) {
            case 0: return chance(80) ? (chance(50) ? "true" : "false") : std::to_string(pick(2));
            case 1: return std::to_string(pick(12) - 2) + (chance(10) ? ".0" : "");
            case 2: return std::to_string(pick(3000)) + (chance(50) ? "." + std::to_string(pick(100)) : "") + (chance(5) ? "e-1" : "");
            case 6: {
                if (chance(20)) return "\"" + cell(6) + "\"";  // a list as the CSV writes it
                std::string l = "[\"" + (word().empty() ? std::string("a") : word()) + "\"";
                for (int i = pick(3); i > 0; --i) l += ", \"" + (word().empty() ? std::string("b") : word()) + "\"";
                return l + "]";
            }
            case 7: {
                std::string l = "[" + std::to_string(pick(5));
                for (int i = pick(3); i > 0; --i) l += "," + std::to_string(pick(5));
                return l + "]";
            }
            default: return "\"" + cell(kind) + "\"";  // strings, enumerations, dates
        }
    }

    std::string jsonl(int rows) {
        static const char* names[] = {"b1", "b2", "i1", "i2", "n1", "n2", "s1", "e1", "d1", "d2", "ls", "li"};
        const int kinds[] = {0, 0, 1, 1, 2, 2, 3, 4, 5, 5, 6, 7};
        std::string text = chance(20) ? "\xEF\xBB\xBF" : "";
        for (int r = 0; r < rows; ++r) {
            if (chance(3)) text += chance(50) ? "\n" : "  \r\n";  // blank lines
            if (chance(2)) {
                static const char* broken[] = {"{\"id\": \"x\"", "[1, 2]", "not json", "{\"id\": \"x\",}", "{\"id\": 01}"};
                text += std::string(broken[pick(5)]) + "\n";
                continue;
            }
            std::string line = "{";
            if (!chance(3)) line += "\"id\": " + (chance(3) ? std::string("null") : "\"r" + std::to_string(pick(rows * 2)) + "\"");
            for (int k = 0; k < 12; ++k) {
                if (chance(5)) continue;  // an absent key: null
                if (line.size() > 1) line += chance(20) ? " , " : ",";
                line += "\"" + std::string(names[k]) + "\":" + (chance(30) ? " " : "") + json_value(kinds[k]);
            }
            if (chance(5)) line += std::string(line.size() > 1 ? "," : "") + "\"zz\": [1, \"x\"], \"aa\": true";  // keys no field declares
            if (chance(2)) line += std::string(line.size() > 1 ? "," : "") + "\"s1\": \"twice\"";
            line += chance(10) ? " }\t" : "}";
            text += line + (chance(10) ? "\r\n" : "\n");
        }
        return text;
    }

private:
    std::mt19937_64 rng_;
    bool derived_ = true;
};

void expect_same(const ScoreRun& ref, const ScoreRun& fast, const std::string& context) {
    ASSERT_EQ(ref.demands.size(), fast.demands.size()) << context;
    EXPECT_EQ(ref.scored, fast.scored) << context;
    EXPECT_EQ(ref.unscored, fast.unscored) << context;
    for (std::size_t i = 0; i < ref.demands.size(); ++i) {
        const ScoredDemand& a = ref.demands[i];
        const ScoredDemand& b = fast.demands[i];
        const std::string where = context + "\nrow " + std::to_string(i) + " id " + a.id;
        ASSERT_EQ(a.id, b.id) << where;
        ASSERT_EQ(a.grid, b.grid) << where;
        ASSERT_EQ(a.unscored_reason, b.unscored_reason) << where;
        ASSERT_EQ(a.flags, b.flags) << where;
        ASSERT_EQ(a.group, b.group) << where;
        if (!a.scored()) continue;
        ASSERT_EQ(a.score, b.score) << where;
        ASSERT_EQ(a.rank, b.rank) << where;
        ASSERT_EQ(a.group_size, b.group_size) << where;
        ASSERT_EQ(a.percentile, b.percentile) << where;
        ASSERT_EQ(a.criteria.size(), b.criteria.size()) << where;
        for (std::size_t c = 0; c < a.criteria.size(); ++c) {
            ASSERT_EQ(a.criteria[c].state, b.criteria[c].state) << where << " criterion " << c;
            ASSERT_EQ(a.criteria[c].points, b.criteria[c].points) << where << " criterion " << c;
        }
        ASSERT_EQ(a.rubric_totals, b.rubric_totals) << where;
    }
}

TEST(Differential, FastPathEqualsTheReferenceOnRandomPolicies) {
    const char* env = std::getenv("COTATION_DIFF_ROUNDS");
    const int rounds = env ? std::atoi(env) : 1000;
    const char* dump = std::getenv("COTATION_DIFF_DUMP");  // a folder: each round's policy and data, to replay a crash
    int checked = 0, rejected_policies = 0;
    std::uint64_t scored_rows = 0, applied_criteria = 0, unknown_criteria = 0;
    for (int round = 0; round < rounds; ++round) {
        Generator gen(static_cast<std::uint64_t>(round) * 7919 + 17);
        const std::string text = gen.policy();
        LoadResult loaded = load_policy_from_string(text, "random.yaml");
        if (!loaded.ok()) {
            ++rejected_policies;
            ASSERT_LT(rejected_policies, rounds / 10 + 5) << "too many generated policies fail to check:\n" << text << format_text(loaded.diagnostics);
            continue;
        }
        const Policy& policy = *loaded.policy;
        const std::string csv = gen.data(40 + gen.pick(120));
        const Date as_of = date_from_civil(2025, 1 + static_cast<unsigned>(gen.pick(12)), 1 + static_cast<unsigned>(gen.pick(28)));
        ReadResult read = read_csv_text(csv, policy.fields("demand"));
        ASSERT_TRUE(read.ok()) << read.error;
        ScoreRun ref = score_demands(policy, read.table, ScoreOptions{as_of, {}});
        ASSERT_TRUE(ref.ok()) << ref.error;
        if (dump) {
            std::ofstream(std::string(dump) + "/policy.yaml") << text;
            std::ofstream(std::string(dump) + "/data.csv") << csv;
            std::ofstream(std::string(dump) + "/as_of.txt") << format_date(as_of) << "\n";
        }
        FastScoreOptions options;
        options.as_of = as_of;
        options.keep_criteria = true;
        options.threads = 1 + static_cast<unsigned>(round % 3);
        FastScoreRun fast = fast_score_csv(policy, csv, options);
        ASSERT_TRUE(fast.ok()) << fast.error;
        ASSERT_EQ(fast.rows_read, read.table.rows_read);
        ASSERT_EQ(fast.rejected.size(), read.table.rejected.size());
        expect_same(ref, to_score_run(policy, fast), "policy:\n" + text);
        if (::testing::Test::HasFatalFailure()) {
            ADD_FAILURE() << "data:\n" << csv;
            return;
        }
        // One row at a time through the embedding API (the row program): what the reference gives
        // each row, but the positions.
        Result<Scorer> scorer = Scorer::create(policy, ScorerOptions{as_of, {}});
        ASSERT_TRUE(scorer.ok()) << scorer.error().message;
        const std::vector<FieldSpec> fields = policy.fields("demand");
        Outcome reused;  // one Outcome for every row in turn, as a system scoring demands one by one keeps it
        for (std::size_t i = 0; i < read.table.rows.size(); ++i) {
            RecordBuilder builder = scorer->builder();
            for (std::size_t f = 0; f < fields.size(); ++f) builder.set(fields[f].name, read.table.rows[i][f]);
            Result<Record> record = builder.build();
            ASSERT_TRUE(record.ok()) << record.error().message;
            const Outcome o = scorer->score(record.value());
            const ScoredDemand& d = ref.demands[i];
            const std::string where = "row " + std::to_string(i) + " (" + d.id + ")\npolicy:\n" + text + "\ndata:\n" + csv;
            scorer->score(record.value(), reused);
            ASSERT_EQ(reused.status, o.status) << where;
            ASSERT_EQ(reused.unscored_reason, o.unscored_reason) << where;
            ASSERT_EQ(reused.grid, o.grid) << where;
            ASSERT_EQ(reused.score, o.score) << where;
            ASSERT_EQ(reused.flags, o.flags) << where;
            ASSERT_EQ(reused.rubric_totals, o.rubric_totals) << where;
            ASSERT_EQ(reused.criteria.size(), o.criteria.size()) << where;
            for (std::size_t c = 0; c < o.criteria.size(); ++c) {
                ASSERT_EQ(reused.criteria[c].rubric, o.criteria[c].rubric) << where;
                ASSERT_EQ(reused.criteria[c].criterion, o.criteria[c].criterion) << where;
                ASSERT_EQ(reused.criteria[c].state, o.criteria[c].state) << where;
                ASSERT_EQ(reused.criteria[c].points, o.criteria[c].points) << where;
            }
            ASSERT_EQ(o.status == Status::scored, d.scored()) << where;
            ASSERT_EQ(o.unscored_reason, d.unscored_reason) << where;
            ASSERT_EQ(o.grid, d.grid) << where;
            ASSERT_EQ(o.score, d.score) << where;
            ASSERT_EQ(o.flags, d.flags) << where;
            ASSERT_EQ(o.criteria.size(), d.criteria.size()) << where;
            for (std::size_t c = 0; c < o.criteria.size(); ++c) {
                ASSERT_EQ(o.criteria[c].state, d.criteria[c].state) << where << " criterion " << c;
                ASSERT_EQ(o.criteria[c].points, d.criteria[c].points) << where << " criterion " << c;
            }
            ASSERT_EQ(o.rubric_totals, d.rubric_totals) << where;
        }
        // Without the criteria's states (as `cotation score` runs), the scorer takes other loops:
        // the same scores, positions and flags.
        FastScoreOptions lean = options;
        lean.keep_criteria = false;
        const ScoreRun kept = to_score_run(policy, fast), plain = to_score_run(policy, fast_score_csv(policy, csv, lean));
        ASSERT_EQ(plain.demands.size(), kept.demands.size());
        for (std::size_t i = 0; i < kept.demands.size(); ++i) {
            const ScoredDemand& a = kept.demands[i];
            const ScoredDemand& b = plain.demands[i];
            ASSERT_EQ(a.id, b.id);
            EXPECT_EQ(a.grid, b.grid) << a.id << "\npolicy:\n" << text;
            EXPECT_EQ(a.score, b.score) << a.id << "\npolicy:\n" << text;
            EXPECT_EQ(a.rank, b.rank) << a.id;
            EXPECT_EQ(a.group_size, b.group_size) << a.id;
            EXPECT_EQ(a.flags, b.flags) << a.id;
            EXPECT_EQ(a.unscored_reason, b.unscored_reason) << a.id;
        }
        ++checked;
        scored_rows += ref.scored;
        for (const auto& d : ref.demands)
            for (const auto& c : d.criteria) {
                applied_criteria += c.state == CriterionState::applied;
                unknown_criteria += c.state == CriterionState::unknown;
            }
    }
    EXPECT_GE(checked, rounds * 9 / 10);
    // The random policies exercise every outcome, not only the trivial ones.
    EXPECT_GT(scored_rows, static_cast<std::uint64_t>(checked) * 20);
    EXPECT_GT(applied_criteria, scored_rows / 4);
    EXPECT_GT(unknown_criteria, scored_rows / 20);
}

}  // namespace
}  // namespace cotation

namespace cotation {
namespace {

TEST(Differential, FileReadInBlocksEqualsTheReference) {
    // Blocks far smaller than the file, rows with quoted cells holding line breaks and delimiters,
    // a broken row and an unterminated quote at the very end: the block edges must not show.
    for (int round = 0; round < 40; ++round) {
        Generator gen(static_cast<std::uint64_t>(round) * 31 + 5);
        LoadResult loaded = load_policy_from_string(gen.policy(), "random.yaml");
        if (!loaded.ok()) continue;
        const Policy& policy = *loaded.policy;
        std::string csv = gen.data(200);
        std::string quoted;
        std::size_t line_start = 0;
        for (std::size_t i = 0; i < csv.size(); ++i) {
            if (csv[i] != '\n') continue;
            std::string line = csv.substr(line_start, i - line_start);
            line_start = i + 1;
            if (gen.chance(10) && line.rfind("id,", 0) != 0) {
                std::size_t a = 0;
                for (int k = 0; k < 7; ++k) a = line.find(',', a) + 1;  // s1, the 8th cell
                const std::size_t b = line.find(',', a);
                line = line.substr(0, a) + "\"x,\n\"\"y\"\"\n\"" + line.substr(b);  // a delimiter, line breaks, doubled quotes
            }
            if (gen.chance(5) && line.rfind("id,", 0) != 0) line += ",extra";  // a wrong cell count
            quoted += line + "\n";
        }
        quoted += "zz,\"unterminated";
        const std::string path = testing_support::unique_temp_path("blocks.csv");
        std::ofstream(path, std::ios::binary) << quoted;
        const Date as_of = date_from_civil(2025, 6, 1);
        ReadResult read = read_csv_text(quoted, policy.fields("demand"));
        ASSERT_TRUE(read.ok());
        ScoreRun ref = score_demands(policy, read.table, ScoreOptions{as_of, {}});
        FastScoreOptions options;
        options.as_of = as_of;
        options.keep_criteria = true;
        options.threads = 2;
        FastScoreRun fast = fast_score_file(policy, path, options, 64 + static_cast<std::size_t>(gen.pick(2000)));
        ASSERT_TRUE(fast.ok()) << fast.error;
        ASSERT_EQ(fast.rows_read, read.table.rows_read);
        ASSERT_EQ(fast.rejected.size(), read.table.rejected.size());
        for (std::size_t r = 0; r < fast.rejected.size(); ++r) {
            EXPECT_EQ(fast.rejected[r].line, read.table.rejected[r].line);
            EXPECT_EQ(fast.rejected[r].reason, read.table.rejected[r].reason);
        }
        expect_same(ref, to_score_run(policy, fast), "round " + std::to_string(round));
        if (::testing::Test::HasFatalFailure()) return;
    }
}

}  // namespace
}  // namespace cotation

namespace cotation {
namespace {

// The JSON Lines fast path (fast_score_jsonl, and files read in blocks) against the reader and
// interpreter of reference: the same rows, the same rejected lines with the same reasons, the same
// warnings, the same results.
TEST(Differential, JsonLinesEqualTheReference) {
    const char* env = std::getenv("COTATION_DIFF_ROUNDS");
    const int rounds = env ? std::max(1, std::atoi(env) / 5) : 200;
    int checked = 0;
    std::uint64_t rows = 0, rejected = 0;
    for (int round = 0; round < rounds; ++round) {
        Generator gen(static_cast<std::uint64_t>(round) * 104729 + 3);
        LoadResult loaded = load_policy_from_string(gen.policy(), "random.yaml");
        if (!loaded.ok()) continue;
        const Policy& policy = *loaded.policy;
        const std::string text = gen.jsonl(40 + gen.pick(200));
        const Date as_of = date_from_civil(2025, 6, 1);
        ReadResult read = read_jsonl_text(text, policy.fields("demand"));
        ASSERT_TRUE(read.ok()) << read.error;
        const ScoreRun ref = score_demands(policy, read.table, ScoreOptions{as_of, {}});
        ASSERT_TRUE(ref.ok()) << ref.error;
        FastScoreOptions options;
        options.as_of = as_of;
        options.keep_criteria = true;
        options.threads = 1 + static_cast<unsigned>(round % 3);
        const bool in_blocks = round % 2 == 1;
        FastScoreRun fast;
        if (in_blocks) {
            const std::string path = testing_support::unique_temp_path("blocks.jsonl");
            std::ofstream(path, std::ios::binary) << text;
            fast = fast_score_file(policy, path, options, 64 + static_cast<std::size_t>(gen.pick(3000)));
        } else {
            fast = fast_score_jsonl(policy, text, options);
        }
        const std::string context = "round " + std::to_string(round) + (in_blocks ? " (in blocks)" : "") + "\ndata:\n" + text;
        ASSERT_TRUE(fast.ok()) << fast.error;
        ASSERT_EQ(fast.rows_read, read.table.rows_read) << context;
        ASSERT_EQ(fast.rejected.size(), read.table.rejected.size()) << context;
        for (std::size_t r = 0; r < fast.rejected.size(); ++r) {
            EXPECT_EQ(fast.rejected[r].line, read.table.rejected[r].line) << context;
            EXPECT_EQ(fast.rejected[r].field, read.table.rejected[r].field) << context;
            EXPECT_EQ(fast.rejected[r].value, read.table.rejected[r].value) << context;
            EXPECT_EQ(fast.rejected[r].reason, read.table.rejected[r].reason) << context;
        }
        EXPECT_EQ(fast.warnings, read.table.warnings) << context;
        expect_same(ref, to_score_run(policy, fast), context);
        if (::testing::Test::HasFailure()) return;
        ++checked;
        rows += read.table.rows_read;
        rejected += read.table.rejected.size();
    }
    EXPECT_GE(checked, rounds * 9 / 10);
    // Both kinds of line happen: mostly rows, and rejected lines of every sort.
    EXPECT_GT(rejected, rows / 20);
    EXPECT_LT(rejected, rows / 2);
}

}  // namespace
}  // namespace cotation
