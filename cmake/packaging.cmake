# SPDX-License-Identifier: GPL-2.0-or-later
#
# Debian package through CPack (docs/building.md):
#
#   cmake -S . -B build-pkg -DSKYPE_INSTALL_SYSTEM=ON
#   cmake --build build-pkg
#   (cd build-pkg && cpack -G DEB)
#
# gives wireshark-plugin-skype_<version>-1_<arch>.deb with skype.so in the
# system plugin folder of the Wireshark built against, the documentation in
# /usr/share/doc/wireshark-plugin-skype and the configuration profile (when
# gui/profile/Skype exists) in /usr/share/wireshark-plugin-skype/profile/Skype.
# Included from CMakeLists.txt after the plugin's install rule.

set(SKYPE_PACKAGE_NAME wireshark-plugin-skype)
set(_skype_profile_note "")
set(SKYPE_PACKAGE_MAINTAINER "Seed 5787a948 maintainers <maintainers@users.noreply.h-seed-5787a948.example>"
    CACHE STRING "Maintainer field of the Debian package")

# --- What a system install (and so the package) adds beside the plugin ---
# Only with -DSKYPE_INSTALL_SYSTEM=ON: a personal install stays one file in
# ~/.local and needs no write access to the install prefix.
if(SKYPE_INSTALL_SYSTEM)
  set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
      OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  set(_skype_docdir "share/doc/${SKYPE_PACKAGE_NAME}")
  file(GLOB _skype_docs "${PROJECT_SOURCE_DIR}/docs/*.md")
  install(FILES "${PROJECT_SOURCE_DIR}/README.md" ${_skype_docs} DESTINATION "${_skype_docdir}")
  if(EXISTS "${PROJECT_SOURCE_DIR}/docs/img")  # pictures the docs link to (img/...)
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/img" DESTINATION "${_skype_docdir}")
  endif()
  file(WRITE "${PROJECT_BINARY_DIR}/copyright"
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ${SKYPE_PACKAGE_NAME}

Files: *
Copyright: the authors of the Skype dissector plugin for Wireshark
License: GPL-2.0-or-later
 This program is free software; you can redistribute it and/or modify
 it under the terms of the GNU General Public License as published by
 the Free Software Foundation; either version 2 of the License, or
 (at your option) any later version.
 .
 On Debian systems, the complete text of the GNU General Public License
 version 2 can be found in /usr/share/common-licenses/GPL-2.
")
  install(FILES "${PROJECT_BINARY_DIR}/copyright" DESTINATION "${_skype_docdir}")
  # The Wireshark configuration profile (another part of the project adds it).
  if(EXISTS "${PROJECT_SOURCE_DIR}/gui/profile/Skype")
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/gui/profile/Skype"
            DESTINATION "share/${SKYPE_PACKAGE_NAME}/profile")
    set(_skype_profile_note "
A Wireshark configuration profile \"Skype\" is in
/usr/share/${SKYPE_PACKAGE_NAME}/profile (copy it to
~/.config/wireshark/profiles/).")
  endif()
endif()

# --- Depends: dpkg-shlibdeps where dpkg-dev is installed, else computed ---
# Either way the package depends on the libwireshark ABI package (e.g.
# libwireshark16 for 4.0) of the Wireshark the plugin was built against.
# CPack runs dpkg-shlibdeps only on files that the `file` utility says are
# ELF; without `file` it stops with an error, so both are needed.
find_program(SKYPE_DPKG_SHLIBDEPS dpkg-shlibdeps)
find_program(SKYPE_FILE_UTIL file)
find_program(SKYPE_DPKG dpkg)
set(_skype_use_shlibdeps OFF)
if(SKYPE_DPKG_SHLIBDEPS AND SKYPE_FILE_UTIL)
  set(_skype_use_shlibdeps ON)
endif()
set(_skype_depends "")
if(NOT _skype_use_shlibdeps AND SKYPE_DPKG)
  if(TARGET epan)
    get_target_property(_skype_libs epan LOCATION)
  else()
    set(_skype_libs ${WIRESHARK_LINK_LIBRARIES})
  endif()
  foreach(_lib IN LISTS _skype_libs)
    if(NOT IS_ABSOLUTE "${_lib}" OR NOT EXISTS "${_lib}")
      continue()
    endif()
    get_filename_component(_real "${_lib}" REALPATH)
    execute_process(COMMAND "${SKYPE_DPKG}" -S "${_real}" OUTPUT_VARIABLE _owner
                    RESULT_VARIABLE _rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT _rc EQUAL 0 OR NOT _owner MATCHES "^([^:,]+)")
      continue()
    endif()
    set(_pkg "${CMAKE_MATCH_1}")
    # Wireshark's own libraries: at least the major.minor built against.
    if(_pkg MATCHES "^lib(wireshark|wsutil|wiretap)[0-9]+$")
      set(_pkg "${_pkg} (>= ${SKYPE_WS_MAJOR_MINOR})")
    endif()
    list(APPEND _skype_depends "${_pkg}")
  endforeach()
  list(REMOVE_DUPLICATES _skype_depends)
  if(NOT _skype_depends MATCHES "libwireshark")
    message(WARNING "No Debian package owns libwireshark: the .deb will have no libwireshark Depends")
  endif()
endif()
string(REPLACE ";" ", " _skype_depends "${_skype_depends}")

# --- CPack ---
set(CPACK_GENERATOR DEB)
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_PACKAGE_NAME "${SKYPE_PACKAGE_NAME}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "Skype dissector plugin for Wireshark")
set(CPACK_PACKAGE_CONTACT "${SKYPE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin that dissects Skype's legacy P2P protocol")
set(CPACK_PACKAGE_DESCRIPTION
"A Wireshark/tshark epan plugin (for Wireshark ${SKYPE_WS_MAJOR_MINOR}) that recognises and
explains Skype's legacy peer-to-peer protocol: Start of Message framing over
UDP, the supernode probe, the TCP handshake, login and restricted modes, and
tags modern Skype/Teams traffic (STUN/TURN, relays, TLS names, DNS).
It adds the display filter fields skype.*, expert entries per session phase
and a statistics tree (tshark -z skype,tree).${_skype_profile_note}")
set(CPACK_STRIP_FILES ON)
# Absolute install destinations (the plugin folder) go under the package's
# staging root, never into the live system, and relative ones under /usr.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_PACKAGE_NAME "${SKYPE_PACKAGE_NAME}")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SKYPE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tshark | wireshark")
if(_skype_use_shlibdeps)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_skype_depends}")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# cpack refuses a package that would put the plugin under $HOME.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_BINARY_DIR}/SkypeCPackConfig.cmake")
if(SKYPE_INSTALL_SYSTEM AND SKYPE_PLUGIN_INSTALL_DIR MATCHES "^/usr/")
  file(WRITE "${CPACK_PROJECT_CONFIG_FILE}" "# The plugin goes to ${SKYPE_PLUGIN_INSTALL_DIR}\n")
else()
  file(WRITE "${CPACK_PROJECT_CONFIG_FILE}"
       "message(FATAL_ERROR \"The package needs the system plugin folder: configure with \"\n"
       "  \"-DSKYPE_INSTALL_SYSTEM=ON (the plugin folder is now ${SKYPE_PLUGIN_INSTALL_DIR})\")\n")
endif()

include(CPack)
