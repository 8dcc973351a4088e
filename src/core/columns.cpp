#include "core/columns.hpp"

#include <algorithm>

namespace cotation {

std::int32_t StringIndex::add(std::string_view text) {
    const auto index = static_cast<std::int32_t>(texts_.size());
    texts_.push_back(text);
    if (texts_.size() * 2 > slots_.size()) {  // grow: a new table twice as large, every string placed again
        const std::size_t size = std::max<std::size_t>(16, slots_.size() * 2);
        slots_.assign(size, Slot{});
        mask_ = size - 1;
        shift_ = 64 - std::countr_zero(size);
        for (std::size_t i = 0; i < texts_.size(); ++i) place(static_cast<std::int32_t>(i));
    } else {
        place(index);
    }
    return index;
}

void StringIndex::place(std::int32_t index) {
    const std::string_view text = texts_[static_cast<std::size_t>(index)];
    const std::uint64_t key = strings::key(text);
    const auto len = static_cast<std::uint32_t>(text.size());
    std::size_t i = slot_of(key, len);
    while (slots_[i].index >= 0) i = (i + 1) & mask_;
    slots_[i] = Slot{key, len, index};
}

std::int32_t StringPool::add(std::string_view text) {
    if (text.size() > left_) {
        constexpr std::size_t block = 64 * 1024;
        const std::size_t size = std::max(block, text.size());
        blocks_.push_back(std::make_unique<char[]>(size));
        free_ = blocks_.back().get();
        left_ = size;
    }
    if (!text.empty()) std::memcpy(free_, text.data(), text.size());
    const std::string_view stored(free_, text.size());
    free_ += text.size();
    left_ -= text.size();
    return index_.add(stored);
}

void Column::clear() {
    num.clear();
    code.clear();
    valid.clear();
    offsets.clear();
    item_num.clear();
    item_code.clear();
    item_valid.clear();
}

View view_of(const Column& c, std::size_t first_row) {
    View v;
    v.num = c.num.empty() ? nullptr : c.num.data() + first_row;
    v.code = c.code.empty() ? nullptr : c.code.data() + first_row;
    v.valid = c.valid.data() + first_row;
    v.offsets = c.offsets.empty() ? nullptr : c.offsets.data() + first_row;
    v.item_num = c.item_num.data();
    v.item_code = c.item_code.data();
    v.item_valid = c.item_valid.empty() ? nullptr : c.item_valid.data();
    return v;
}

bool is_numeric_kind(TypeKind kind) { return kind == TypeKind::integer || kind == TypeKind::number; }

Repr repr_of(const Type& type) {
    switch (type.kind) {
        case TypeKind::integer:
        case TypeKind::number:
            return Repr::num;
        case TypeKind::list:
            return is_numeric_kind(type.element) ? Repr::list_num : Repr::list_code;
        default:
            return Repr::code;
    }
}

}  // namespace cotation
