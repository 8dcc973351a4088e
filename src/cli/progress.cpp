#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace cotation::cli {

namespace {

std::string human_rate(double rate) {
    if (rate >= 1e6) return fmt::format("{:.1f} M/s", rate / 1e6);
    if (rate >= 1e3) return fmt::format("{:.1f} k/s", rate / 1e3);
    return fmt::format("{:.0f} /s", rate);
}

}  // namespace

Progress::Progress(std::string label, std::uint64_t total, std::FILE* out)
    : label_(std::move(label)), total_(total), out_(out), enabled_(out && ::isatty(::fileno(out)) == 1),
      start_(Clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

std::string Progress::render(const std::string& label, std::uint64_t done, std::uint64_t total, double rate,
                             int bar_width) {
    if (total == 0) return fmt::format("{} {}  {}", label, done, human_rate(rate));
    done = std::min(done, total);
    const double fraction = static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * bar_width);
    return fmt::format("{} [{}{}] {:3d}%  {}/{}  {}", label, std::string(static_cast<std::size_t>(filled), '#'),
                       std::string(static_cast<std::size_t>(bar_width - filled), ' '),
                       static_cast<int>(fraction * 100), done, total, human_rate(rate));
}

void Progress::update(std::uint64_t done) {
    if (!enabled_) return;
    const Clock::time_point now = Clock::now();
    if (now - start_ < std::chrono::seconds(1)) return;  // short runs stay silent
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const std::string line = render(label_, done, total_, static_cast<double>(done) / seconds);
    std::fprintf(out_, "\r%s\x1b[K", line.c_str());
    std::fflush(out_);
    drawn_ = true;
    last_draw_ = now;
}

void Progress::finish() {
    enabled_ = false;
    if (!drawn_) return;
    std::fputs("\r\x1b[K", out_);
    std::fflush(out_);
    drawn_ = false;
}

}  // namespace cotation::cli
