// The HTML report in a real browser: opens with no console errors (a CSP violation would be
// one), makes no network request, runs no injected script, and shows the verdict.

import { existsSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { sampleReport } from '../attest/sample-report.js';
import { hostileReport } from './hostile-report.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`HTML report browser tests SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`);

let browser: Browser;
let dir: string;

interface Observed {
  page: Page;
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

async function open(html: string, name: string): Promise<Observed> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const seen: Observed = { page, requests: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.consoleErrors.push(m.text());
  });
  page.on('pageerror', (err) => seen.pageErrors.push(err.message));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return seen;
}

describe.skipIf(!haveChromium)('HTML report in headless Chromium', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aibom-html-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders the verdict and findings with no console errors and no network requests', async () => {
    const seen = await open(renderHtml(sampleReport()), 'report.html');
    const { page } = seen;
    expect(seen.requests).toEqual([pathToFileURL(join(dir, 'report.html')).href]);
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.pageErrors).toEqual([]);

    expect(await page.innerText('#verdict')).toBe('FAIL');
    const text = await page.innerText('body');
    expect(text).toContain('acme-coder derives from Kimi K2.5 (Moonshot AI, CN) by continued-pretraining, rl');
    expect(text).toContain('Below both thresholds; legal reviews quarterly.');
    expect(text).toContain('How to verify this report');
    // The style sheet applied (a CSP hash mismatch would leave it unstyled).
    expect(await page.evaluate("getComputedStyle(document.querySelector('#verdict')).fontWeight")).toBe('700');
    // The lineage diagram is laid out and visible.
    const box = await page.locator('.diagram svg').boundingBox();
    expect(box && box.width > 300 && box.height > 50).toBe(true);
    expect(await page.locator('svg g.node').count()).toBe(3);

    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    const shot = join(dir, 'report.png');
    writeFileSync(shot, png);
    if (process.env.AIBOM_GUARD_KEEP_SCREENSHOT) copyFileSync(shot, process.env.AIBOM_GUARD_KEEP_SCREENSHOT);

    // Print: the print style sheet applies and a PDF comes out.
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate("getComputedStyle(document.querySelector('.finding')).breakInside")).toBe('avoid');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });

  it('runs nothing and fetches nothing from a hostile report', async () => {
    const seen = await open(renderHtml(hostileReport()), 'hostile.html');
    const { page } = seen;
    expect(seen.requests).toHaveLength(1);
    expect(seen.dialogs).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(seen.consoleErrors).toEqual([]);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('script, img, iframe, object, embed, link, foreignObject, a').count()).toBe(0);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await page.locator('style').count()).toBe(1);
    // The payloads are shown as text.
    const text = await page.innerText('body');
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(text).toContain('"><img src=x onerror=window.__pwned=2>');
    await page.hover('.finding');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await page.close();
  });
});
