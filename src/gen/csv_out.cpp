#include "gen/csv_out.hpp"

namespace cotation::gen {

DateTexts::DateTexts() {
    first_ = date_from_civil(2015, 1, 1).days;
    count_ = static_cast<std::uint32_t>(date_from_civil(2031, 1, 1).days - first_);
    text_ = std::make_unique<char[]>(static_cast<std::size_t>(count_) * 10);
    for (std::uint32_t i = 0; i < count_; ++i) {
        const CivilDate c = civil_from_date(Date{first_ + static_cast<std::int32_t>(i)});
        char* t = text_.get() + static_cast<std::size_t>(i) * 10;
        const auto y = static_cast<unsigned>(c.year);
        t[0] = static_cast<char>('0' + y / 1000);
        t[1] = static_cast<char>('0' + y / 100 % 10);
        t[2] = static_cast<char>('0' + y / 10 % 10);
        t[3] = static_cast<char>('0' + y % 10);
        t[4] = '-';
        t[5] = static_cast<char>('0' + c.month / 10);
        t[6] = static_cast<char>('0' + c.month % 10);
        t[7] = '-';
        t[8] = static_cast<char>('0' + c.day / 10);
        t[9] = static_cast<char>('0' + c.day % 10);
    }
}

const DateTexts& DateTexts::instance() {
    static const DateTexts texts;
    return texts;
}

}  // namespace cotation::gen
