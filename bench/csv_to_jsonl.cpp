// csv_to_jsonl POLICY DEMANDS.csv OUT.jsonl: the demands of a CSV file as JSON Lines (see
// jsonl_rows.hpp), to time `cotation score` on the same rows in both formats (docs/performance.md).
#include <fstream>
#include <iostream>

#include "cotation/policy.hpp"
#include "jsonl_rows.hpp"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: csv_to_jsonl POLICY DEMANDS.csv OUT.jsonl\n";
        return 2;
    }
    const cotation::LoadResult loaded = cotation::load_policy(argv[1]);
    if (!loaded.ok()) {
        std::cerr << "csv_to_jsonl: " << argv[1] << " does not load\n";
        return 1;
    }
    const std::vector<cotation::FieldSpec> fields = loaded.policy->fields("demand");
    const cotation::ReadResult read = cotation::read_table(argv[2], fields);
    if (!read.ok()) {
        std::cerr << "csv_to_jsonl: " << read.error << '\n';
        return 1;
    }
    std::ofstream out(argv[3], std::ios::binary);
    std::string text;
    for (const std::vector<cotation::Value>& row : read.table.rows) {
        text.clear();
        bench::append_jsonl_row(text, fields, row);
        out << text;
    }
    std::cerr << read.table.rows.size() << " rows written, " << read.table.rejected.size() << " rejected rows left out\n";
    return out ? 0 : 1;
}
