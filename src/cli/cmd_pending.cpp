// Commands not built yet.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"

namespace cotation::cli {

int run_gen(const std::vector<std::string>&) { std::cerr << "cotation gen: not available yet\n"; return exit_usage; }

}  // namespace cotation::cli
