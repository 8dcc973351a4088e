// cotation: the command line, a thin layer over the library.
#include <cstring>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cotation/version.hpp"

namespace {

constexpr const char* usage = R"(usage: cotation COMMAND [OPTIONS]

commands:
  check POLICY... [--format text|json]          load and type-check policies
  score POLICY DEMANDS --as-of DATE [-o OUT] [--explain] [--format csv|jsonl] [--summary] [--threads N]
                                                 score every demand
  explain POLICY DEMANDS --id ID --as-of DATE [--allocations FILE]
                                                 what the applicant is told
  test TESTFILE...                               run policy test cases
  audit POLICY ALLOCATIONS (--year Y | --from D --to D) [--as-of D] [--candidates FILE]
        [--demands FILE] [--format text|csv|json|html] [-o OUT]
                                                 CIA quotas, what-if, territorial diagnosis
  rank POLICY DEMANDS --offer OFFER.yaml --as-of DATE [--top N] [--why ID] [--allocations FILE]
       [--format text|csv|json]                  candidates for a dwelling
  gen demands|allocations --count N --seed S [-o OUT] [--threads T] [--territory K|cahc]
                                                 synthetic, realistic data sets

data options (score, explain, audit, rank): --delimiter C, --decimal-comma, --rejects FILE, --strict
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace cotation::cli;
#ifdef __GLIBC__
    // The scorer's parts allocate and free columns of a few hundred kilobytes by the thousand: kept
    // in the heap rather than mapped and unmapped each time, they are not faulted in again.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
        (argc < 2 ? std::cerr : std::cout) << usage;
        return argc < 2 ? exit_usage : exit_ok;
    }
    const std::string command = argv[1];
    const std::vector<std::string> rest(argv + 2, argv + argc);
    try {
        if (command == "check") return run_check(rest);
        if (command == "score") return run_score(rest);
        if (command == "explain") return run_explain(rest);
        if (command == "test") return run_test(rest);
        if (command == "audit") return run_audit(rest);
        if (command == "rank") return run_rank(rest);
        if (command == "gen") return run_gen(rest);
        if (command == "--version") {
            std::cout << "cotation " << cotation::version() << " (policy format " << cotation::policy_format_version << ")\n";
            return exit_ok;
        }
    } catch (const std::bad_alloc&) {
        std::cerr << "cotation: out of memory\n";
        return exit_usage;
    }
    std::cerr << "cotation: unknown command '" << command << "'\n" << usage;
    return exit_usage;
}
