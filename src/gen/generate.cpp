// The generator's driver: chunks of rows drawn in parallel into their own buffers and handed to
// the sink in order, so that the output never depends on the number of threads.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "cotation/gen.hpp"
#include "gen/csv_out.hpp"
#include "gen/rows.hpp"

namespace cotation {

namespace {

using RowWriter = char* (*)(char*, const gen::RowContext&, std::uint64_t);

constexpr std::uint64_t default_chunk_rows = 8192;

// A chunk's text; its storage is reused from chunk to chunk and never zero-filled.
class Buffer {
public:
    char* reserve(std::size_t bytes) {
        if (bytes > capacity_) {
            data_ = std::make_unique_for_overwrite<char[]>(bytes);
            capacity_ = bytes;
        }
        size_ = 0;
        return data_.get();
    }
    void set_size(std::size_t size) { size_ = size; }
    std::string_view view() const { return {data_.get(), size_}; }
    void swap(Buffer& other) noexcept {
        std::swap(data_, other.data_);
        std::swap(capacity_, other.capacity_);
        std::swap(size_, other.size_);
    }

private:
    std::unique_ptr<char[]> data_;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
};

int digits(std::uint64_t n) {
    int d = 1;
    while (n >= 10) n /= 10, ++d;
    return d;
}

}  // namespace

std::optional<GenKind> parse_gen_kind(std::string_view text) noexcept {
    if (text == "demands") return GenKind::demands;
    if (text == "allocations") return GenKind::allocations;
    return std::nullopt;
}

const std::vector<std::string>& gen_fields(GenKind kind) {
    static const std::vector<std::string> demand = {
        "id", "filed_on", "commune", "wished_communes", "wished_typology", "household_size", "persons_14_plus",
        "children_under_14", "dependants", "single_parent", "couple", "applicant_birth_date", "monthly_income",
        "tax_income", "current_housing", "current_rent", "current_rooms", "current_surface", "motifs", "disability",
        "dalo", "employment", "employer_commune", "violence_proof", "social_worker_validated", "last_refusal_on",
        "anru_rehousing", "priority_situations", "essential_worker", "nationality", "sex"};
    static const std::vector<std::string> allocation = {
        "id", "demand_id", "landlord", "reservataire", "commune", "qpv", "residence_class", "typology", "financing",
        "lease_signed_on", "is_mutation", "internal_transfer", "filed_on", "monthly_income", "persons_14_plus",
        "children_under_14", "dalo", "anru_rehousing", "priority", "essential_worker"};
    return kind == GenKind::demands ? demand : allocation;
}

GenResult generate(const GenOptions& options, const GenSink& sink, const GenProgress& progress) {
    GenResult result;
    if (options.territory < -1 || options.territory >= gen_territory_count) {
        result.error = "territory must be between 0 and " + std::to_string(gen_territory_count - 1);
        return result;
    }
    const gen::Catalogue catalogue(options.seed);
    gen::RowContext context;
    context.catalogue = &catalogue;
    if (options.territory >= 0) context.fixed = &catalogue.territories()[static_cast<std::size_t>(options.territory)];
    context.seed = options.seed;
    context.id_width = std::max(5, digits(options.count));
    const RowWriter write_row = options.kind == GenKind::demands ? gen::write_demand : gen::write_allocation;

    std::string header;
    for (const std::string& name : gen_fields(options.kind)) {
        if (!header.empty()) header += ',';
        header += name;
    }
    header += '\n';
    if (!sink(header)) {
        result.error = "cannot write the output";
        return result;
    }

    const std::uint64_t count = options.count;
    const std::uint64_t chunk = options.chunk_rows ? options.chunk_rows : default_chunk_rows;
    const std::uint64_t chunks = count / chunk + (count % chunk ? 1 : 0);
    auto fill = [&](std::uint64_t c, Buffer& buffer) {
        const std::uint64_t begin = c * chunk;
        const std::uint64_t end = std::min(count, begin + chunk);
        char* const start = buffer.reserve(static_cast<std::size_t>(end - begin) * gen::max_row_bytes);
        char* p = start;
        for (std::uint64_t i = begin; i < end; ++i) p = write_row(p, context, i);
        buffer.set_size(static_cast<std::size_t>(p - start));
    };

    // By default one worker per hardware thread, at most 32 (the writer then limits the rate).
    unsigned threads = options.threads ? options.threads : std::clamp(std::thread::hardware_concurrency(), 1u, 32u);
    threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(chunks, 1)));

    if (threads <= 1) {
        Buffer buffer;
        for (std::uint64_t c = 0; c < chunks; ++c) {
            fill(c, buffer);
            if (!sink(buffer.view())) {
                result.error = "cannot write the output";
                return result;
            }
            result.rows = std::min(count, (c + 1) * chunk);
            if (progress) progress(result.rows);
        }
        return result;
    }

    // Workers claim chunks in order and may run at most `window` chunks ahead of the writer (this
    // thread), which bounds the memory; slot c % window holds chunk c until it is written.
    struct Slot {
        Buffer data;
        bool ready = false;
    };
    const std::uint64_t window = threads + 2ull;
    std::vector<Slot> slots(static_cast<std::size_t>(window));
    std::mutex mutex;
    std::condition_variable work_cv, ready_cv;
    std::uint64_t next_chunk = 0, next_write = 0;
    bool stop = false;
    std::exception_ptr failure;

    auto worker = [&] {
        Buffer buffer;
        while (true) {
            std::uint64_t c;
            {
                std::unique_lock lock(mutex);
                work_cv.wait(lock, [&] { return stop || next_chunk >= chunks || next_chunk < next_write + window; });
                if (stop || next_chunk >= chunks) return;
                c = next_chunk++;
            }
            try {
                fill(c, buffer);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
                stop = true;
                ready_cv.notify_all();
                work_cv.notify_all();
                return;
            }
            {
                std::lock_guard lock(mutex);
                Slot& slot = slots[static_cast<std::size_t>(c % window)];
                slot.data.swap(buffer);
                slot.ready = true;
            }
            ready_cv.notify_all();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);

    Buffer out;
    for (std::uint64_t c = 0; c < chunks; ++c) {
        {
            std::unique_lock lock(mutex);
            Slot& slot = slots[static_cast<std::size_t>(c % window)];
            ready_cv.wait(lock, [&] { return slot.ready || stop; });
            if (!slot.ready) break;  // a worker failed
            slot.data.swap(out);
            slot.ready = false;
            ++next_write;
        }
        work_cv.notify_all();
        if (!sink(out.view())) {
            result.error = "cannot write the output";
            break;
        }
        result.rows = std::min(count, (c + 1) * chunk);
        if (progress) progress(result.rows);
    }
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    work_cv.notify_all();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    return result;
}

std::string generate_csv(const GenOptions& options) {
    std::string out;
    const GenResult result = generate(options, [&](std::string_view text) {
        out.append(text);
        return true;
    });
    if (!result.ok()) return {};
    return out;
}

}  // namespace cotation
