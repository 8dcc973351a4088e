// The pieces of the fast columnar reader: the string index and pool, the scanner's plain-row path,
// and read_csv_part against the row reader on generated files.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cotation/table.hpp"
#include "cotation/value.hpp"
#include "eval/batch.hpp"
#include "core/columns.hpp"
#include "io/csv_columns.hpp"
#include "io/csv_scanner.hpp"

namespace cotation {
namespace {

// ---- packed keys and the string index ----------------------------------------------------------

TEST(ReaderSpeedStrings, PackIsTheLittleEndianBytes) {
    EXPECT_EQ(strings::pack("", 0), 0u);
    EXPECT_EQ(strings::pack("A", 1), 0x41u);
    EXPECT_EQ(strings::pack("04", 2), 0x3430u);
    EXPECT_EQ(strings::pack("T3A", 3), 0x413354u);
    EXPECT_EQ(strings::pack("88071", 5), 0x3137303838ull);
    EXPECT_EQ(strings::pack("12345678", 8), 0x3837363534333231ull);
    EXPECT_EQ(strings::pack("false", 5), 0x65736C6166ull);  // as the reader's boolean words are written
    EXPECT_EQ(strings::pack("true", 4), 0x65757274ull);
    // Bytes after the string are not read into the key.
    const char text[] = "88071,28553";
    EXPECT_EQ(strings::pack(text, 5), strings::pack("88071", 5));
    EXPECT_EQ(strings::key(std::string_view(text, 5)), strings::key("88071"));
}

TEST(ReaderSpeedStrings, ShortKeysAreDistinctForEveryString) {
    // Every string of 0 to 3 bytes over an alphabet that holds a NUL byte: (key, length) distinct.
    const std::string alphabet("\0a\xff,", 4);
    std::vector<std::string> all{""};
    for (std::size_t len = 1; len <= 3; ++len) {
        const std::size_t before = all.size();
        for (std::size_t i = 0; i < before; ++i)
            if (all[i].size() == len - 1)
                for (char c : alphabet) all.push_back(all[i] + c);
    }
    std::vector<std::pair<std::uint64_t, std::size_t>> keys;
    for (const std::string& s : all) keys.emplace_back(strings::key(s), s.size());
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
    EXPECT_EQ(all.size(), 1u + 4 + 16 + 64);
}

TEST(ReaderSpeedStrings, IndexGivesDenseIndexesInOrder) {
    StringIndex index;
    EXPECT_EQ(index.find("x"), -1);
    std::vector<std::string> texts;
    for (int i = 0; i < 5000; ++i) texts.push_back(std::to_string(i * 7919 % 100000));
    texts.push_back("");
    texts.push_back(std::string("a\0b", 3));
    texts.push_back(std::string("a\0", 2));
    texts.push_back("a");
    texts.push_back("12345678");   // 8 bytes: packed
    texts.push_back("123456789");  // 9 bytes: hashed
    texts.push_back("a rather long string that spans several words");
    texts.push_back("a rather long string that spans several wordz");
    for (std::size_t i = 0; i < texts.size(); ++i) {
        ASSERT_EQ(index.find(texts[i]), -1) << i;
        EXPECT_EQ(index.add(texts[i]), static_cast<std::int32_t>(i));
    }
    EXPECT_EQ(index.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(index.find(texts[i]), static_cast<std::int32_t>(i)) << i;
        EXPECT_EQ(index.text(static_cast<std::int32_t>(i)), texts[i]);
    }
    EXPECT_EQ(index.find("1234567"), -1);
    EXPECT_EQ(index.find("1234567890"), -1);
    EXPECT_EQ(index.find(std::string("a\0c", 3)), -1);
}

TEST(ReaderSpeedStrings, PoolCodesAreStableAndTextsSurviveGrowth) {
    StringPool pool;
    EXPECT_EQ(pool.intern("HLM"), 0);
    EXPECT_EQ(pool.intern("88071"), 1);
    EXPECT_EQ(pool.intern("04"), 2);
    EXPECT_EQ(pool.intern("HLM"), 0);
    EXPECT_EQ(pool.find("04"), 2);
    EXPECT_EQ(pool.find("05"), -1);
    const std::string_view hlm = pool.text(0);
    // Many strings, short and long (some longer than a storage block), with many equal prefixes.
    std::mt19937_64 rng(7);
    std::vector<std::string> texts{"HLM", "88071", "04"};
    std::map<std::string, std::int32_t> expected{{"HLM", 0}, {"88071", 1}, {"04", 2}};
    for (int i = 0; i < 60000; ++i) {
        std::string s = std::to_string(rng() % 40000);
        if (i % 7 == 0) s = "commune-" + s + "-" + std::string(rng() % 30, 'x');
        if (i == 1000) s = std::string(100000, 'q');
        const auto [at, added] = expected.emplace(s, static_cast<std::int32_t>(texts.size()));
        if (added) texts.push_back(s);
        ASSERT_EQ(pool.intern(s), at->second) << i;
    }
    ASSERT_EQ(pool.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(pool.text(static_cast<std::int32_t>(i)), texts[i]);
        EXPECT_EQ(pool.intern(texts[i]), static_cast<std::int32_t>(i));
    }
    EXPECT_EQ(hlm.data(), pool.text(0).data());  // never moved
    EXPECT_EQ(pool.intern(""), static_cast<std::int32_t>(texts.size()));
    EXPECT_EQ(pool.text(static_cast<std::int32_t>(texts.size())), "");
}

// ---- the scanner --------------------------------------------------------------------------------

// The scanner's rules written the simplest way (the general loop of next_row, byte at a time).
io::RowStatus reference_row(std::string_view t, char delimiter, std::size_t& pos, std::vector<io::Cell>& cells) {
    cells.clear();
    io::RowStatus status = io::RowStatus::ok;
    const std::size_t n = t.size();
    const auto blanks = [&](std::size_t i) {
        while (i < n && (t[i] == ' ' || t[i] == '\t') && t[i] != delimiter) ++i;
        return i;
    };
    const auto cell_end = [&](std::size_t i) {
        while (i < n && t[i] != delimiter && t[i] != '\n') ++i;
        return i;
    };
    const auto line_break = [&](std::size_t i) { return t[i] == '\n' || (t[i] == '\r' && (i + 1 == n || t[i + 1] == '\n')); };
    while (true) {
        io::Cell cell;
        std::size_t i = pos;
        const std::size_t first = blanks(i);
        if (first < n && t[first] == '"') {
            std::size_t q = first + 1;
            while (true) {
                while (q < n && t[q] != '"') ++q;
                if (q + 1 < n && t[q + 1] == '"') {
                    cell.escaped = true;
                    q += 2;
                    continue;
                }
                break;
            }
            if (q >= n) {
                cells.push_back(io::Cell{t.substr(first + 1), true, cell.escaped});
                pos = n;
                return io::RowStatus::unterminated_quote;
            }
            cell.text = t.substr(first + 1, q - first - 1);
            cell.quoted = true;
            i = blanks(q + 1);
            if (i < n && t[i] != delimiter && !line_break(i)) {
                status = io::RowStatus::text_after_quote;
                i = cell_end(i);
            }
        } else {
            const std::size_t end = cell_end(i);
            std::size_t stop = end;
            if (stop > i && t[stop - 1] == '\r' && (stop == n || t[stop] == '\n')) --stop;
            cell.text = t.substr(i, stop - i);
            i = end;
        }
        cells.push_back(cell);
        if (i < n && t[i] == delimiter) {
            pos = i + 1;
            continue;
        }
        if (i < n && t[i] == '\r') ++i;
        pos = std::min(i + 1, n);
        return status;
    }
}

struct ScannedRow {
    io::RowStatus status;
    std::vector<std::tuple<std::string, bool, bool>> cells;
    std::size_t end;
    bool operator==(const ScannedRow&) const = default;
};

std::vector<ScannedRow> scan_all(std::string_view text, char delimiter, bool reference) {
    std::vector<ScannedRow> rows;
    io::CsvScanner scanner(text, delimiter);
    std::size_t pos = 0;
    std::vector<io::Cell> cells;
    while (reference ? pos < text.size() : !scanner.done()) {
        const io::RowStatus status = reference ? reference_row(text, delimiter, pos, cells) : scanner.next_row(cells);
        ScannedRow row{status, {}, reference ? pos : scanner.position()};
        for (const io::Cell& c : cells) row.cells.emplace_back(std::string(c.text), c.quoted, c.escaped);
        rows.push_back(std::move(row));
    }
    return rows;
}

TEST(ReaderSpeedScanner, PlainAndQuotedRows) {
    const std::string text =
        "0281123000001,2023-01-20,28553,28553|28729|28073,C,1,1,0,0,false\n"  // plain, longer than 16 bytes
        "a,\"b,c\",\"d\"\"e\"\r\n"                                                // quoted, delimiter inside, CRLF
        "x\ry,z\r\n"                                                            // lone CR inside a cell
        "\"multi\nline\",2\n"
        "last,cell\r";                                                          // no final line break
    const auto rows = scan_all(text, ',', false);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].cells.size(), 10u);
    EXPECT_EQ(std::get<0>(rows[0].cells[3]), "28553|28729|28073");
    EXPECT_EQ(std::get<0>(rows[0].cells[9]), "false");
    ASSERT_EQ(rows[1].cells.size(), 3u);
    EXPECT_EQ(rows[1].cells[1], std::make_tuple(std::string("b,c"), true, false));
    EXPECT_EQ(rows[1].cells[2], std::make_tuple(std::string("d\"\"e"), true, true));
    ASSERT_EQ(rows[2].cells.size(), 2u);
    EXPECT_EQ(std::get<0>(rows[2].cells[0]), "x\ry");
    EXPECT_EQ(std::get<0>(rows[2].cells[1]), "z");
    EXPECT_EQ(rows[3].cells[0], std::make_tuple(std::string("multi\nline"), true, false));
    EXPECT_EQ(rows[4].cells, (std::vector<std::tuple<std::string, bool, bool>>{{"last", false, false}, {"cell", false, false}}));
    EXPECT_EQ(rows[4].end, text.size());
    EXPECT_EQ(rows, scan_all(text, ',', true));
}

TEST(ReaderSpeedScanner, EqualsTheByteAtATimeRulesOnRandomText) {
    // Text made of the characters that matter, rows of every length around the 16-byte steps.
    std::mt19937_64 rng(11);
    const std::string alphabet = "ab,;\"\n\r \t";
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const std::size_t size = rng() % 120;
        const bool quotes = round % 3 != 0;  // a third of the texts have no quote: every row plain
        for (std::size_t i = 0; i < size; ++i) {
            char c = alphabet[rng() % alphabet.size()];
            if (!quotes && c == '"') c = 'q';
            if (rng() % 3 == 0) c = 'x';  // longer cells
            text += c;
        }
        for (char delimiter : {',', ';', '\t'}) {
            ASSERT_EQ(scan_all(text, delimiter, false), scan_all(text, delimiter, true)) << "round " << round << " text '" << text << "'";
        }
    }
}

TEST(ReaderSpeedScanner, CountByteEqualsStdCount) {
    std::mt19937_64 rng(5);
    EXPECT_EQ(io::count_byte("", 0, '\n'), 0u);
    EXPECT_EQ(io::count_byte("a\nb\n", 4, '\n'), 2u);
    for (std::size_t size : {1u, 15u, 16u, 17u, 255u * 16u, 255u * 16u + 1u, 300u * 16u + 7u, 100000u}) {
        std::string text(size, 'x');
        for (char& ch : text) ch = rng() % 3 == 0 ? '\n' : static_cast<char>(rng() % 256);
        const std::size_t expected = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        EXPECT_EQ(io::count_byte(text.data(), text.size(), '\n'), expected) << size;
        EXPECT_EQ(io::count_byte(std::string(size, '"').data(), size, '"'), size);  // every byte: lanes count to 255
    }
}

// ---- read_csv_part against the row reader -------------------------------------------------------

FieldSpec field(std::string name, Type type) { return FieldSpec{std::move(name), std::move(type)}; }

std::vector<FieldSpec> sample_fields() {
    return {field("id", Type::of(TypeKind::string)),
            field("n", Type::of(TypeKind::integer)),
            field("x", Type::of(TypeKind::number)),
            field("d", Type::of(TypeKind::date)),
            field("b", Type::of(TypeKind::boolean)),
            field("e", Type::enumeration({"T1", "T2", "T10", "a very long enumeration value", "T2"})),
            field("s", Type::of(TypeKind::string)),
            field("ls", Type::list_of(TypeKind::string)),
            field("ln", Type::list_of(TypeKind::integer)),
            field("le", Type{TypeKind::list, TypeKind::enumeration,
                             std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"01", "02", "15"})})};
}

struct FastRead {
    io::ColumnPart part;
    StringPool pool;
    std::vector<std::vector<Value>> rows;  // kept fields only (others null)
};

void read_fast(std::string_view text, const std::vector<FieldSpec>& fields, const std::vector<bool>& store, ReadOptions options,
               FastRead& out) {
    io::CsvLayout layout;
    ASSERT_EQ(io::read_csv_layout(text, fields, options, layout), "");
    io::read_csv_part(text, layout.body, text.size(), 2, layout, fields, options, store, 0, out.pool, out.part);
    const ColumnChunk& chunk = out.part.chunk;
    for (std::size_t r = 0; r < chunk.rows; ++r) {
        std::vector<Value> row;
        for (std::size_t f = 0; f < fields.size(); ++f)
            row.push_back(store[f] ? value_at(view_of(chunk.fields[f], 0), r, fields[f].type, out.pool) : Value());
        out.rows.push_back(std::move(row));
    }
}

TEST(ReaderSpeedColumns, ValuesOfEveryKindAndRejectsTakenBack) {
    const auto fields = sample_fields();
    const std::string text =
        "id,n,x,d,b,e,s,ls,ln,le\n"
        "A1, 12 ,-3.5,2024-02-29,oui,T10, padded ,a| b |c,1|2,01|15\n"
        "A2,x,1,2024-01-01,1,T1,s,a,1,01\n"                       // bad int: rejected
        "A3,7,1e3,2023-02-29,0,T1,s,a,1,01\n"                     // impossible date: rejected
        "A4,,,31/12/2024,,a very long enumeration value,,,,\n"  // nulls, the other date form
        "A5,1,2,2024-04-31,true,T2,s,a,1|,02\n"                   // April 31st: rejected
        "\"A\"\"6\",-0,0.5,2024-12-28,FALSE,T2,s,x||y,3,15\n"     // empty list item: rejected
        "A7,9007199254740994,1,2024-01-28,yes,T2,s,a,1,02\n"      // int too large: rejected
        "A8,4,2,2024-01-31,no,T3,s,a,1,02\n"                      // not an enumeration value
        "A9,5,1234567890123456,0001-01-01,No,T2,,b|a,7|8|9,02|01\n";
    const std::vector<bool> store(fields.size(), true);
    FastRead fast;
    read_fast(text, fields, store, {}, fast);
    const io::ColumnPart& part = fast.part;
    ASSERT_EQ(part.chunk.rows, 3u);
    EXPECT_EQ(part.rows_read, 9u);
    ASSERT_EQ(part.rejected.size(), 6u);
    EXPECT_EQ(part.rejected[0].line, 3u);
    EXPECT_EQ(part.rejected[0].field, "n");
    EXPECT_EQ(part.rejected[1].field, "d");
    EXPECT_EQ(part.rejected[2].field, "d");
    EXPECT_EQ(part.rejected[3].field, "ls");
    EXPECT_EQ(part.rejected[4].field, "n");
    EXPECT_EQ(part.rejected[5].field, "e");
    EXPECT_EQ(part.rejected[5].reason, "'T3' is not one of T1, T2, T10, a very long enumeration value, T2");
    EXPECT_EQ(part.keys, "A1A4A9");
    EXPECT_EQ(part.key_end, (std::vector<std::uint32_t>{2, 4, 6}));
    EXPECT_EQ(part.chunk.lines, (std::vector<std::uint64_t>{2, 5, 10}));
    const auto& r = fast.rows;
    EXPECT_EQ(r[0][1], Value(12));
    EXPECT_EQ(r[0][2], Value(-3.5));
    EXPECT_EQ(r[0][3], Value(date_from_civil(2024, 2, 29)));
    EXPECT_EQ(r[0][4], Value(true));
    EXPECT_EQ(r[0][5], Value("T10"));
    EXPECT_EQ(r[0][6], Value(" padded "));
    EXPECT_EQ(r[0][7], Value(List{Value("a"), Value("b"), Value("c")}));
    EXPECT_EQ(r[0][8], Value(List{Value(1), Value(2)}));
    EXPECT_EQ(r[0][9], Value(List{Value("01"), Value("15")}));
    for (std::size_t f = 1; f < fields.size(); ++f)
        if (fields[f].name != "d" && fields[f].name != "e") EXPECT_TRUE(r[1][f].is_null()) << f;
    EXPECT_EQ(r[1][3], Value(date_from_civil(2024, 12, 31)));
    EXPECT_EQ(r[1][5], Value("a very long enumeration value"));
    EXPECT_EQ(r[2][2], Value(1234567890123456.0));
    EXPECT_EQ(r[2][3], Value(date_from_civil(1, 1, 1)));
    EXPECT_EQ(r[2][4], Value(false));
    EXPECT_EQ(r[2][7], Value(List{Value("b"), Value("a")}));
    EXPECT_EQ(r[2][8], Value(List{Value(7), Value(8), Value(9)}));
    // Columns hold exactly the rows kept (the rejected rows' cells were taken back).
    for (const Column& c : part.chunk.fields) EXPECT_EQ(c.valid.size(), 3u);
    EXPECT_EQ(part.chunk.fields[7].offsets, (std::vector<std::uint32_t>{0, 3, 3, 5}));
    EXPECT_EQ(part.chunk.fields[8].item_num.size(), 5u);
}

TEST(ReaderSpeedColumns, BooleansEqualTheRowReader) {
    const std::vector<FieldSpec> fields = {field("id", Type::of(TypeKind::string)), field("b", Type::of(TypeKind::boolean))};
    std::string text = "id,b\n";
    const std::vector<std::string> words = {"true", "TRUE", "True", "tRuE", "false", "FALSE", "1", "0", "oui", "OUI", "Oui",
                                            "non", "NON", "yes", "YES", "no", "No", "nO", "2", "o", "tru", "truee", "vrai",
                                            "n\x4f", "n@", "N\x0f", "yes ", " no", "ou\xe9", "\xd4ui", "fals", "falsE"};
    for (std::size_t i = 0; i < words.size(); ++i) text += "r" + std::to_string(i) + "," + words[i] + "\n";
    FastRead fast;
    read_fast(text, fields, {true, true}, {}, fast);
    const ReadResult ref = read_csv_text(text, fields);
    ASSERT_EQ(fast.part.chunk.rows, ref.table.rows.size());
    ASSERT_EQ(fast.part.rejected.size(), ref.table.rejected.size());
    EXPECT_EQ(ref.table.rows.size(), 22u);  // the first 18, "n\x4f" (that is "nO"), "yes " and " no" (trimmed), "falsE"
    for (std::size_t r = 0; r < ref.table.rows.size(); ++r) EXPECT_EQ(fast.rows[r][1], ref.table.rows[r][1]) << r;
}

TEST(ReaderSpeedColumns, DatesEqualTheRowReader) {
    // Every day 0 to 32 of months 0 to 13 of years around the leap-year rules, in both forms.
    const std::vector<FieldSpec> fields = {field("id", Type::of(TypeKind::string)), field("d", Type::of(TypeKind::date))};
    std::string text = "id,d\n";
    char buf[64];
    int row = 0;
    for (int y : {0, 1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999})
        for (int m = 0; m <= 13; ++m)
            for (int d = 0; d <= 32; ++d) {
                std::snprintf(buf, sizeof buf, "r%d,%04d-%02d-%02d\nq%d,%02d/%02d/%04d\n", row, y, m, d, row, d, m, y);
                text += buf;
                ++row;
            }
    text += "x1,2024-02-3a\nx2,2024/02/03\nx3, 2024-02-03 \nx4,2024-02-030\n";
    FastRead fast;
    read_fast(text, fields, {true, true}, {}, fast);
    const ReadResult ref = read_csv_text(text, fields);
    ASSERT_EQ(fast.part.rows_read, ref.table.rows_read);
    ASSERT_EQ(fast.part.chunk.rows, ref.table.rows.size());
    // Leap years 4, 400, 2000, 2024; 7 others (year 0 is refused); both forms; and " 2024-02-03 ".
    EXPECT_EQ(ref.table.rows.size(), 2u * (4 * 366 + 7 * 365) + 1);
    for (std::size_t r = 0; r < ref.table.rows.size(); ++r) EXPECT_EQ(fast.rows[r][1], ref.table.rows[r][1]) << r;
}

// A random CSV for the fields above: mostly good cells, some bad, some quoted, some CRLF.
std::string random_csv(std::mt19937_64& rng, std::size_t rows, bool decimal_comma) {
    // A good cell mostly, one of the others (bad, null, or odd but good) once in a while.
    const auto pick = [&](std::initializer_list<const char*> good, std::initializer_list<const char*> other) {
        const auto& xs = rng() % 16 == 0 ? other : good;
        return std::string(*(xs.begin() + rng() % xs.size()));
    };
    const char sep = decimal_comma ? ';' : ',';
    std::string out = decimal_comma ? "id;n;x;d;b;e;s;ls;ln;le\n" : "id,n,x,d,b,e,s,ls,ln,le\n";
    for (std::size_t r = 0; r < rows; ++r) {
        std::vector<std::string> cells{
            pick({"K1", "K22", "K4444444444"}, {"", " K3 "}) + std::to_string(r),
            pick({"12", "-4", " 7", "", "0", "123456789012345"}, {"1.0", "1.5", "x", "1234567890123456", "-", "1e2", "+1"}),
            pick({decimal_comma ? "3,25" : "3.25", "-0", "", "42", decimal_comma ? "0,1" : "0.1"}, {"3.25", "3,25", "1e999", "nan", ".5", "5."}),
            pick({"2024-02-29", "2024-01-31", "15/06/2020", "", "2024-06-28", "2023-12-30"}, {"2023-02-29", "2024-13-01", "0000-01-01", "2024-1-01", "2024-04-31"}),
            pick({"true", "FALSE", "Oui", "non", "1", "0", "", "yes"}, {"maybe", "2"}),
            pick({"T1", "T2", "T10", "", " T2 "}, {"T3", "t1"}),
            pick({"88071", "04", " x ", "", "a very long string value indeed", "62427"}, {"\t"}),
            pick({"a|b", "88071|62427|62427", "", " a | b "}, {"a||b", "|"}),
            pick({"1|2", "3", "", "4|5|6|7"}, {"1|x", "1| "}),
            pick({"01|15", "02", "", "01|01"}, {"03", "01|"}),
        };
        if (rng() % 10 == 0) cells[6] = "\"q" + std::string(1, sep) + "\"\"uoted\"";
        if (rng() % 20 == 0) cells[7] = "\"a|b\"";
        std::string line;
        for (std::size_t c = 0; c < cells.size(); ++c) line += (c ? std::string(1, sep) : "") + cells[c];
        if (rng() % 30 == 0) line += sep;  // one cell too many
        out += line + (rng() % 4 == 0 ? "\r\n" : "\n");
    }
    return out;
}

TEST(ReaderSpeedColumns, EqualsTheRowReaderOnRandomFiles) {
    const auto fields = sample_fields();
    std::mt19937_64 rng(3);
    for (int round = 0; round < 40; ++round) {
        const bool decimal_comma = round % 4 == 1;
        const std::string text = random_csv(rng, 300, decimal_comma);
        ReadOptions options;
        options.decimal_comma = decimal_comma;
        std::vector<bool> store(fields.size());
        for (std::size_t f = 0; f < fields.size(); ++f) store[f] = round % 2 == 0 || rng() % 2 == 0;
        FastRead fast;
        read_fast(text, fields, store, options, fast);
        if (HasFatalFailure()) return;
        const ReadResult ref = read_csv_text(text, fields, options);
        ASSERT_TRUE(ref.ok());
        const io::ColumnPart& part = fast.part;
        ASSERT_EQ(part.rows_read, ref.table.rows_read);
        ASSERT_EQ(part.rejected.size(), ref.table.rejected.size());
        ASSERT_EQ(part.chunk.rows, ref.table.rows.size());
        EXPECT_GT(part.chunk.rows, 10u);
        EXPECT_GT(part.rejected.size(), 10u);
        for (std::size_t k = 0; k < part.rejected.size(); ++k) {
            EXPECT_EQ(part.rejected[k].line, ref.table.rejected[k].line);
            EXPECT_EQ(part.rejected[k].field, ref.table.rejected[k].field);
            EXPECT_EQ(part.rejected[k].value, ref.table.rejected[k].value);
            EXPECT_EQ(part.rejected[k].reason, ref.table.rejected[k].reason);
        }
        for (std::size_t r = 0; r < part.chunk.rows; ++r) {
            EXPECT_EQ(part.chunk.lines[r], ref.table.row_lines[r]);
            const std::uint32_t from = r ? part.key_end[r - 1] : 0;
            const Value& key = ref.table.rows[r][0];
            EXPECT_EQ(part.key_valid[r] != 0, !key.is_null());
            if (!key.is_null()) EXPECT_EQ(part.keys.substr(from, part.key_end[r] - from), *key.as_string());
            for (std::size_t f = 0; f < fields.size(); ++f)
                if (store[f]) EXPECT_EQ(fast.rows[r][f], ref.table.rows[r][f]) << "round " << round << " row " << r << " field " << f;
        }
        for (std::size_t f = 0; f < fields.size(); ++f)
            if (!store[f]) EXPECT_TRUE(part.chunk.fields[f].valid.empty());
        if (HasFailure()) return;
    }
}

}  // namespace
}  // namespace cotation
