// Work spread over threads: the scorer's parts, the audit's parts, the output's windows.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace cotation {

// Runs fn(index, worker) for every index in [0, count) over at most `threads` threads (the calling
// thread is worker 0); each index is taken by the next free worker.
template <typename Fn>
void parallel_for(std::size_t count, std::size_t threads, Fn fn) {
    threads = std::max<std::size_t>(1, std::min(threads, count));
    std::atomic<std::size_t> next{0};
    const auto work = [&](std::size_t worker) {
        for (std::size_t i = next++; i < count; i = next++) fn(i, worker);
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < threads; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
}

}  // namespace cotation
