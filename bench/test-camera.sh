#!/usr/bin/env bash
# Starts edge with one 1280x720@30 test-pattern camera "cam" (libx264) on free-ish loopback ports,
# its config and log in $work: sets $http (the status/live port) and $pid. Sourced by the
# benchmark scripts after bench/edge-binary.sh (which sets $edge), with $work set; extra lines for
# the [http] table come as the first argument. The caller stops edge (kill "$pid").
start_test_camera() {
  # Even, so the RTP ports (http + 2, http + 4) are even as RTCP pairs need.
  http=$((20000 + 2 * (RANDOM % 10000)))
  cat >"$work/edge.toml" <<TOML
[rtsp]
listen = "127.0.0.1:$((http + 1))"
udp_rtp_port = $((http + 2))
multicast_port = $((http + 4))
[camera.cam]
source = "test"
width = 1280
height = 720
fps = 30
[http]
listen = "127.0.0.1:$http"
${1:-}
TOML
  "$edge" run --config "$work/edge.toml" >"$work/edge.log" 2>&1 &
  pid=$!
  # Up to 30 s for the page (a loaded machine starts slowly), then 5 s for the encoder to settle.
  local tries=0
  until curl -fs -o /dev/null "http://127.0.0.1:$http/healthz"; do
    if ((++tries > 60)) || ! kill -0 "$pid" 2>/dev/null; then
      echo "edge did not come up healthy on 127.0.0.1:$http; its log:" >&2
      cat "$work/edge.log" >&2
      return 1
    fi
    sleep 0.5
  done
  sleep 5
}
