#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench and extension host, from the npm registry) into a cache
# folder outside the repository, so later runs on the same machine reuse it. Prints the folder it installed.
#
# code-server 4.100.3 (VS Code 1.100.3) is the newest that runs on Node 20. Its @vscode/ripgrep postinstall
# downloads a binary from GitHub, which this network cannot reach; we seed that package's download cache with
# Debian's ripgrep so the postinstall finds it and never goes online.
#
# --check: print the folder and exit 0 when installed, exit 3 otherwise; installs nothing.
set -euo pipefail

version="${CODE_SERVER_VERSION:-4.100.3}"
ripgrep_package="1.15.11"            # @vscode/ripgrep version that code-server $version depends on
ripgrep_asset="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
cache="${MINI_CODER_CACHE:-${HOME:-/tmp}/.cache/mini-coder}"
target="$cache/code-server-$version"

if [ -x "$target/node_modules/.bin/code-server" ] && [ -f "$target/.installed" ]; then
  echo "$target"
  exit 0
fi
[ "${1:-}" = "--check" ] && exit 3

# ripgrep seeds the search binary; code-server's kerberos module compiles against the gssapi headers.
if ! command -v rg > /dev/null || [ ! -f /usr/include/gssapi/gssapi.h ] || ! command -v pkg-config > /dev/null; then
  bash "$(dirname "$0")/../install-system-packages.sh" \
    || { echo "install-code-server: needs ripgrep, libkrb5-dev and pkg-config: apt-get install -y ripgrep libkrb5-dev pkg-config" >&2; exit 1; }
fi
rg_bin="$(command -v rg)"

mkdir -p "$cache"
staging="$(mktemp -d "$cache/.code-server-$version.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# The postinstall looks in $TMPDIR/vscode-ripgrep-cache-<package version>/ before downloading.
export TMPDIR="$staging/tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$ripgrep_package" "$staging/rg"
cp "$rg_bin" "$staging/rg/rg"
tar -czf "$TMPDIR/vscode-ripgrep-cache-$ripgrep_package/$ripgrep_asset" -C "$staging/rg" rg

# As root, code-server's postinstall insists on unsafe-perm; node-pty's postinstall runs `npx node-gyp`,
# which stops at a prompt unless npm is told yes.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false
echo "install-code-server: installing code-server@$version into $target (about a minute)..." >&2
echo '{"name":"mini-coder-code-server","private":true}' > "$staging/package.json"
if ! npm install --prefix "$staging" --no-save --loglevel=error "code-server@$version" > "$staging/install.log" 2>&1; then
  tail -n 40 "$staging/install.log" >&2
  echo "install-code-server: npm install failed (full log above)" >&2
  exit 1
fi

rg_installed="$staging/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
if [ ! -x "$rg_installed" ]; then
  echo "install-code-server: ripgrep was not placed at $rg_installed; search in VS Code would fail" >&2
  exit 1
fi
XDG_CONFIG_HOME="$staging/tmp" "$staging/node_modules/.bin/code-server" --config /dev/null --version >&2

rm -rf "$staging/tmp" "$staging/rg"
rm -rf "$target"
mv "$staging" "$target"
trap - EXIT
date -u +%FT%TZ > "$target/.installed"
echo "$target"
