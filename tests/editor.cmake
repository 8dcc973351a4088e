# Editor support (label `editor`, policy format section 11):
#   - the JSON Schema: `cotation schema` equals schema/policy.schema.json; bundled policies validate,
#     wrong ones do not (tests/editor/schema.sh, python3-jsonschema);
#   ctest --test-dir build -L editor --output-on-failure
if(COTATION_BUILD_CLI)
  add_test(NAME "editor schema" COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/editor/schema.sh $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties("editor schema" PROPERTIES LABELS editor TIMEOUT 120)
endif()
