# Browser tests (label `browser`), in headless Chromium:
#   - the HTML audit report (tests/browser/run.sh): no console message, one bar per group in every
#     chart, a screenshot kept in the build dir (tests/browser/audit.png);
#   - the published grid (cotation publish, tests/browser/publish.sh): self-contained, A4 when
#     printed, the statement and every criterion in the DOM (grille.html, .pdf, .png kept).
# Without Chromium they are skipped (exit 77), unless COTATION_REQUIRE_BROWSER is ON (scripts/test.sh,
# which installs Chromium, turns it on): then a missing browser fails them.
# Install Chromium with COTATION_WITH_BROWSER=1 bash scripts/setup.sh.
#   ctest --test-dir build -L browser --output-on-failure
option(COTATION_REQUIRE_BROWSER "Fail the browser test, instead of skipping it, when Chromium is missing" OFF)
function(cotation_browser_test name script)
  add_test(NAME "${name}"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_REQUIRE_BROWSER=$<BOOL:${COTATION_REQUIRE_BROWSER}>
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/browser/${script} $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/browser)
  set_tests_properties("${name}" PROPERTIES LABELS browser TIMEOUT 300)
  if(NOT COTATION_REQUIRE_BROWSER)
    set_tests_properties("${name}" PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endfunction()
if(COTATION_BUILD_CLI)
  cotation_browser_test("browser audit report" run.sh)
  cotation_browser_test("browser published grid" publish.sh)
endif()
