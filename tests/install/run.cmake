# Driver of the install tests (cmake -P), run by ctest (see tests/install.cmake):
#   MODE=package: install BUILD_DIR into WORK_DIR/prefix, then configure, build and run the
#                 consumer project and the demand desk example against it (CMAKE_PREFIX_PATH);
#   MODE=subdir:  configure, build and run the subdir project, which add_subdirectory()s SOURCE_DIR.
# Also takes GENERATOR, CXX_COMPILER, BUILD_TYPE, CONFIG_FLAGS (the build's flags for its type),
# CXX_FLAGS and LINKER_FLAGS (for a sanitized build, whose static library needs the sanitizer
# runtimes where it is linked) and JOBS.
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

set(common_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
                "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")

if(MODE STREQUAL "package")
  set(prefix ${WORK_DIR}/prefix)
  set(consumer_build ${WORK_DIR}/consumer-build)
  # Start afresh each time: a stale file in the prefix could hide a file that is not installed.
  file(REMOVE_RECURSE ${prefix} ${consumer_build})
  set(type_args)
  if(BUILD_TYPE)
    string(TOUPPER "${BUILD_TYPE}" config)
    set(type_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_FLAGS_${config}=${CONFIG_FLAGS}")
  endif()
  run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
  run("configure consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${consumer_build}
      ${common_args} ${type_args} "-DCMAKE_PREFIX_PATH=${prefix}" "-DCOTATION_EXPECTED_PREFIX=${prefix}"
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
  run("build consumer" ${CMAKE_COMMAND} --build ${consumer_build} -j ${JOBS})
  run("run consumer" ${consumer_build}/consumer)
  # The demand desk example is a find_package project too.
  set(desk_build ${WORK_DIR}/desk-build)
  file(REMOVE_RECURSE ${desk_build})
  run("configure demand desk" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/demand_desk -B ${desk_build}
      ${common_args} ${type_args} "-DCMAKE_PREFIX_PATH=${prefix}"
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
  run("build demand desk" ${CMAKE_COMMAND} --build ${desk_build} -j ${JOBS})
  run("run demand desk" ${desk_build}/demand_desk ${SOURCE_DIR}/rules/cahc/quotas.yaml ${SOURCE_DIR}/examples/data/demands.csv
      ${SOURCE_DIR}/examples/data/allocations.csv --as-of 2024-11-15
      --demand "{\"id\": \"N1\", \"current_housing\": \"HOT\", \"household_size\": 2, \"filed_on\": \"2023-01-01\"}")
elseif(MODE STREQUAL "subdir")
  # Kept between runs, so that only the first run builds the whole library. Built at -O0 without
  # debug information: the test checks the CMake integration, and the Spirit X3 grammar compiles
  # several times faster unoptimized.
  set(subdir_build ${WORK_DIR}/subdir-build)
  run("configure subdir" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/subdir -B ${subdir_build}
      ${common_args} -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 "-DCOTATION_SOURCE_DIR=${SOURCE_DIR}")
  run("build subdir" ${CMAKE_COMMAND} --build ${subdir_build} -j ${JOBS})
  run("run subdir consumer" ${subdir_build}/consumer)
else()
  message(FATAL_ERROR "run.cmake: MODE must be package or subdir, not '${MODE}'")
endif()
