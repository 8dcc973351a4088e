// The schema both data-file fuzzers read with: every type a data file can hold.
#pragma once

#include <string>
#include <vector>

#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace fuzz {

using cotation::Type;
using cotation::TypeKind;

inline const std::vector<std::string> letters{"A", "B", "C"};  // the enumeration's values

inline const std::vector<cotation::FieldSpec>& schema() {
    static const std::vector<cotation::FieldSpec> fields = [] {
        const Type abc = Type::enumeration(letters);
        return std::vector<cotation::FieldSpec>{
            {"id", Type::of(TypeKind::string)},
            {"flag", Type::of(TypeKind::boolean)},
            {"count", Type::of(TypeKind::integer)},
            {"amount", Type::of(TypeKind::number)},
            {"filed_on", Type::of(TypeKind::date)},
            {"kind", abc},
            {"tags", Type::list_of(TypeKind::string)},
            {"codes", Type::list_of(TypeKind::integer)},
            {"rates", Type::list_of(TypeKind::number)},
            {"kinds", Type{TypeKind::list, TypeKind::enumeration, abc.enum_values}},
        };
    }();
    return fields;
}

}  // namespace fuzz
