#!/usr/bin/env bash
# Installs the npm packages that DIR/package-lock.json pins into TARGET with `npm ci`, unless
# TARGET/node_modules/MODULE is already there. Used by the install.sh of each npm peer of the
# end-to-end tests (Browser/, Onvif/), which choose TARGET: a cache directory outside the
# repository keyed by the lock file's hash, so a second run reuses it without the network.
#   npm-cache-install.sh DIR TARGET MODULE
set -euo pipefail

dir=$1 target=$2 module=$3
if [ -f "$target/node_modules/$module/package.json" ]; then
  exit 0
fi
# Installed beside the target and renamed into place, so an interrupted install never looks complete.
mkdir -p "$(dirname "$target")"
staging=$(mktemp -d "$target.partial.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cp "$dir/package.json" "$dir/package-lock.json" "$staging/"
(cd "$staging" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
rm -rf "$target"
mv "$staging" "$target"
trap - EXIT
