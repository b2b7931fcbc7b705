#!/usr/bin/env bash
# End-to-end tests in CI (called from .ci/run; also runnable by hand): system packages, code-server
# (cached in ${MINI_CODER_CACHE:-$HOME/.cache/mini-coder}), the .vsix, then the extension-host suite and
# the UI flows in a real VS Code. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

step_started=0
step() { step_started=$(date +%s); echo; echo "== $*"; }
done_step() { echo "   ($(( $(date +%s) - step_started )) s)"; }
all_started=$(date +%s)

# chromium drives the workbench; ripgrep seeds code-server's search binary; libkrb5-dev and pkg-config
# let code-server's kerberos module build.
step "system packages"
missing=()
for package in chromium ripgrep libkrb5-dev pkg-config; do
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
done_step

step "node modules"
if [ -d node_modules/playwright-core ] && [ -d node_modules/@vscode/vsce ]; then echo "already installed"; else npm ci --no-audit --no-fund; fi
done_step

step "code-server"
bash scripts/e2e/install-code-server.sh
done_step

step "package"
npm run --silent package
done_step

step "end-to-end suites"
npx tsx test/e2e/run.ts --no-package
done_step

echo "e2e total: $(( $(date +%s) - all_started )) s"
