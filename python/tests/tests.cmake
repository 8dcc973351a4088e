# The Python package's tests (label `python`): pytest, with the interpreter the package is built
# for, the build tree's python/ folder on PYTHONPATH and the command line to compare against.
#   ctest --test-dir build -L python
set(COTATION_PYTHON_TEST_ENV
    PYTHONPATH=${COTATION_PYTHON_DIR}
    COTATION_SOURCE_DIR=${PROJECT_SOURCE_DIR}
    PYTHONDONTWRITEBYTECODE=1)
if(COTATION_BUILD_CLI)
  list(APPEND COTATION_PYTHON_TEST_ENV COTATION_CLI=$<TARGET_FILE:cotation_cli>)
endif()
add_test(NAME "python package" COMMAND ${Python3_EXECUTABLE} -m pytest -q -p no:cacheprovider ${CMAKE_CURRENT_SOURCE_DIR}/tests)
set_tests_properties("python package" PROPERTIES LABELS python ENVIRONMENT "${COTATION_PYTHON_TEST_ENV}")
add_test(NAME "python install" COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DPREFIX=${CMAKE_BINARY_DIR}/python-install-check
                                       -DSITE=${COTATION_PYTHON_INSTALL_DIR} -DPYTHON=${Python3_EXECUTABLE}
                                       -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/install.cmake)
set_tests_properties("python install" PROPERTIES LABELS python)
