#!/bin/sh
# Bootstrap the build system from a git checkout: ./autogen.sh && ./configure && make
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
exec autoreconf --force --install --verbose
