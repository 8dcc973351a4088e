if(COTATION_BUILD_CLI)
  add_test(NAME "cli bad input and exit statuses" COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/run.sh $<TARGET_FILE:cotation_cli>)
  set_tests_properties("cli bad input and exit statuses" PROPERTIES LABELS cli)
endif()
