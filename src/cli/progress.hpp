// A progress bar on stderr for long runs, shown only when stderr is a terminal.
//
//   Progress bar("gen demands", total_rows);
//   ... bar.update(rows_done); ...
//   bar.finish();
//
// Nothing is drawn during the first second (short runs stay silent), nor ever when stderr is
// redirected to a file or a pipe. Redraws are limited to about ten a second, so update() may be
// called as often as convenient. The line is erased by finish() (or the destructor).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace cotation::cli {

class Progress {
public:
    // `total` 0: unknown, the bar shows only the count and the rate.
    Progress(std::string label, std::uint64_t total, std::FILE* out = stderr);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void update(std::uint64_t done);
    void finish();
    bool enabled() const { return enabled_; }

    // The text of the bar for `done` of `total` at `rate` units a second, e.g.
    // "gen demands [#############                ]  45%  1242000/2760000  2.1 M/s" with a bar of
    // `bar_width` cells (exposed for tests).
    static std::string render(const std::string& label, std::uint64_t done, std::uint64_t total, double rate,
                              int bar_width = 30);

private:
    using Clock = std::chrono::steady_clock;
    std::string label_;
    std::uint64_t total_;
    std::FILE* out_;
    bool enabled_;
    bool drawn_ = false;
    Clock::time_point start_;
    Clock::time_point last_draw_;
};

}  // namespace cotation::cli
