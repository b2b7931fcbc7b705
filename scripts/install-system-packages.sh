#!/usr/bin/env bash
# Debian packages the tests need, installed only when missing (CI runs as root; elsewhere through sudo).
set -euo pipefail
# chromium drives the workbench; ripgrep seeds code-server's search binary; libkrb5-dev and pkg-config
# let code-server's kerberos module build; bubblewrap is the sandbox for commands the agent runs without asking.
missing=()
for package in chromium ripgrep libkrb5-dev pkg-config bubblewrap; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" > /tmp/mini-coder-apt.log 2>&1 \
    || { tail -n 30 /tmp/mini-coder-apt.log; echo "apt-get install failed" >&2; exit 1; }
else
  echo "already installed"
fi

