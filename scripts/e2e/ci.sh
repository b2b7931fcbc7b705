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

step "system packages"
bash scripts/install-system-packages.sh
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
