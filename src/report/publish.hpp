// publish: the grid as the public is told it (R441-2-10 CCH; spec section 10.5), in French, as a
// self-contained HTML page that prints on A4, or as Markdown. Both are written from one model
// (PublishedGrid...), built once from the compiled policy and its parameters at a date.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "check/compiled.hpp"
#include "cotation/policy.hpp"
#include "cotation/result.hpp"

namespace cotation {

struct PublishedCriterion {
    std::string label;
    std::string condition;               // the `when` as written; empty: always
    std::string points;                  // "25 points", "−20 points", or "calculés : ..."
    std::vector<std::string> parameters; // "label : value" of each parameter the points read
    std::vector<std::string> proofs;     // the labels of the `requires` fields
    std::vector<std::string> publics;    // the labels of its L441-1 priority codes
    std::string reference;
};

struct PublishedRubric {
    std::string label;
    std::string rule;  // how its criteria combine, its cap and floor, in French
    std::string reference;
    std::vector<PublishedCriterion> criteria;
};

struct PublishedPublic {
    std::string code, label, text, source, proof;
    std::vector<std::string> criteria;  // "rubric › criterion" labels that serve it; empty: not covered
};

struct PublishedGrid {
    std::string id;
    std::string label;
    std::string applies_to;  // the `applies_when` as written; empty: every demand
    std::string bounds;      // the grid's cap and floor, a French sentence; may be empty
    std::string reference;
    std::vector<PublishedRubric> rubrics;
    std::vector<PublishedPublic> publics;  // every public of L441-1, in the article's order
};

struct PublishedFlag {
    std::string label, condition, reference;
};

struct PublishedParameter {
    std::string name, label, value, reference;
};

struct PublishedPolicy {
    std::string name, version, reference;
    Date as_of;
    std::vector<PublishedGrid> grids;
    std::vector<PublishedFlag> flags;
    std::vector<std::string> groups;  // what demands are compared within (labels)
    std::vector<std::string> order;   // the order keys, in French
    std::vector<PublishedParameter> parameters;  // those the grids, flags and ranking read, in force at as_of
};

// The model of the published grid at `as_of`: E0705 when a parameter it reads has no value then.
Result<PublishedPolicy> published_policy(const CompiledPolicy& policy, Date as_of);
Result<PublishedPolicy> published_policy(const Policy& policy, Date as_of);

void write_published_html(std::ostream& out, const PublishedPolicy& policy);
void write_published_markdown(std::ostream& out, const PublishedPolicy& policy);

}  // namespace cotation
