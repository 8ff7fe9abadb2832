import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { readRunFolder } from '../cli/reportInput.ts';
import type { ExperimentReport } from '../src/core/report.ts';
import { buildReport, renderHtml } from '../src/report/index.ts';
import { expect, openLab, test } from './fixtures.ts';

/**
 * The generated report (issue 16): the CLI's HTML opens from file:// with no request at all, prints to PDF and fits
 * the page width; the header's Report button builds the same document from the notebook's run.
 */
const tinyReport = () => JSON.parse(readFileSync('tests/report/fixtures/tiny/report.json', 'utf8')) as ExperimentReport;

/** The summary and the five questions' sections of a rendered report. */
const questionSections = (html: string) => html.match(/<section id="(summary|q\d-[a-z0-9-]+)"[\s\S]*?<\/section>/g) ?? [];

/** Pages in a PDF: its /Type /Page objects (not the /Pages tree). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

/** The page, or a table inside its scrolling wrapper (which a printout would cut), is wider than the window. */
const overflows = (page: Page) => page.evaluate(() => [document.documentElement, ...Array.from(document.querySelectorAll('.table-wrap'))]
  .some((e) => e.scrollWidth > e.clientWidth));

test('the report opens from file:// without a single request, prints to PDF and does not overflow sideways', async ({ page, context }) => {
  const file = join(tmpdir(), `report-e2e-${process.pid}.html`);
  writeFileSync(file, renderHtml(buildReport({ runs: [{ report: tinyReport(), source: 'runs/tiny', shareLink: `http://localhost:5173/#spec=1.${'x'.repeat(800)}` }], appVersion: 'e2e', generatedBy: 'e2e' })));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = `file://${file}`;
  // Only the document itself may load: anything else is recorded and refused (file:// is intercepted too).
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url);
  await expect(page.locator('section#q3-stability[data-status="answered"]')).toBeVisible();
  await expect(page.locator('section#q2-sweep [data-not-run]')).toContainText('npm run sweep');
  expect(await page.locator('figure svg').count()).toBeGreaterThanOrEqual(5);
  expect(requests).toEqual([url]);

  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await overflows(page), `horizontal overflow at ${width} px`).toBe(false);
  }
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  expect(await overflows(page), 'horizontal overflow when printed').toBe(false);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdfPages(pdf)).toBeGreaterThanOrEqual(1);
  expect(requests).toEqual([url]);
});

test('Report in the header opens the notebook\'s report in a new tab, with the numbers of its Download JSON', async ({ page, backendQuery }) => {
  test.setTimeout(240_000);
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('60');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const epochs = page.getByTestId('field-sae-epochs');
  if (!(await epochs.isVisible())) await page.getByTestId('section-saes').locator('details.advanced > summary').click();
  await epochs.fill('6');
  await page.getByTestId('sae-start').click();
  await expect(page.getByTestId('stability-download-json')).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByTestId('features-download-json')).toBeEnabled({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stability-download-json').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { stability: NonNullable<ExperimentReport['stability']> };

  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('report-open').click()]);
  await expect(tab.locator('h1')).toContainText('Phase 3 report');
  await expect(tab.locator('section#q1-fourier')).toHaveAttribute('data-status', 'answered');
  await expect(tab.locator('section#q3-stability')).toHaveAttribute('data-status', 'answered');
  const s = exported.stability;
  await expect(tab.locator('td[data-key="0:stability.pwmccMax.mean"]').first()).toHaveText(`${s.pwmccMax.mean.toFixed(3)} ± ${s.pwmccMax.std.toFixed(3)}`);
  await expect(tab.locator(`td[data-key="0:stability.nulls.${s.verdict.against}.pwmccMax.mean"]`)).toHaveText(new RegExp(`^${s.nulls[s.verdict.against].pwmccMax.mean.toFixed(3)} ±`));
  await expect(tab.locator('section#q5-stabilisers [data-not-run]')).toBeVisible();

  await expect(tab.locator('section#q3-stability figure[id^="gallery-"] image')).not.toHaveCount(0); // the latent gallery
  await expect(tab.locator('section#q1-fourier figure#progress-measures')).toBeVisible(); // measured while it trained

  const [html] = await Promise.all([page.waitForEvent('download'), tab.getByTestId('report-download-html').click()]);
  expect(html.suggestedFilename()).toBe('phase3-report.html');
  const pageHtml = readFileSync((await html.path())!, 'utf8');
  expect(pageHtml).toContain('<section id="q3-stability" data-status="answered">');

  // The same input gives the same document: the page's report.json, read as `npm run report -- DIR` reads a run
  // folder, renders the summary and every question's section identically (Methods names the source, so differs).
  const [json] = await Promise.all([page.waitForEvent('download'), tab.getByTestId('report-download-json').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'report-json-'));
  copyFileSync((await json.path())!, join(dir, 'report.json'));
  const cliHtml = renderHtml(buildReport({ runs: [readRunFolder(dir)], appVersion: 'e2e', generatedBy: 'npm run report' }));
  expect(questionSections(pageHtml)).toHaveLength(6);
  expect(questionSections(cliHtml)).toEqual(questionSections(pageHtml));
  const [md] = await Promise.all([page.waitForEvent('download'), tab.getByTestId('report-download-md').click()]);
  expect(readFileSync((await md.path())!, 'utf8')).toMatch(/## 3\. Which features converge[\s\S]*!\[[^\]]*\]\(data:image\/svg\+xml/);
  await expect(tab.getByTestId('report-print')).toBeVisible();
});
