#!/bin/sh
# Makes sure the Debian packages the sandboxes, the journal reader and the end-to-end tests use are
# present (systemd 252 binaries, the user and system bus, polkit and its text agent, tmux, the
# tools that add users in the system box, python3 for the oracle's forking services, sudo for --become). Installs them with apt-get when missing
# and we are root; otherwise says what to install. Installing the systemd package does not make it
# PID 1 and starts nothing.
set -eu
missing=""
need() { [ -e "$1" ] || missing="$missing $2"; }
need /lib/systemd/systemd systemd
need /lib/systemd/systemd-journald systemd
need /usr/bin/journalctl systemd
need /usr/bin/systemctl systemd
need /usr/lib/systemd/user/dbus.socket dbus-user-session
need /usr/bin/dbus-daemon dbus-daemon
need /usr/bin/tmux tmux
need /usr/bin/setpriv util-linux
need /usr/bin/nsenter util-linux
need /usr/bin/unshare util-linux
need /bin/su util-linux
need /lib/systemd/system/dbus.service dbus
need /usr/share/dbus-1/system.conf dbus-system-bus-common
need /usr/lib/polkit-1/polkitd polkitd
need /usr/bin/pkttyagent polkitd
need /usr/bin/script bsdutils
need /usr/sbin/useradd passwd
need /usr/sbin/chpasswd passwd
need /usr/bin/python3 python3-minimal
need /usr/bin/ssh openssh-client
need /usr/sbin/sshd openssh-server
need /usr/bin/sudo sudo
[ -z "$missing" ] && exit 0
pkgs=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "svctui: installing Debian packages: $pkgs" >&2
  apt-get update -qq >&2
  # Installing a server must not start it (openssh-server would listen on port 22): without an
  # init system's policy already in place, say so for the time of the install.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && guard=1
  fi
  status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >&2 || status=$?
  [ -z "$guard" ] || rm -f /usr/sbin/policy-rc.d
  [ "$status" = 0 ] || exit "$status"
else
  echo "svctui: missing system packages: $pkgs (install them with apt-get as root)" >&2
  exit 1
fi
