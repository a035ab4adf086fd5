# shellcheck shell=bash
# README's steps for installing the .deb on a Pi, on the board: the package copied over with scp
# and installed with `apt install ./edge_VERSION-1_arm64.deb` (here after `apt-get remove`, which
# keeps the config, as on a board that had an older Edge). The edited /etc/edge/edge.toml is
# kept (the first boot's viewer and its password in it), the service comes back by itself, and
# streams to a client with that password.

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$pi_repo/src/Edge/Edge.csproj" | head -n1)
install_deb=$pi_repo/artifacts/deb/edge_${version}-1_arm64.deb
guest 'cp /etc/edge/edge.toml /run/pi-board-before-install.toml'

copied() {
  # shellcheck disable=SC2046 # the options are words
  timeout 120 scp $(ssh_opts | sed 's/-p \([0-9]*\)/-P \1/') "$install_deb" root@127.0.0.1: &&
    guest "test -s $(basename "$install_deb")"
}
check "the .deb goes to the board with scp ($(basename "$install_deb"))" copied
installed() {
  GUEST_TIMEOUT=600 guest "apt-get remove -y edge && apt install -y ./$(basename "$install_deb")" 2>&1 | tail -n 15
  [ "${PIPESTATUS[0]}" = 0 ]
}
check "sudo apt install ./$(basename "$install_deb") installs it (after apt-get remove, which keeps the config)" installed
check "the edited /etc/edge/edge.toml is kept, the first boot's viewer with it" \
  guest 'cmp /run/pi-board-before-install.toml /etc/edge/edge.toml && grep -q "^\[\[rtsp.users\]\]" /etc/edge/edge.toml'
check "edge.service runs again by itself" guest_wait 120 'systemctl is-active -q edge && systemctl is-enabled -q edge'
pull after-install tcp 5
check "it streams to a client with the viewer's password ($frames frames in 5 s)" pulled_ok 30
