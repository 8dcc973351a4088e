// Commands not built yet.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"

namespace cotation::cli {

int run_explain(const std::vector<std::string>&) { std::cerr << "cotation explain: not available yet\n"; return exit_usage; }
int run_test(const std::vector<std::string>&) { std::cerr << "cotation test: not available yet\n"; return exit_usage; }
int run_audit(const std::vector<std::string>&) { std::cerr << "cotation audit: not available yet\n"; return exit_usage; }
int run_rank(const std::vector<std::string>&) { std::cerr << "cotation rank: not available yet\n"; return exit_usage; }
int run_gen(const std::vector<std::string>&) { std::cerr << "cotation gen: not available yet\n"; return exit_usage; }

}  // namespace cotation::cli
