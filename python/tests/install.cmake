# `cmake --install` of the python component into a fresh prefix, then the package imported from the
# prefix's site folder (and not from the build tree) by the interpreter it was built for.
# cmake -DBUILD_DIR=... -DPREFIX=... -DSITE=<relative site folder> -DPYTHON=... -P install.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX} --component python RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "cmake --install --component python failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${PREFIX}/${SITE} ${PYTHON} -c
                        "import cotation, sys; assert cotation.__file__.startswith(sys.argv[1]), cotation.__file__; print(cotation.__version__)"
                        ${PREFIX}
                WORKING_DIRECTORY ${PREFIX}  # not the build tree, which holds a package of the same name
                RESULT_VARIABLE failed OUTPUT_VARIABLE version ERROR_VARIABLE errors)
if(failed)
  message(FATAL_ERROR "the installed package does not import: ${errors}")
endif()
message(STATUS "installed cotation ${version}")
