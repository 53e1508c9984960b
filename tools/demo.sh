#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Set up and run the main job on a fresh Debian machine: install the build
# dependencies, build the plugin, and show the Skype frames of a capture.
#   tools/demo.sh [capture]   (default: captures/udp_probe_full_positive.pcap)
set -eu
cd "$(dirname "$0")/.."
pkgs="cmake gcc make pkg-config libglib2.0-dev libwireshark-dev tshark libpcap-dev libgcrypt20-dev python3 python3-pytest"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
fi
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
capture=${1:-captures/udp_probe_full_positive.pcap}
exec tools/skype-tshark -2 -r "$capture" -Y skype
