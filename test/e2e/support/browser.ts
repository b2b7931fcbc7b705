// Debian's Chromium driven by playwright-core (playwright's own browser download cannot work offline).
import { chromium, type Browser } from 'playwright-core';

/** Launches Chromium headless (headed with MINI_CODER_E2E_HEADED=1); `extraArgs` go after the usual flags. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: process.env.MINI_CODER_E2E_HEADED !== '1',
    // The background-networking flags stop Chromium reaching for Google's hosts on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
