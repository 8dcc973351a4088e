# The authors' tools (policy format, sections 10.1-10.3): --set, compare, coverage, test --coverage.
#   ctest --test-dir build -R authors --output-on-failure
if(COTATION_BUILD_CLI)
  # Golden outputs, thread counts, compare_check.py (compare from score, independently), every
  # usage mistake of --set, compare's errors, test --coverage (tests/authors/run.sh).
  add_test(NAME "authors compare, coverage, --set" COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/authors/run.sh $<TARGET_FILE:cotation_cli>)
  set_tests_properties("authors compare, coverage, --set" PROPERTIES LABELS cli)

  # The compare page in headless Chromium, like the audit report (tests/browser.cmake); and the same
  # checks failing on a page whose histogram lacks a group.
  add_test(NAME "browser compare page"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_REQUIRE_BROWSER=$<BOOL:${COTATION_REQUIRE_BROWSER}>
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/browser/compare.sh $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/browser)
  add_test(NAME "browser compare page checks fail on a spoiled page"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_REQUIRE_BROWSER=$<BOOL:${COTATION_REQUIRE_BROWSER}>
                   "SPOIL=0,/<g class=\"group\"/s//<g class=\"grp\"/"
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/browser/compare.sh $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties("browser compare page" "browser compare page checks fail on a spoiled page" PROPERTIES LABELS browser TIMEOUT 300)
  set_tests_properties("browser compare page checks fail on a spoiled page" PROPERTIES WILL_FAIL TRUE)
  if(NOT COTATION_REQUIRE_BROWSER)
    set_tests_properties("browser compare page" "browser compare page checks fail on a spoiled page" PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endif()

# rules/cahc/cahc_variant.yaml is generated from cahc.yaml (tests/authors/cahc_variant.py): in step,
# and the check failing on a variant edited by hand.
add_test(NAME "authors cahc variant in step" COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/authors/cahc_variant.py --check ${PROJECT_SOURCE_DIR})
add_test(NAME "authors cahc variant check fails on a variant out of step"
         COMMAND bash -c "set -e; d=$(mktemp -d); trap 'rm -rf $d' EXIT; mkdir -p $d/rules/cahc; cp $0/rules/cahc/cahc.yaml $0/rules/cahc/cahc_variant.yaml $d/rules/cahc/; sed -i 's/values: 24$/values: 25/' $d/rules/cahc/cahc_variant.yaml; python3 $1 --check $d"
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/authors/cahc_variant.py)
set_tests_properties("authors cahc variant in step" "authors cahc variant check fails on a variant out of step" PROPERTIES LABELS rules)
set_tests_properties("authors cahc variant check fails on a variant out of step" PROPERTIES WILL_FAIL TRUE)
