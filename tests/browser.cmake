# Browser test (label `browser`): the HTML audit report rendered by headless Chromium (tests/browser/run.sh):
# no console message, one bar per group in every chart, a screenshot kept in the build dir
# (tests/browser/audit.png). Skipped (exit 77) when Chromium is not installed; the full run installs it
# (COTATION_WITH_BROWSER=1 bash scripts/setup.sh).
#   ctest --test-dir build -L browser --output-on-failure
if(COTATION_BUILD_CLI)
  add_test(NAME "browser audit report"
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/browser/run.sh $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/browser)
  set_tests_properties("browser audit report" PROPERTIES LABELS browser SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
