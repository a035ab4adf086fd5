#!/usr/bin/env bash
# Installs the browser driver of the end-to-end tests and the live-view benchmark (playwright-core,
# exactly as package-lock.json pins it) into a cache directory outside the repository, keyed by the
# lock file's hash, so a second run, and a fresh clone on the same machine, reuse it without the
# network. Prints the directory. The browser itself is Debian's chromium (tests/prerequisites.sh):
# playwright-core downloads nothing.
#
# The tests and bench/browser find the same directory: $EDGE_BROWSER_DRIVER when set, otherwise
# ${XDG_CACHE_HOME:-$HOME/.cache}/edge-tests/browser-driver-<first 16 hex digits of sha256(package-lock.json)>.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
hash=$(sha256sum "$here/package-lock.json" | cut -c1-16)
target=${EDGE_BROWSER_DRIVER:-${XDG_CACHE_HOME:-$HOME/.cache}/edge-tests/browser-driver-$hash}

"$here/../Support/npm-cache-install.sh" "$here" "$target" playwright-core
echo "$target"
