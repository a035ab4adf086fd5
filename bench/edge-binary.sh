#!/usr/bin/env bash
# Sets $edge to the NativeAOT edge binary the benchmarks run, publishing it first if it is
# missing: artifacts/native/linux-x64/edge, the same build as the end-to-end tests use, or
# EDGE_BINARY=path for another build. Sourced by the benchmark scripts, which set $repo.
edge=${EDGE_BINARY:-$repo/artifacts/native/linux-x64/edge}
if [ ! -x "$edge" ]; then
  echo "Publishing edge as a NativeAOT linux-x64 binary..." >&2
  dotnet publish "$repo/src/Edge/Edge.csproj" -c Release -r linux-x64 -p:PublishAot=true \
    -o "$repo/artifacts/native/linux-x64/" -nologo -v:quiet >&2
fi
