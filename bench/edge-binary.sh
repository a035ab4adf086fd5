#!/usr/bin/env bash
# Sets $edge to the NativeAOT edge binary the benchmarks run, publishing it first if it is
# missing: artifacts/native/linux-x64/edge, the same build as the end-to-end tests use, or
# EDGE_BINARY=path for another build. Sourced by the benchmark scripts, which set $repo.
edge=${EDGE_BINARY:-$repo/artifacts/native/linux-x64/edge}
if [ ! -x "$edge" ]; then
  # net9.0's NativeAOT compiler unless told otherwise, as in tests/Edge.EndToEnd.Tests.
  tfm=${EDGE_NATIVE_TARGET_FRAMEWORK:-net9.0}
  echo "Publishing edge as a NativeAOT linux-x64 binary ($tfm)..." >&2
  dotnet publish "$repo/src/Edge/Edge.csproj" -c Release -r linux-x64 -p:PublishAot=true -p:EdgeTargetFramework="$tfm" \
    -o "$repo/artifacts/native/linux-x64/" -nologo -v:quiet >&2
fi
