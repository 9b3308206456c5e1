import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { outputDir } from './service.js';

/** The qualities every page must reach, checked the same way by every browser test file. */
export const langs = ['fi', 'sv', 'en'] as const;
export const maxPageBytes = 150 * 1024;
export const screensDir = path.join(outputDir, 'screens');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Loads a page with an empty cache and sums what crossed the network for it. `load` does the
 * navigation; `resetBefore` (optional) runs first and its traffic is not counted, for a page
 * reached by submitting a form of another.
 */
export async function pageWeight(
  page: Page,
  load: () => Promise<unknown>,
  resetBefore?: () => Promise<unknown>,
): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
  });
  if (resetBefore) {
    await resetBefore();
    bytes = 0;
  }
  await load();
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return bytes;
}

/** axe's WCAG 2.1 A and AA violations of the page as it is now, one line each. */
export async function axeViolations(page: Page, name: string): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  return axe.violations.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A page weighing more than the limit, or so little it cannot have loaded. */
export function weightFailure(name: string, bytes: number): string[] {
  return bytes > maxPageBytes || bytes < 1000 ? [`${name}: ${bytes} bytes`] : [];
}

/** Full-page screenshots at a phone's and a desktop's width, as `<name>-<width>.png`. */
export async function screenshots(page: Page, name: string, dir = screensDir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
}

/** How far the page scrolls sideways at its current width (reflow: must be 0 or less). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Writes the weights measured in one language, for reading after a run. */
export function saveWeights(lang: string, weights: Record<string, number>, prefix = 'weights') {
  fs.writeFileSync(path.join(outputDir, `${prefix}-${lang}.json`), JSON.stringify(weights, null, 2));
}
