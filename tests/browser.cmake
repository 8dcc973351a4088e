# Browser test (label `browser`): the HTML audit report rendered by headless Chromium (tests/browser/run.sh):
# no console message, one bar per group in every chart, a screenshot kept in the build dir
# (tests/browser/audit.png). Without Chromium it is skipped (exit 77), unless COTATION_REQUIRE_BROWSER
# is ON (scripts/test.sh, which installs Chromium, turns it on): then a missing browser fails it.
# Install Chromium with COTATION_WITH_BROWSER=1 bash scripts/setup.sh.
#   ctest --test-dir build -L browser --output-on-failure
option(COTATION_REQUIRE_BROWSER "Fail the browser test, instead of skipping it, when Chromium is missing" OFF)
if(COTATION_BUILD_CLI)
  add_test(NAME "browser audit report"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_REQUIRE_BROWSER=$<BOOL:${COTATION_REQUIRE_BROWSER}>
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/browser/run.sh $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/browser)
  set_tests_properties("browser audit report" PROPERTIES LABELS browser TIMEOUT 300)
  if(NOT COTATION_REQUIRE_BROWSER)
    set_tests_properties("browser audit report" PROPERTIES SKIP_RETURN_CODE 77)
  endif()
  # The published grid (cotation publish, HTML): self-contained, A4 when printed, the statement and
  # every criterion in the DOM (tests/browser/publish.sh).
  add_test(NAME "browser published grid"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_REQUIRE_BROWSER=$<BOOL:${COTATION_REQUIRE_BROWSER}>
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/browser/publish.sh $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/browser)
  set_tests_properties("browser published grid" PROPERTIES LABELS browser TIMEOUT 300)
  if(NOT COTATION_REQUIRE_BROWSER)
    set_tests_properties("browser published grid" PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endif()
