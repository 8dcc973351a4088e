// cotation: the command line, a thin layer over the library.
#include <iostream>  // before the test of __GLIBC__, which the standard library's headers define
#include <new>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/command.hpp"

int main(int argc, char** argv) {
#ifdef __GLIBC__
    // The scorer's parts allocate and free columns of a few hundred kilobytes by the thousand: kept
    // in the heap rather than mapped and unmapped each time, they are not faulted in again.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    try {
        return cotation::cli::run_command_line(argc, argv);
    } catch (const std::bad_alloc&) {
        std::cerr << "cotation: out of memory\n";
        return cotation::cli::exit_usage;
    }
}
