// `compare` (cotation/compare.hpp) against a comparison built from the reference scorer: each
// policy's reader of reference on the same text, the rows either rejects dropped, score_demands on
// the rest, the two joined row by row. Random demands (with nulls, missing keys, cells of a wrong
// type for one policy only) and the fixtures of tests/authors/data: a demand scored by one policy
// only, groups one policy alone has, equal scores, policies reading different fields, an empty
// file, --set on a dated parameter; byte-identical outputs across thread counts and block sizes.
#include <gtest/gtest.h>
#include <unistd.h>  // getpid: temporary files of their own

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <set>

#include "check/compiled.hpp"
#include "cotation/compare.hpp"
#include "cotation/parameters.hpp"
#include "cotation/policy.hpp"
#include "cotation/report.hpp"
#include "cotation/score.hpp"
#include "check/policy_access.hpp"

namespace cotation {
namespace {

const std::string data_dir = std::string(COTATION_SOURCE_DIR) + "/tests/authors/data/";
const Date as_of = date_from_civil(2025, 6, 1);

Policy policy_at(const std::string& path) {
    LoadResult loaded = load_policy(path);
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    return *loaded.policy;
}

Policy policy_of(const std::string& text) {
    LoadResult loaded = load_policy_from_string(text);
    EXPECT_TRUE(loaded.ok()) << format_text(loaded.diagnostics);
    return *loaded.policy;
}

std::string text_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Random demands for the fixtures' fields, with nulls, a few missing keys, and cells that only one
// policy's types reject (`extra` 2.5: CANDIDATE's; `motifs` a||b: BASE's).
std::string random_demands(std::size_t rows, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto pick = [&](std::vector<std::string> choices) { return choices[rng() % choices.size()]; };
    std::string csv = "id,filed_on,size,income,hlm,typ,commune,motifs,extra\n";
    for (std::size_t i = 0; i < rows; ++i) {
        const std::string id = rng() % 97 == 0 ? "" : "R" + std::to_string(100000 + rng() % 900000);  // duplicates possible
        csv += id + "," + pick({"2021-01-15", "2022-07-01", "2023-03-15", "2023-03-31", "2024-11-30", "2025-05-20", ""}) + "," +
               pick({"1", "2", "3", "4", "6", ""}) + "," + pick({"", "650", "900", "1000", "1199.5", "2300"}) + "," +
               pick({"true", "false", "false", ""}) + "," + pick({"T1", "T2", "T3", ""}) + "," + pick({"A", "B", "X", ""}) + "," +
               (rng() % 61 == 0 ? "a||b" : pick({"", "05", "01|05", "02"})) + "," + (rng() % 59 == 0 ? "2.5" : pick({"", "0", "1", "3"})) +
               "\n";
    }
    return csv;
}

// Counts `change` in its bin: 0 alone, then magnitudes from 1, 2, 5, 10, 20, 50... either side.
// Only the bins that count a demand are listed, by `from`.
void add_to_histogram(std::vector<RankChangeBin>& bins, std::int64_t change) {
    const std::int64_t m = std::llabs(change);
    std::int64_t low = 0, high = 0;
    if (m > 0) {
        std::vector<std::int64_t> bounds;
        for (std::int64_t decade = 1; bounds.empty() || bounds.back() <= m; decade *= 10)
            for (const std::int64_t step : {1, 2, 5}) bounds.push_back(step * decade);
        std::size_t j = 0;
        while (bounds[j + 1] <= m) ++j;
        low = bounds[j];
        high = bounds[j + 1] - 1;
    }
    const RankChangeBin bin = change >= 0 ? RankChangeBin{low, high, 0} : RankChangeBin{-high, -low, 0};
    auto at = std::find_if(bins.begin(), bins.end(), [&](const RankChangeBin& b) { return b.from == bin.from; });
    if (at == bins.end()) at = bins.insert(std::upper_bound(bins.begin(), bins.end(), bin, [](const RankChangeBin& a, const RankChangeBin& b) { return a.from < b.from; }), bin);
    ++at->demands;
}

// The comparison of reference: what 10.2 says, from score_demands.
struct ReferenceCompare {
    std::string csv;
    CompareRun summary;  // the counts, by_flag and largest_moves
};

ReferenceCompare reference_compare(const Policy& base, const Policy& candidate, const std::string& text,
                                   const std::vector<std::pair<std::string, Value>>& overrides) {
    const ReadResult b = read_csv_text(text, base.fields("demand"));
    const ReadResult c = read_csv_text(text, candidate.fields("demand"));
    EXPECT_TRUE(b.ok() && c.ok());
    std::set<std::uint64_t> rejected;
    for (const RejectedRow& r : b.table.rejected) rejected.insert(r.line);
    for (const RejectedRow& r : c.table.rejected) rejected.insert(r.line);
    const auto kept = [&](const DataTable& all) {
        DataTable t = all;
        t.rows.clear();
        t.row_lines.clear();
        for (std::size_t i = 0; i < all.rows.size(); ++i)
            if (!rejected.count(all.row_lines[i])) {
                t.rows.push_back(all.rows[i]);
                t.row_lines.push_back(all.row_lines[i]);
            }
        return t;
    };
    const DataTable bt = kept(b.table), ct = kept(c.table);
    EXPECT_EQ(bt.rows.size(), ct.rows.size());
    const ScoreRun bs = score_demands(base, bt, ScoreOptions{as_of, {}});
    const ScoreRun cs = score_demands(candidate, ct, ScoreOptions{as_of, overrides});
    EXPECT_TRUE(bs.ok() && cs.ok()) << bs.error << cs.error;

    ReferenceCompare out;
    CompareRun& s = out.summary;
    s.rows_read = b.table.rows_read;
    s.demands = bt.rows.size();
    out.csv = "id,base_grid,base_score,base_rank,base_group_size,candidate_grid,candidate_score,candidate_rank,candidate_group_size,rank_change\n";
    const auto side = [](const ScoredDemand& d) {
        return d.scored() ? d.grid + "," + format_number(d.score) + "," + std::to_string(d.rank) + "," + std::to_string(d.group_size) : ",,,";
    };
    struct Both {
        const ScoredDemand* b;
        const ScoredDemand* c;
        std::int64_t change;
        std::size_t row;
    };
    std::vector<Both> both;
    for (std::size_t i = 0; i < bs.demands.size(); ++i) {
        const ScoredDemand& db = bs.demands[i];
        const ScoredDemand& dc = cs.demands[i];
        std::string id = db.id;
        if (id.find_first_of(",;\"") != std::string::npos) id = "\"" + id + "\"";
        out.csv += id + "," + side(db) + "," + side(dc) + ",";
        if (db.scored() && dc.scored()) {
            both.push_back({&db, &dc, db.rank - dc.rank, i});
            out.csv += std::to_string(db.rank - dc.rank);
        }
        out.csv += "\n";
        s.only_base += db.scored() && !dc.scored();
        s.only_candidate += dc.scored() && !db.scored();
    }
    s.both_scored = both.size();
    for (const Both& x : both) (x.change > 0 ? s.moved_up : x.change < 0 ? s.moved_down : s.unchanged) += 1;
    for (const Both& x : both) add_to_histogram(s.histogram, x.change);
    const auto has = [](const ScoredDemand* d, const std::string& flag) { return std::count(d->flags.begin(), d->flags.end(), flag) > 0; };
    const auto tally = [&](const std::string& flag, const std::string& policy) {
        FlagMoves m{flag, policy};
        std::int64_t sum = 0;
        for (const Both& x : both) {
            if (!has(policy == "base" ? x.b : x.c, flag)) continue;
            ++m.n;
            m.moved_up += x.change > 0;
            m.moved_down += x.change < 0;
            sum += x.change;
        }
        m.mean_rank_change = m.n ? round_half_away(static_cast<double>(sum) / static_cast<double>(m.n), 2) : 0;
        s.by_flag.push_back(m);
    };
    std::vector<std::string> candidate_flags;
    for (const auto& f : internal::PolicyAccess::compiled(candidate).flags) candidate_flags.push_back(f.id);
    for (const std::string& f : candidate_flags) tally(f, "candidate");
    for (const auto& f : internal::PolicyAccess::compiled(base).flags)
        if (std::find(candidate_flags.begin(), candidate_flags.end(), f.id) == candidate_flags.end()) tally(f.id, "base");
    std::stable_sort(both.begin(), both.end(), [](const Both& x, const Both& y) {
        if (std::llabs(x.change) != std::llabs(y.change)) return std::llabs(x.change) > std::llabs(y.change);
        return x.b->id < y.b->id;
    });
    for (std::size_t m = 0; m < std::min<std::size_t>(20, both.size()); ++m)
        s.largest_moves.push_back(RankMove{both[m].b->id, both[m].b->rank, both[m].c->rank, both[m].change});
    return out;
}

std::string csv_of(const Policy& base, const Policy& candidate, const CompareRun& run) {
    std::ostringstream out;
    write_compare_csv(out, base, candidate, run);
    return out.str();
}

std::string json_of(const Policy& base, const Policy& candidate, const CompareRun& run) {
    std::ostringstream out;
    write_compare_json(out, base, candidate, run);
    return out.str();
}

// Every figure of the summary, one line each, so that a difference names itself.
std::string figures(const CompareRun& r) {
    std::string out = "demands " + std::to_string(r.demands) + ", rows_read " + std::to_string(r.rows_read) + ", both " +
                      std::to_string(r.both_scored) + ", up " + std::to_string(r.moved_up) + ", down " + std::to_string(r.moved_down) +
                      ", unchanged " + std::to_string(r.unchanged) + ", only_base " + std::to_string(r.only_base) + ", only_candidate " +
                      std::to_string(r.only_candidate) + "\n";
    for (const FlagMoves& f : r.by_flag)
        out += "flag " + f.flag + " " + f.policy + " n " + std::to_string(f.n) + " up " + std::to_string(f.moved_up) + " down " +
               std::to_string(f.moved_down) + " mean " + format_number(f.mean_rank_change) + "\n";
    for (const RankMove& m : r.largest_moves)
        out += "move " + m.id + " " + std::to_string(m.base_rank) + " " + std::to_string(m.candidate_rank) + " " + std::to_string(m.rank_change) + "\n";
    // The bins that count demands (the histogram also lists the empty bins between them).
    for (const RankChangeBin& bin : r.histogram)
        if (bin.demands > 0) out += "bin " + std::to_string(bin.from) + ".." + std::to_string(bin.to) + " " + std::to_string(bin.demands) + "\n";
    return out;
}

// Whether the bins of the histogram follow each other without a gap, 0 among them.
bool contiguous(const CompareRun& r) {
    for (std::size_t b = 1; b < r.histogram.size(); ++b)
        if (r.histogram[b].from != r.histogram[b - 1].to + 1) return false;
    return r.histogram.empty() || (r.histogram.front().from <= 0 && r.histogram.back().to >= 0);
}

TEST(Compare, FixturesAgreeWithTheReference) {
    const Policy base = policy_at(data_dir + "base.yaml"), candidate = policy_at(data_dir + "candidate.yaml");
    const std::string text = text_of(data_dir + "demands.csv");
    const ReferenceCompare expected = reference_compare(base, candidate, text, {});
    const CompareRun run = compare_csv(base, candidate, text, CompareOptions{as_of, {}, {}, 2, {}});
    ASSERT_TRUE(run.ok()) << run.error;
    EXPECT_EQ(csv_of(base, candidate, run), expected.csv);
    EXPECT_EQ(figures(run), figures(expected.summary));
    EXPECT_EQ(run.rejected.size(), 2u);  // one cell wrong for BASE's types only, one for CANDIDATE's only
    // The edges the fixtures hold: scored by one policy only, each way; equal scores; a missing key.
    EXPECT_GT(run.only_base, 0u);
    EXPECT_GT(run.only_candidate, 0u);
    EXPECT_NE(csv_of(base, candidate, run).find("\nD010,primo,31,6,12,primo,28,4,8,2\nD011,primo,31,7,12,primo,28,5,8,2\n"), std::string::npos);
    EXPECT_NE(csv_of(base, candidate, run).find("\n,,,,,,,,,\n"), std::string::npos);
    // by_flag: CANDIDATE's flags in file order, then BASE's that CANDIDATE lacks.
    ASSERT_EQ(run.by_flag.size(), 3u);
    EXPECT_EQ(run.by_flag[0].flag + run.by_flag[0].policy, "grande_famillecandidate");
    EXPECT_EQ(run.by_flag[1].flag + run.by_flag[1].policy, "pauvrecandidate");
    EXPECT_EQ(run.by_flag[2].flag + run.by_flag[2].policy, "ancienbase");
}

TEST(Compare, RandomDemandsAgreeWithTheReferenceWhateverTheThreadsAndBlocks) {
    const Policy base = policy_at(data_dir + "base.yaml"), candidate = policy_at(data_dir + "candidate.yaml");
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        const std::string text = random_demands(2500, seed);
        const ReferenceCompare expected = reference_compare(base, candidate, text, {});
        ASSERT_GT(expected.summary.both_scored, 300u);
        ASSERT_GT(expected.summary.moved_up + expected.summary.moved_down, 100u);
        const std::string path = ::testing::TempDir() + "/compare_random_" + std::to_string(::getpid()) + ".csv";
        std::ofstream(path, std::ios::binary) << text;
        std::string first_json;
        for (const unsigned threads : {1u, 2u, 3u})
            for (const std::size_t block : {std::size_t{4099}, std::size_t{65537}, std::size_t{32} << 20}) {
                const CompareRun run = compare_file(base, candidate, path, CompareOptions{as_of, {}, {}, threads, {}}, block);
                ASSERT_TRUE(run.ok()) << run.error;
                EXPECT_EQ(csv_of(base, candidate, run), expected.csv) << "seed " << seed << ", " << threads << " threads, block " << block;
                EXPECT_EQ(figures(run), figures(expected.summary)) << "seed " << seed << ", " << threads << " threads, block " << block;
                EXPECT_TRUE(contiguous(run));
                EXPECT_EQ(run.rejected.size(), expected.summary.rows_read - expected.summary.demands);
                const std::string json = json_of(base, candidate, run);
                if (first_json.empty()) first_json = json;
                EXPECT_EQ(json, first_json);
            }
    }
}

TEST(Compare, ASetOfTheCandidateOnADatedParameterAppliesToTheCandidateOnly) {
    const Policy base = policy_at(data_dir + "base.yaml"), candidate = policy_at(data_dir + "candidate.yaml");
    const std::string text = text_of(data_dir + "demands.csv");
    const Date before_any_value = date_from_civil(2023, 6, 1);  // plafond_mois starts 2024-01-01 in both
    CompareRun run = compare_csv(base, candidate, text, CompareOptions{before_any_value, {}, {}, 1, {}});
    EXPECT_EQ(run.failure, CompareFailure::policy);
    EXPECT_EQ(run.error, "BASE: parameter 'plafond_mois' has no value in force on 2023-06-01 (its first value starts 2024-01-01)");
    // On CANDIDATE alone: BASE still has no value then.
    const auto setting = parameter_setting(candidate, "plafond_mois=12");
    ASSERT_TRUE(setting.ok());
    run = compare_csv(base, candidate, text, CompareOptions{before_any_value, {*setting}, {}, 1, {}});
    EXPECT_EQ(run.failure, CompareFailure::policy);
    EXPECT_NE(run.error.find("BASE: "), std::string::npos);
    // A grid compared with itself, the dated cap of seniority replaced in the candidate.
    run = compare_csv(candidate, candidate, text, CompareOptions{as_of, {*setting}, {}, 1, {}});
    ASSERT_TRUE(run.ok()) << run.error;
    const ReferenceCompare expected = reference_compare(candidate, candidate, text, {*setting});
    EXPECT_EQ(csv_of(candidate, candidate, run), expected.csv);
    EXPECT_EQ(figures(run), figures(expected.summary));
    EXPECT_GT(run.moved_up + run.moved_down, 0u);
    // Without the setting, nothing moves: every both-scored demand is unchanged.
    run = compare_csv(candidate, candidate, text, CompareOptions{as_of, {}, {}, 1, {}});
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run.unchanged, run.both_scored);
    EXPECT_EQ(run.only_base + run.only_candidate + run.moved_up + run.moved_down, 0u);
    ASSERT_EQ(run.histogram.size(), 1u);
    EXPECT_EQ(run.histogram[0].demands, run.both_scored);
    // The 20 largest moves are then 20 changes of 0, by id.
    ASSERT_EQ(run.largest_moves.size(), 20u);
    EXPECT_TRUE(std::is_sorted(run.largest_moves.begin(), run.largest_moves.end(), [](const RankMove& a, const RankMove& b) { return a.id < b.id; }));
}

TEST(Compare, AnEmptyFileAndAFileWithoutHeader) {
    const Policy base = policy_at(data_dir + "base.yaml"), candidate = policy_at(data_dir + "candidate.yaml");
    const CompareRun run = compare_csv(base, candidate, "id,filed_on,size,income,hlm,typ,commune,motifs,extra\n", CompareOptions{as_of, {}, {}, 2, {}});
    ASSERT_TRUE(run.ok()) << run.error;
    EXPECT_EQ(figures(run), "demands 0, rows_read 0, both 0, up 0, down 0, unchanged 0, only_base 0, only_candidate 0\n"
                            "flag grande_famille candidate n 0 up 0 down 0 mean 0\nflag pauvre candidate n 0 up 0 down 0 mean 0\n"
                            "flag ancien base n 0 up 0 down 0 mean 0\n");
    EXPECT_TRUE(run.histogram.empty());
    EXPECT_EQ(csv_of(base, candidate, run),
              "id,base_grid,base_score,base_rank,base_group_size,candidate_grid,candidate_score,candidate_rank,candidate_group_size,rank_change\n");
    const CompareRun none = compare_csv(base, candidate, "", CompareOptions{as_of, {}, {}, 2, {}});
    EXPECT_EQ(none.failure, CompareFailure::input);
    EXPECT_EQ(none.error, "empty file: no header row");
    // The file must have the fields of both: CANDIDATE's `extra` missing.
    const CompareRun missing = compare_csv(base, candidate, "id,filed_on,size,income,hlm,typ,commune,motifs\n", CompareOptions{as_of, {}, {}, 2, {}});
    EXPECT_EQ(missing.failure, CompareFailure::input);
    EXPECT_NE(missing.error.find("extra"), std::string::npos) << missing.error;
}

TEST(Compare, PoliciesThatCannotReadOneFile) {
    const std::string head = "cotation: 1\nrecords:\n  demand:\n    key: KEY\n    fields: {id: string, num: string, size: SIZE}\n"
                             "grids:\n  - id: g\n    rubrics:\n      - id: r\n        criteria:\n          - id: c\n            points: size\n";
    const auto policy = [&](const std::string& key, const std::string& size_type) {
        std::string text = head;
        text.replace(text.find("KEY"), 3, key);
        text.replace(text.find("SIZE"), 4, size_type);
        return policy_of(text);
    };
    const CompareOptions options{as_of, {}, {}, 1, {}};
    const std::string csv = "id,num,size\nA,1,2\n";
    CompareRun run = compare_csv(policy("id", "int"), policy("num", "int"), csv, options);
    EXPECT_EQ(run.failure, CompareFailure::policies);
    EXPECT_EQ(run.error, "the policies identify demands by different fields: 'id' (BASE) and 'num' (CANDIDATE)");
    run = compare_csv(policy("id", "int"), policy("id", "number"), csv, options);
    EXPECT_EQ(run.failure, CompareFailure::policies);
    EXPECT_EQ(run.error, "field 'size' is int in BASE and number in CANDIDATE");
    run = compare_csv(policy("id", "int"), policy("id", "int"), csv, options);
    EXPECT_TRUE(run.ok()) << run.error;
}

TEST(Compare, MeansRoundHalfAwayFromZeroAndTiesOfLargestMovesGoByIdBytes) {
    // BASE orders by s, CANDIDATE by -s: in a group of two, the pair swaps (changes +1 and -1).
    const std::string policy_text = R"(cotation: 1
records:
  demand:
    key: id
    fields: {id: string, g: string, s: int, f: bool, h: bool}
grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - id: c
            points: SIGN s
flags:
  - id: f
    when: f
  - id: h
    when: h
ranking:
  within: [g]
)";
    std::string base_text = policy_text, candidate_text = policy_text;
    base_text.replace(base_text.find("SIGN "), 5, "");
    candidate_text.replace(candidate_text.find("SIGN "), 5, "-");
    const Policy base = policy_of(base_text), candidate = policy_of(candidate_text);
    const CompareOptions options{as_of, {}, {}, 2, {}};
    // Eight groups of two: each pair swaps.
    std::string csv = "id,g,s,f,h\n";
    for (int g = 0; g < 8; ++g) {
        csv += "b" + std::to_string(g) + ",G" + std::to_string(g) + ",1," + (g == 0 ? "true" : "false") + ",false\n";
        csv += "a" + std::to_string(g) + ",G" + std::to_string(g) + ",2,false,false\n";
    }
    const CompareRun run = compare_csv(base, candidate, csv, options);
    ASSERT_TRUE(run.ok()) << run.error;
    EXPECT_EQ(run.moved_up, 8u);
    EXPECT_EQ(run.moved_down, 8u);
    ASSERT_EQ(run.by_flag.size(), 2u);
    EXPECT_EQ(run.by_flag[0].n, 1u);
    EXPECT_EQ(run.by_flag[0].mean_rank_change, 1);
    EXPECT_EQ(run.by_flag[1].n, 0u);
    // |change| 1 for all sixteen: by id bytes, `a0`... before `b0`...
    ASSERT_EQ(run.largest_moves.size(), 16u);
    EXPECT_EQ(run.largest_moves.front().id, "a0");
    EXPECT_EQ(run.largest_moves[7].id, "a7");
    EXPECT_EQ(run.largest_moves[8].id, "b0");
    EXPECT_EQ(run.largest_moves.front().rank_change, -1);
    EXPECT_EQ(run.largest_moves[8].rank_change, 1);

    // a0 falls 1, b0 rises 1; c1..c7 are alone in their groups (unchanged). `f` holds on b0 and the
    // c: 1/8 = 0.125 gives 0.13; `h` on a0 and the c: -0.125 gives -0.13.
    std::string rows = "id,g,s,f,h\na0,G0,2,false,true\nb0,G0,1,true,false\n";
    for (int g = 1; g <= 7; ++g) rows += "c" + std::to_string(g) + ",G" + std::to_string(g) + ",1,true,true\n";
    const CompareRun mean = compare_csv(base, candidate, rows, options);
    ASSERT_TRUE(mean.ok()) << mean.error;
    ASSERT_EQ(mean.by_flag.size(), 2u);
    EXPECT_EQ(mean.by_flag[0].n, 8u);
    EXPECT_EQ(mean.by_flag[0].mean_rank_change, 0.13);
    EXPECT_EQ(mean.by_flag[1].mean_rank_change, -0.13);
    EXPECT_EQ(mean.unchanged, 7u);
}

TEST(Compare, TheHistogramBinsLargeChanges) {
    // One group of 2 500: BASE orders by s, CANDIDATE by -s, so that the demand of rank i under BASE
    // is of rank 2501 - i under CANDIDATE: changes from -2499 to +2499, two apart.
    const std::string policy_text = R"(cotation: 1
records:
  demand:
    key: id
    fields: {id: string, s: int}
grids:
  - id: g
    rubrics:
      - id: r
        criteria:
          - id: c
            points: SIGN s
)";
    std::string base_text = policy_text, candidate_text = policy_text;
    base_text.replace(base_text.find("SIGN "), 5, "");
    candidate_text.replace(candidate_text.find("SIGN "), 5, "-");
    std::string csv = "id,s\n";
    for (int i = 1; i <= 2500; ++i) csv += "d" + std::to_string(i) + "," + std::to_string(i) + "\n";
    const Policy base = policy_of(base_text), candidate = policy_of(candidate_text);
    const CompareRun run = compare_csv(base, candidate, csv, CompareOptions{as_of, {}, {}, 2, {}});
    ASSERT_TRUE(run.ok()) << run.error;
    const ReferenceCompare expected = reference_compare(base, candidate, csv, {});
    EXPECT_EQ(figures(run), figures(expected.summary));
    ASSERT_FALSE(run.histogram.empty());
    EXPECT_EQ(run.histogram.front().from, -4999);
    EXPECT_EQ(run.histogram.front().to, -2000);
    EXPECT_EQ(run.histogram.front().demands, 250u);  // changes -2499..-2001, two apart
    EXPECT_EQ(run.histogram.back().from, 2000);
    EXPECT_EQ(run.histogram.back().to, 4999);
    EXPECT_TRUE(contiguous(run));
    // |2499| twice: d1 (the last under BASE, first under CANDIDATE) before d2500, by id.
    EXPECT_EQ(run.largest_moves.front().id, "d1");
    EXPECT_EQ(run.largest_moves.front().rank_change, 2499);
    EXPECT_EQ(run.largest_moves[1].id, "d2500");
    EXPECT_EQ(run.largest_moves[1].rank_change, -2499);
}

}  // namespace
}  // namespace cotation
