// Rows written as JSON Lines, their values typed (numbers and booleans bare, lists as arrays) and
// nulls left out: the benchmarks' demands in the other input format. The generated strings hold no
// quote, backslash or control character, so none is escaped.
#pragma once

#include <string>
#include <vector>

#include "cotation/table.hpp"
#include "cotation/value.hpp"

namespace bench {

inline void append_json(std::string& out, const cotation::Value& v) {
    if (const bool* b = v.as_bool()) {
        out += *b ? "true" : "false";
    } else if (v.as_number()) {
        out += cotation::format_value(v);
    } else if (const cotation::List* l = v.as_list()) {
        out += '[';
        for (std::size_t i = 0; i < l->size(); ++i) {
            if (i) out += ", ";
            append_json(out, (*l)[i]);
        }
        out += ']';
    } else {  // strings, enumerations, dates
        out += '"';
        out += cotation::format_value(v);
        out += '"';
    }
}

inline void append_jsonl_row(std::string& out, const std::vector<cotation::FieldSpec>& fields, const std::vector<cotation::Value>& row) {
    out += '{';
    bool first = true;
    for (std::size_t k = 0; k < fields.size(); ++k) {
        if (row[k].is_null()) continue;
        out += first ? "\"" : ", \"";
        out += fields[k].name;
        out += "\": ";
        append_json(out, row[k]);
        first = false;
    }
    out += "}\n";
}

}  // namespace bench
