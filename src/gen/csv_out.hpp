// Writing CSV cells straight into a preallocated buffer: no iostreams, no allocation per field.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "cotation/value.hpp"
#include "gen/territory.hpp"

namespace cotation::gen {

// Dates from 2015-01-01 to 2030-12-31 (filing, refusal and lease dates) written once as YYYY-MM-DD,
// so that writing one is a copy from a table that stays in cache. Other dates are computed.
class DateTexts {
public:
    static const DateTexts& instance();
    // The 10 characters of `d`, or nullptr outside the table.
    const char* find(Date d) const noexcept {
        const auto i = static_cast<std::uint32_t>(d.days - first_);
        return i < count_ ? text_.get() + static_cast<std::size_t>(i) * 10 : nullptr;
    }

private:
    DateTexts();
    std::int32_t first_;
    std::uint32_t count_;
    std::unique_ptr<char[]> text_;
};

// The caller guarantees room for a whole row (see max_row_bytes) before writing it.
class CellWriter {
public:
    explicit CellWriter(char* p) : p_(p) {}
    char* position() const { return p_; }

    // As is, never quoted: the generator's texts come from its own tables and none needs quotes
    // (io::needs_csv_quotes; tests/unit/csv_quote_test.cpp checks the landlord names).
    void text(std::string_view s) {
        std::memcpy(p_, s.data(), s.size());
        p_ += s.size();
    }
    void ch(char c) { *p_++ = c; }
    void comma() { *p_++ = ','; }
    void newline() { *p_++ = '\n'; }
    void code(const InseeCode& c) { text(std::string_view(c.data(), c.size())); }
    void boolean(bool b) { b ? text("true") : text("false"); }
    void integer(std::int64_t v) {
        if (v >= 0 && v < 10) {  // household counts, rooms: the most frequent
            *p_++ = static_cast<char>('0' + v);
            return;
        }
        p_ = std::to_chars(p_, p_ + 24, v).ptr;
    }
    // v on at least `width` digits, zero-padded.
    void padded(std::uint64_t v, int width) {
        char digits[24];
        char* end = std::to_chars(digits, digits + sizeof digits, v).ptr;
        for (int n = static_cast<int>(end - digits); n < width; ++n) *p_++ = '0';
        text(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    }
    void two_digits(unsigned v) {
        *p_++ = static_cast<char>('0' + v / 10 % 10);
        *p_++ = static_cast<char>('0' + v % 10);
    }
    // The last two digits of d's year.
    void year_two_digits(Date d) {
        if (const char* t = DateTexts::instance().find(d)) {
            *p_++ = t[2];
            *p_++ = t[3];
            return;
        }
        two_digits(static_cast<unsigned>(civil_from_date(d).year % 100));
    }
    void date(Date d) {
        if (const char* t = DateTexts::instance().find(d)) {
            std::memcpy(p_, t, 10);
            p_ += 10;
            return;
        }
        // Days to civil date (H. Hinnant's algorithm), inline.
        const std::int32_t z = d.days + 719468;
        const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
        const auto doe = static_cast<std::uint32_t>(z - era * 146097);
        const std::uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const std::uint32_t mp = (5 * doy + 2) / 153;
        const std::uint32_t day = doy - (153 * mp + 2) / 5 + 1;
        const std::uint32_t month = mp < 10 ? mp + 3 : mp - 9;
        const auto y = static_cast<std::uint32_t>(static_cast<std::int32_t>(yoe) + era * 400 + (month <= 2));
        two_digits(y / 100);
        two_digits(y % 100);
        *p_++ = '-';
        two_digits(month);
        *p_++ = '-';
        two_digits(day);
    }

private:
    char* p_;
};

// An upper bound on the bytes of one row of either record (the longest is well under 300).
inline constexpr std::size_t max_row_bytes = 512;

}  // namespace cotation::gen
