import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`; .ci/run installs it when it
 * can), driven by Playwright: Playwright's own browser download cannot run here. CHROMIUM_PATH
 * points elsewhere. A missing browser fails the test with the way to get one.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: run "apt-get install chromium" (as root) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}
