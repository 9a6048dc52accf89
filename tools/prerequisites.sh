#!/bin/sh
# What `make` needs from the system, checked before anything is set up; what is missing
# is said in one line. Debian packages are installed only where that is allowed (root,
# or sudo without a password), and a BROWSER= that points nowhere is a mistake to
# report, never a reason to install a browser.
#   tools/prerequisites.sh site [node] [browser]
#     site: python3 with venv;  node: Node.js and npm;  browser: $BROWSER (Debian's chromium)
set -u
python="${PYTHON:-python3}"
browser="${BROWSER:-/usr/bin/chromium}"
missing=""
for need in "$@"; do
  case "$need" in
    site)
      command -v "$python" >/dev/null 2>&1 || missing="$missing python3"
      # The pinned packages need Python 3.11 or later: say so before pip fails on them.
      if command -v "$python" >/dev/null 2>&1 && ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        version=$("$python" -c 'import platform; print(platform.python_version())' 2>/dev/null)
        echo "make: $python is Python $version; the casebook needs 3.11 or later. Install one (on Ubuntu 22.04: sudo apt-get install python3.11 python3.11-venv) and run make again with PYTHON=python3.11." >&2
        exit 1
      fi
      # Debian's python3 has no venv (ensurepip) until python3-venv is installed.
      "$python" -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$missing python3-venv" ;;
    node)
      command -v node >/dev/null 2>&1 || missing="$missing nodejs"
      command -v npm >/dev/null 2>&1 || missing="$missing npm" ;;
    browser)
      if [ ! -x "$browser" ]; then
        if [ "$browser" != /usr/bin/chromium ]; then
          echo "make: BROWSER=$browser is not an executable file. Give the path of a Chromium-based browser, or leave BROWSER unset for Debian's chromium." >&2
          exit 1
        fi
        missing="$missing chromium"
      fi ;;
  esac
done
[ -z "$missing" ] && exit 0

packages=${missing# }
if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=sudo
else
  sudo=none
fi
if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "make: missing $packages. Install them, then run make again: sudo apt-get install $packages" >&2
  exit 1
fi
echo "make: installing what is missing, with apt-get: $packages" >&2
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
