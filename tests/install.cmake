# Install tests (label `install`): a program outside the tree uses the library
#   - "install package": `cmake --install` of this build into a prefix under the build dir, then
#     tests/install/consumer is configured with find_package(cotation CONFIG REQUIRED) against it,
#     built and run;
#   - "install subdir": tests/install/subdir builds cotation with add_subdirectory and links
#     cotation::cotation. It compiles the whole library again, at -O0 whatever this build's type
#     (it checks the CMake integration, not the code): about 2 minutes on 2 cores the first time,
#     more with the sanitizers; its build dir is kept, so later runs are incremental.
# Both run tests/install/run.cmake, which fails at the first step that fails; the program
# (tests/install/consumer/main.cpp) exits 1 unless it computes the expected score.
#   ctest --test-dir build -L install
set(COTATION_INSTALL_WORK ${CMAKE_BINARY_DIR}/install-check)

# A sanitized library needs the sanitizer runtimes where it is linked.
set(COTATION_INSTALL_CXX_FLAGS "")
set(COTATION_INSTALL_LINKER_FLAGS "")
if(COTATION_SANITIZE)
  set(COTATION_INSTALL_CXX_FLAGS "-fsanitize=address,undefined -fno-omit-frame-pointer")
  set(COTATION_INSTALL_LINKER_FLAGS "-fsanitize=address,undefined")
endif()

# The package consumer is built like this build: same compiler, build type and flags for that type.
string(TOUPPER "${CMAKE_BUILD_TYPE}" COTATION_INSTALL_CONFIG)
set(COTATION_INSTALL_CONFIG_FLAGS "")
if(COTATION_INSTALL_CONFIG)
  set(COTATION_INSTALL_CONFIG_FLAGS "${CMAKE_CXX_FLAGS_${COTATION_INSTALL_CONFIG}}")
endif()

set(COTATION_INSTALL_ARGS
  -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
  -DBUILD_DIR=${CMAKE_BINARY_DIR}
  -DWORK_DIR=${COTATION_INSTALL_WORK}
  -DGENERATOR=Ninja
  -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
  -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
  "-DCXX_FLAGS=${COTATION_INSTALL_CXX_FLAGS}"
  "-DCONFIG_FLAGS=${COTATION_INSTALL_CONFIG_FLAGS}"
  "-DLINKER_FLAGS=${COTATION_INSTALL_LINKER_FLAGS}"
  -DJOBS=2)

add_test(NAME "install package"
         COMMAND ${CMAKE_COMMAND} -DMODE=package ${COTATION_INSTALL_ARGS} -P ${CMAKE_CURRENT_SOURCE_DIR}/install/run.cmake)
set_tests_properties("install package" PROPERTIES LABELS install TIMEOUT 300)

add_test(NAME "install subdir"
         COMMAND ${CMAKE_COMMAND} -DMODE=subdir ${COTATION_INSTALL_ARGS} -P ${CMAKE_CURRENT_SOURCE_DIR}/install/run.cmake)
# RUN_SERIAL: it compiles the library with 2 jobs; running beside other tests would overload 2 cores.
set_tests_properties("install subdir" PROPERTIES LABELS install TIMEOUT 900 RUN_SERIAL TRUE)
