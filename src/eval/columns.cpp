#include "eval/columns.hpp"

namespace cotation {

std::int32_t StringPool::intern(std::string_view text) {
    if (auto it = codes_.find(text); it != codes_.end()) return it->second;
    storage_.emplace_back(text);
    const auto code = static_cast<std::int32_t>(strings_.size());
    strings_.push_back(&storage_.back());
    codes_.emplace(std::string_view(storage_.back()), code);
    return code;
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
