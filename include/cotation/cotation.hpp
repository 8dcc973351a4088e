// The whole public API of cotation in one include.
#pragma once

#include "cotation/audit.hpp"         // CIA quotas over a table or a file, what-if
#include "cotation/audit_report.hpp"  // audit outputs: text, CSV, JSON, HTML
#include "cotation/compare.hpp"       // two policies on the same stock of demands
#include "cotation/coverage.hpp"      // how often each criterion applies over a stock
#include "cotation/diagnosis.hpp"     // the territorial diagnosis of a CIA
#include "cotation/diagnostic.hpp"    // diagnostics of a policy: places, codes, hints
#include "cotation/editor.hpp"        // the JSON Schema of a policy file, the language server
#include "cotation/fast.hpp"          // scoring whole files on every core
#include "cotation/gen.hpp"           // synthetic data sets
#include "cotation/parameters.hpp"    // --set NAME=VALUE as parameter overrides
#include "cotation/policy.hpp"        // loading and checking a policy
#include "cotation/population.hpp"    // a demand's position among a scored stock
#include "cotation/quota_tracker.hpp" // quotas counted one allocation at a time
#include "cotation/rank.hpp"          // candidates for a vacant dwelling
#include "cotation/record.hpp"        // one checked row
#include "cotation/report.hpp"        // score outputs
#include "cotation/result.hpp"        // Result<T>, Error
#include "cotation/score.hpp"         // scoring tables of demands
#include "cotation/scorer.hpp"        // one demand at a time; binding a caller's struct
#include "cotation/table.hpp"         // reading data files
#include "cotation/testing.hpp"       // policy test files
#include "cotation/value.hpp"         // values, types, dates
#include "cotation/version.hpp"       // COTATION_VERSION_*, version()
