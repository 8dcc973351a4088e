# Driver of the install tests (cmake -P), run by ctest (see tests/install.cmake):
#   MODE=package: install BUILD_DIR into WORK_DIR/prefix, then configure, build and run the
#                 consumer project against it (CMAKE_PREFIX_PATH);
#   MODE=subdir:  configure, build and run the subdir project, which add_subdirectory()s SOURCE_DIR.
# Also takes GENERATOR, CXX_COMPILER, BUILD_TYPE, CXX_FLAGS and LINKER_FLAGS (for a sanitized
# build, whose static library needs the sanitizer runtimes at link time) and JOBS.
cmake_minimum_required(VERSION 3.22)

foreach(var MODE SOURCE_DIR BUILD_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT DEFINED JOBS)
  set(JOBS 2)
endif()

function(run what)
  message(STATUS "[${MODE}] ${what}: ${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "[${MODE}] ${what} failed (${rc})")
  endif()
endfunction()

set(configure_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
                   "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
if(BUILD_TYPE)
  list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
endif()

if(MODE STREQUAL "package")
  set(prefix ${WORK_DIR}/prefix)
  set(consumer_build ${WORK_DIR}/consumer-build)
  # Start afresh each time: a stale file in the prefix could hide a file that is not installed.
  file(REMOVE_RECURSE ${prefix} ${consumer_build})
  run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
  run("configure consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${consumer_build}
      ${configure_args} "-DCMAKE_PREFIX_PATH=${prefix}" "-DCOTATION_EXPECTED_PREFIX=${prefix}"
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
  run("build consumer" ${CMAKE_COMMAND} --build ${consumer_build} -j ${JOBS})
  run("run consumer" ${consumer_build}/consumer)
elseif(MODE STREQUAL "subdir")
  # Kept between runs, so that only the first run builds the whole library.
  set(subdir_build ${WORK_DIR}/subdir-build)
  run("configure subdir" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/subdir -B ${subdir_build}
      ${configure_args} "-DCOTATION_SOURCE_DIR=${SOURCE_DIR}")
  run("build subdir" ${CMAKE_COMMAND} --build ${subdir_build} -j ${JOBS})
  run("run subdir consumer" ${subdir_build}/consumer)
else()
  message(FATAL_ERROR "run.cmake: MODE must be package or subdir, not '${MODE}'")
endif()
