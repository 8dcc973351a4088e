// Forwarding header, for now: explain is a report (what the applicant is told) and lives in
// src/report/explain.hpp. It goes once src/testing/test_runner.cpp includes that header.
#pragma once

#include "report/explain.hpp"
