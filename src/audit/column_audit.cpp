// audit (fast path): a file's allocations read in parts (io/part_reader) and counted in columns
// by every core, with the rules of quota_counting.hpp; tests hold it equal to the audit of a table.
#include <algorithm>
#include <memory>
#include <thread>

#include "audit/quota_counting.hpp"
#include "eval/batch.hpp"
#include "eval/group_key.hpp"
#include "io/part_reader.hpp"

namespace cotation {

using namespace audit;

namespace {

// What one part of the file adds up to.
struct PartCounts {
    std::vector<Counts> overall;
    std::vector<KeyIndex> group_ids;                          // per quota: the part's groups
    std::vector<std::vector<std::pair<Key, Counts>>> groups;  // per quota, by group id
    std::uint64_t in_period = 0, outside = 0, rows_read = 0;
    std::vector<RejectedRow> rejected, period_rejects;
};

// The programs of one worker of the column audit, compiled with its own string pool.
struct CountingWorker {
    StringPool pool;
    std::vector<std::pair<std::int32_t, BatchExpr>> derived;
    std::vector<std::optional<BatchExpr>> scope;  // per quota
    std::vector<BatchExpr> meets;
};

// The parts' consumer of the column audit: each part counted by the worker that read it.
class PartCounter final : public io::PartConsumer {
public:
    PartCounter(const Setup& setup, const AuditOptions& options, std::size_t threads) : setup_(setup), options_(options) {
        const CheckedRecord& record = *setup.record;
        const CompiledPolicy& p = setup.plan.program;
        std::vector<std::int32_t> read_slots = setup.period_slots;
        for (const CheckedDerived& d : record.derived) add_read_slots(d.expr, read_slots);
        for (const CheckedQuota& q : p.quotas) {
            if (q.scope) add_read_slots(*q.scope, read_slots);
            add_read_slots(q.meets, read_slots);
            read_slots.insert(read_slots.end(), q.by_slots.begin(), q.by_slots.end());
        }
        store_ = fields_read(record, read_slots);
        for (std::size_t t = 0; t < threads; ++t) {
            auto w = std::make_unique<CountingWorker>();
            for (const CheckedDerived& d : record.derived) w->derived.emplace_back(d.slot, BatchExpr(d.expr, w->pool, batch_rows));
            for (const CheckedQuota& q : p.quotas) {
                w->scope.push_back(q.scope ? std::optional<BatchExpr>(BatchExpr(*q.scope, w->pool, batch_rows)) : std::nullopt);
                w->meets.emplace_back(q.meets, w->pool, batch_rows);
            }
            workers_.push_back(std::move(w));
        }
    }

    const std::vector<bool>& store() const { return store_; }
    StringPool& pool(std::size_t worker) override { return workers_[worker]->pool; }
    void make_room(std::size_t parts) override { parts_.resize(std::max(parts, parts_.size())); }
    void retract(std::size_t first) override { parts_.resize(first); }
    void consume(std::size_t index, std::size_t worker, io::ColumnPart& part) override;

    // The parts' counts added up.
    void finish(std::size_t parts, FastAuditRun& out) {
        AuditRun& run = out.audit;
        const CompiledPolicy& p = setup_.plan.program;
        parts_.resize(parts);
        std::vector<Counts> overall(p.quotas.size());
        std::vector<std::map<Key, Counts, KeyLess>> groups(p.quotas.size());
        for (PartCounts& c : parts_) {
            out.rows_read += c.rows_read;
            run.rows_in_period += c.in_period;
            run.rows_outside_period += c.outside;
            out.rejected.insert(out.rejected.end(), c.rejected.begin(), c.rejected.end());
            run.period_rejects.insert(run.period_rejects.end(), c.period_rejects.begin(), c.period_rejects.end());
            for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
                overall[qi].k += c.overall[qi].k;
                overall[qi].n += c.overall[qi].n;
                overall[qi].unknown += c.overall[qi].unknown;
                for (auto& entry : c.groups[qi]) {
                    Counts& g = groups[qi][entry.first];
                    g.k += entry.second.k;
                    g.n += entry.second.n;
                    g.unknown += entry.second.unknown;
                }
            }
        }
        finish_results(p, *setup_.record, overall, groups, run);
    }

private:
    const Setup& setup_;
    const AuditOptions& options_;
    std::vector<bool> store_;
    std::vector<std::unique_ptr<CountingWorker>> workers_;
    std::vector<PartCounts> parts_;
};

void PartCounter::consume(std::size_t index, std::size_t worker, io::ColumnPart& part) {
    const CompiledPolicy& p = setup_.plan.program;
    const CheckedRecord& record = *setup_.record;
    const std::vector<std::int32_t>& period_slots = setup_.period_slots;
    CountingWorker& w = *workers_[worker];
    PartCounts& c = parts_[index];
    c = PartCounts{};
    c.overall.assign(p.quotas.size(), Counts{});
    c.groups.assign(p.quotas.size(), {});
    for (const CheckedQuota& q : p.quotas) c.group_ids.emplace_back(row_key_width(q.by_slots.size()));
    c.rows_read = part.rows_read;
    c.rejected = std::move(part.rejected);
    std::vector<View> views(record.slot_count());
    std::vector<View> scope_views(p.quotas.size()), meets_views(p.quotas.size());
    std::vector<std::uint64_t> key;
    for (std::size_t first = 0; first < part.chunk.rows; first += batch_rows) {
        const std::size_t n = std::min(batch_rows, part.chunk.rows - first);
        for (std::size_t f = 0; f < record.fields.size(); ++f)
            views[f] = part.chunk.fields[f].valid.empty() ? View{} : view_of(part.chunk.fields[f], first);
        const BatchInput in{&views, n};
        for (auto& [slot, program] : w.derived) views[static_cast<std::size_t>(slot)] = program.run(in);
        for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
            if (w.scope[qi]) scope_views[qi] = w.scope[qi]->run(in);
            meets_views[qi] = w.meets[qi].run(in);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto null_period = std::find_if(period_slots.begin(), period_slots.end(),
                                                  [&](std::int32_t s) { return !views[static_cast<std::size_t>(s)].valid[i]; });
            if (null_period != period_slots.end()) {
                c.period_rejects.push_back(period_reject(record, *null_period, part.chunk.lines[first + i]));
                continue;
            }
            const auto in_period = [&](std::int32_t s) {
                const std::int32_t d = views[static_cast<std::size_t>(s)].code[i];
                return options_.from.days <= d && d <= options_.to.days;
            };
            if (std::none_of(period_slots.begin(), period_slots.end(), in_period)) {
                ++c.outside;
                continue;
            }
            ++c.in_period;
            for (std::size_t qi = 0; qi < p.quotas.size(); ++qi) {
                const CheckedQuota& q = p.quotas[qi];
                if (!in_period(q.period_slot)) continue;
                Tally t;
                if (w.scope[qi] && !scope_views[qi].valid[i]) t = Tally::unknown;
                else if (w.scope[qi] && !scope_views[qi].code[i]) t = Tally::out_of_scope;
                else if (!meets_views[qi].valid[i]) t = Tally::unknown;
                else t = meets_views[qi].code[i] ? Tally::meeting : Tally::not_meeting;
                add(c.overall[qi], t);
                if (q.by_slots.empty()) continue;
                make_row_key(key, q.by_slots.size(), i, [&](std::size_t b) {
                    const auto slot = static_cast<std::size_t>(q.by_slots[b]);
                    return std::pair<const View&, Repr>(views[slot], repr_of(record.slot_types[slot]));
                });
                bool fresh = false;
                const std::uint32_t id = c.group_ids[qi].insert(key.data(), fresh);
                if (fresh) {
                    Key values;
                    for (std::int32_t s : q.by_slots)
                        values.push_back(value_at(views[static_cast<std::size_t>(s)], i, record.slot_types[static_cast<std::size_t>(s)], w.pool));
                    c.groups[qi].emplace_back(std::move(values), Counts{});
                }
                add(c.groups[qi][id].second, t);
            }
        }
    }
}

// Counts what `read` hands over: the text of a CSV or JSON Lines file, or the file itself.
template <typename Read>
FastAuditRun count_parts(const Policy& policy, const AuditOptions& options, const ReadOptions& read_options, unsigned threads,
                         std::size_t block_bytes, Read read) {
    FastAuditRun out;
    AuditRun& run = out.audit;
    run.from = options.from;
    run.to = options.to;
    Result<Setup> setup = prepare(policy, options);
    if (!setup) {
        run.error = setup.error().message;
        return out;
    }
    run.as_of = setup->plan.as_of;
    const std::size_t workers = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    PartCounter counter(*setup, options, workers);
    const CheckedRecord& record = *setup->record;
    const io::RecordColumns columns{record.fields, counter.store(), record.key_slot};
    // Parts of a few megabytes: counting a row costs less than scoring it.
    const io::PartReadOptions part_options{read_options, workers, 4u << 20, block_bytes, options.progress};
    const io::PartReadResult result = read(columns, part_options, counter);
    if (!result.ok()) {
        run.error = result.error;
        out.input_error = true;
        return out;
    }
    out.read_warnings = result.warnings;
    counter.finish(result.parts, out);
    return out;
}

}  // namespace

FastAuditRun audit_allocations_csv(const Policy& policy, std::string_view text, const AuditOptions& options, const ReadOptions& read,
                                   unsigned threads) {
    return count_parts(policy, options, read, threads, 0, [&](const io::RecordColumns& columns, const io::PartReadOptions& o, io::PartConsumer& c) {
        return io::read_parts(text, io::TextFormat::csv, columns, o, c);
    });
}

FastAuditRun audit_allocations_file(const Policy& policy, const std::string& path, const AuditOptions& options, const ReadOptions& read,
                                    unsigned threads, std::size_t block_bytes) {
    return count_parts(policy, options, read, threads, block_bytes,
                       [&](const io::RecordColumns& columns, const io::PartReadOptions& o, io::PartConsumer& c) {
                           return io::read_file_parts(path, columns, o, c);
                       });
}

}  // namespace cotation
