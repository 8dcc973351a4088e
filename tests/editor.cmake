# Editor support (label `editor`, policy format section 11):
#   - the JSON Schema: `cotation schema` equals schema/policy.schema.json; bundled policies validate,
#     wrong ones do not (tests/editor/schema.sh, python3-jsonschema);
#   - the language server through a scripted JSON-RPC client: every request, the 0-based places, a
#     change that fixes a mistake, includes, hostile messages, shutdown (tests/editor/lsp_client.py);
#   - the same in Neovim, headless, with its built-in LSP client (tests/editor/nvim/run.sh). Without
#     Neovim it is skipped (exit 77), unless COTATION_REQUIRE_NEOVIM is ON (scripts/test.sh, after
#     scripts/setup.sh installed it): then a missing Neovim fails it.
#   ctest --test-dir build -L editor --output-on-failure
option(COTATION_REQUIRE_NEOVIM "Fail the Neovim test, instead of skipping it, when Neovim is missing" OFF)
if(COTATION_BUILD_CLI)
  find_program(COTATION_PYTHON3 python3)
  if(NOT COTATION_PYTHON3)
    set(COTATION_PYTHON3 python3)  # not found now: the tests fail when they run, not the configuration
  endif()
  add_test(NAME "editor schema" COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/editor/schema.sh $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR})
  add_test(NAME "editor lsp client" COMMAND ${COTATION_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/editor/lsp_client.py $<TARGET_FILE:cotation_cli>
                                            ${PROJECT_SOURCE_DIR})
  # The client's checks fail on a wrong value: one expected place moved by a character.
  add_test(NAME "editor lsp client fails on a wrong place"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_WRONG_EXPECTATION=1
                   ${COTATION_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/editor/lsp_client.py $<TARGET_FILE:cotation_cli> ${PROJECT_SOURCE_DIR})
  add_test(NAME "editor neovim"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_REQUIRE_NEOVIM=$<BOOL:${COTATION_REQUIRE_NEOVIM}>
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/editor/nvim/run.sh $<TARGET_FILE:cotation_cli>)
  # The Neovim test fails on a wrong value: the diagnostic expected one line lower.
  add_test(NAME "editor neovim fails on a wrong place"
           COMMAND ${CMAKE_COMMAND} -E env COTATION_REQUIRE_NEOVIM=1 COTATION_WRONG_EXPECTATION=1
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/editor/nvim/run.sh $<TARGET_FILE:cotation_cli>)
  set_tests_properties("editor schema" "editor lsp client" "editor lsp client fails on a wrong place" "editor neovim"
                       "editor neovim fails on a wrong place" PROPERTIES LABELS editor TIMEOUT 120)
  set_tests_properties("editor lsp client fails on a wrong place" "editor neovim fails on a wrong place" PROPERTIES WILL_FAIL TRUE)
  if(NOT COTATION_REQUIRE_NEOVIM)
    set_tests_properties("editor neovim" PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endif()
