#!/usr/bin/env bash
# Installs the second ONVIF client of the end-to-end tests (the npm node-onvif package, exactly as
# package-lock.json pins it) into a cache directory outside the repository, keyed by the lock
# file's hash, and prints the directory. The tests find the same directory:
# $EDGE_NODE_ONVIF_CLIENT when set, otherwise
# ${XDG_CACHE_HOME:-$HOME/.cache}/edge-tests/node-onvif-client-<first 16 hex digits of sha256(package-lock.json)>.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
hash=$(sha256sum "$here/package-lock.json" | cut -c1-16)
target=${EDGE_NODE_ONVIF_CLIENT:-${XDG_CACHE_HOME:-$HOME/.cache}/edge-tests/node-onvif-client-$hash}
"$here/../Support/npm-cache-install.sh" "$here" "$target" node-onvif
echo "$target"
