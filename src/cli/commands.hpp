// One function per subcommand; each returns the process's exit status.
#pragma once

#include <string>
#include <vector>

namespace cotation::cli {

int run_check(const std::vector<std::string>& args);
int run_score(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_test(const std::vector<std::string>& args);
int run_audit(const std::vector<std::string>& args);
int run_rank(const std::vector<std::string>& args);
int run_gen(const std::vector<std::string>& args);

}  // namespace cotation::cli
