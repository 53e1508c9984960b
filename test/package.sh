#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the Debian package with CPack in a scratch build folder and checks
# what it holds (docs/building.md): skype.so in the system plugin folder of
# the Wireshark built against, the package name, version and Depends on the
# libwireshark ABI package, the documentation and the profile. Never installs
# the package (an installed system plugin would shadow the build tree's in
# later tests).
#
#   test/package.sh SOURCE_DIR SCRATCH_DIR
#
# Environment: CMAKE, CPACK, CC (defaults: cmake, cpack, cc). Exit 77 (skip)
# without cpack or dpkg-deb.
# The sh -c '...' checks below take their values as "$1"..., on purpose.
# shellcheck disable=SC2016
set -u

src=$1
scratch=$2
cmake=${CMAKE:-cmake}
cpack=${CPACK:-cpack}
name=wireshark-plugin-skype
pass=0
fail=0

ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
check() { # check DESCRIPTION COMMAND...
    d=$1
    shift
    if "$@"; then ok "$d"; else bad "$d"; fi
}

for tool in "$cpack" dpkg-deb dpkg; do
    if ! command -v "$tool" > /dev/null 2>&1; then
        echo "SKIP: $tool not found"
        exit 77
    fi
done

rm -rf "$scratch"
mkdir -p "$scratch"
log=$scratch/build.log
if ! "$cmake" -S "$src" -B "$scratch/build" -DSKYPE_INSTALL_SYSTEM=ON -DSKYPE_BUILD_TESTS=OFF \
        -DCMAKE_C_COMPILER="${CC:-cc}" > "$log" 2>&1 ||
   ! "$cmake" --build "$scratch/build" -j1 >> "$log" 2>&1 ||
   ! (cd "$scratch/build" && "$cpack" -G DEB) >> "$log" 2>&1; then
    cat "$log"
    echo "FAIL: configure, build or cpack"
    exit 1
fi

set -- "$scratch"/build/"$name"_*.deb
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    ls -l "$scratch/build"
    echo "FAIL: expected one $name .deb, found: $*"
    exit 1
fi
deb=$1
echo "package: $deb"
dpkg-deb -I "$deb"
dpkg-deb -c "$deb"
contents=$(dpkg-deb -c "$deb" | awk '{ print $NF }')
field() { dpkg-deb -f "$deb" "$1"; }
has() { printf '%s\n' "$contents" | grep -qx -- "$1"; }

# What the package should say, found independently of the build.
version=$(sed -n 's/^project([^)]* VERSION \([0-9][0-9.]*\).*/\1/p' "$src/CMakeLists.txt" | head -n 1)
plugindir=$(pkg-config --variable=plugindir wireshark 2>/dev/null)
ws_version=$(pkg-config --modversion wireshark 2>/dev/null)
ws_mm=$(printf '%s\n' "$ws_version" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
arch=$(dpkg --print-architecture)

check "Package is $name" test "$(field Package)" = "$name"
check "Version is $version-1 (the project version)" test "$(field Version)" = "$version-1"
check "Architecture is $arch" test "$(field Architecture)" = "$arch"
check "Section is net" test "$(field Section)" = net
check "Maintainer is set" sh -c 'test -n "$1"' _ "$(field Maintainer)"
check "Description is set" sh -c 'test -n "$1"' _ "$(field Description)"

depends=$(field Depends)
check "Depends on a libwireshark ABI package ($depends)" \
    sh -c 'printf "%s\n" "$1" | grep -Eq "(^|, )libwireshark[0-9]+ \(>= [0-9]"' _ "$depends"
# The exact package: the one that owns the libwireshark built against.
libdir=$(pkg-config --variable=libdir wireshark 2>/dev/null)
if [ -n "$libdir" ] && [ -e "$libdir/libwireshark.so" ]; then
    owner=$(dpkg -S "$(readlink -f "$libdir/libwireshark.so")" 2>/dev/null | sed -n '1s/[:,].*//p')
    if [ -n "$owner" ]; then
        # The version bound is dpkg-shlibdeps' (from the library's symbols
        # file: sid's libwireshark19 of 4.6 says >= 4.4.0); the package name
        # is the ABI, and the plugin folder (checked below) the major.minor.
        check "Depends names $owner (owner of $(readlink -f "$libdir/libwireshark.so"))" \
            sh -c 'printf "%s\n" "$1" | grep -Eq "(^|, )$2 \(>= [0-9]"' _ "$depends" "$owner"
    fi
fi

if [ -n "$plugindir" ]; then
    # Wireshark loads plugins from the folder of its own major.minor only.
    check "plugin folder $plugindir is plugins/$ws_mm (Wireshark $ws_version)" \
        test "${plugindir##*/}" = "$ws_mm"
    check "skype.so at .$plugindir/epan/skype.so (Wireshark $ws_version)" has ".$plugindir/epan/skype.so"
else
    check "skype.so in a wireshark/plugins/X.Y/epan folder" \
        sh -c 'printf "%s\n" "$1" | grep -Eq "^\./usr/lib/.*wireshark/plugins/[0-9]+\.[0-9]+/epan/skype\.so$"' _ "$contents"
fi
check "one skype.so only" test "$(printf '%s\n' "$contents" | grep -c '/skype\.so$')" = 1
check "every path under ./usr/" sh -c '! printf "%s\n" "$1" | grep -v "^\./$" | grep -qv "^\./usr/"' _ "$contents"
check "README.md in /usr/share/doc/$name" has "./usr/share/doc/$name/README.md"
check "copyright in /usr/share/doc/$name" has "./usr/share/doc/$name/copyright"
for f in "$src"/docs/*.md; do
    [ -e "$f" ] || continue
    check "docs/${f##*/} in /usr/share/doc/$name" has "./usr/share/doc/$name/${f##*/}"
done
for f in "$src"/docs/img/*; do
    [ -f "$f" ] || continue
    check "docs/img/${f##*/} in /usr/share/doc/$name/img" has "./usr/share/doc/$name/img/${f##*/}"
done
if [ -d "$src/gui/profile/Skype" ]; then
    for f in "$src"/gui/profile/Skype/*; do
        [ -f "$f" ] || continue
        check "profile file ${f##*/} in /usr/share/$name/profile/Skype" \
            has "./usr/share/$name/profile/Skype/${f##*/}"
    done
fi

# The packaged plugin is a loadable Wireshark plugin.
mkdir -p "$scratch/root"
dpkg-deb -x "$deb" "$scratch/root"
so=$(find "$scratch/root" -name skype.so | head -n 1)
if command -v nm > /dev/null 2>&1 && [ -n "$so" ]; then
    syms=$(nm -D --defined-only "$so" | awk '{ print $NF }')
    want="plugin_register plugin_version plugin_want_major plugin_want_minor"
    # 4.4 and later read the plugin's description flags (skype_compat.h).
    case $ws_mm in 4.[0-3]) ;; *) want="$want plugin_describe" ;; esac
    for s in $want; do
        check "skype.so exports $s" sh -c 'printf "%s\n" "$1" | grep -qx "$2"' _ "$syms" "$s"
    done
fi

# A personal (non-system) configuration must not produce a package.
if "$cmake" -S "$src" -B "$scratch/personal" -DSKYPE_BUILD_TESTS=OFF > "$scratch/personal.log" 2>&1; then
    check "cpack refuses a build configured without -DSKYPE_INSTALL_SYSTEM=ON" \
        sh -c '! (cd "$1" && "$2" -G DEB) > /dev/null 2>&1' _ "$scratch/personal" "$cpack"
else
    bad "configure of the personal build"
fi

echo "package: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
