# Golden tests of `cotation check` diagnostics (tests/diagnostics/README.md).
# Hostile inputs (10 MiB file, deep nesting, binary...) are generated at test time into the build tree.
# The expected files are rewritten only by hand (run.sh --update), never by ctest.
if(TARGET cotation_cli)
  find_program(COTATION_BASH bash)
  if(COTATION_BASH)
    add_test(NAME "cotation check diagnostics"
             COMMAND ${COTATION_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/diagnostics/run.sh
                     $<TARGET_FILE:cotation_cli> ${CMAKE_CURRENT_BINARY_DIR}/diagnostics)
    set_tests_properties("cotation check diagnostics" PROPERTIES LABELS diagnostics TIMEOUT 600)
    # The golden runner fails on a wrong expected output and rewrites nothing unless asked.
    add_test(NAME "diagnostics runner fails on a wrong output"
             COMMAND ${COTATION_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/diagnostics/selftest.sh $<TARGET_FILE:cotation_cli>)
    set_tests_properties("diagnostics runner fails on a wrong output" PROPERTIES LABELS diagnostics)
  else()
    message(STATUS "bash not found: the diagnostics golden tests are not registered")
  endif()
endif()
