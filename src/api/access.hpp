// api (internal): what the implementation of the public types shares — the way into a Policy's
// compiled form, the shape of a Record (its policy and record), and the checks of values given
// field by field.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "check/compiled.hpp"
#include "check/policy_access.hpp"
#include "cotation/policy.hpp"
#include "cotation/record.hpp"
#include "cotation/result.hpp"

namespace cotation::internal {

// Which record of which policy a Record holds: the policy is kept alive with it.
struct RecordShape {
    std::shared_ptr<const CompiledPolicy> policy;
    std::int32_t record = -1;
    std::vector<std::string> names;  // its field names, for "did you mean"

    const CheckedRecord& checked() const { return policy->records[static_cast<std::size_t>(record)]; }
    // The field of that name, or -1.
    std::int32_t field(std::string_view name) const;
};

std::shared_ptr<const RecordShape> shape_of(const std::shared_ptr<const CompiledPolicy>& policy, std::int32_t record);

struct RecordAccess {
    static Record make(std::shared_ptr<const RecordShape> shape, std::vector<Value> values);
    static const std::vector<Value>& values(const Record& record) { return record.values_; }
    static const RecordShape* shape(const Record& record) { return record.shape_.get(); }
};

// E0701: `name` is no field of the record, with the closest name.
Error unknown_field(const RecordShape& shape, std::string_view name);

// One JSON object read with the rules of a JSON Lines row: E0704 when it is not one object, E0701
// for a key no field declares, E0702 and E0703 for a value as RecordBuilder::set reports it.
Result<Record> record_from_json(const std::shared_ptr<const RecordShape>& shape, std::string_view json);

// Every mistake in one Error: the code of the first, the messages joined.
Error join(const std::vector<Error>& mistakes);

}  // namespace cotation::internal
