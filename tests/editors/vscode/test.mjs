// End-to-end test of the Sendwell VS Code extension in the real VS Code workbench (code-server),
// driven through the UI by Playwright in Debian's Chromium.
//
// Env (set by tests/editors/run.sh):
//   CODE_SERVER_ENTRY  code-server's out/node/entry.js     NODE24  a Node 24 binary
//   SENDWELL_VSIX      the packaged extension               SENDWELL_BIN  the server binary
//   SENDWELL_FIXTURES  drafts to copy into the workspace    SENDWELL_RESULTS  file for PASS/FAIL lines
//   SENDWELL_SCREENSHOT  where to save the README screenshot (optional)
//   E2E_TMP  scratch folder                                CHROMIUM  browser (default /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const env = (name, dflt) => {
  const v = process.env[name] ?? dflt;
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const ENTRY = env('CODE_SERVER_ENTRY');
const NODE24 = env('NODE24');
const VSIX = env('SENDWELL_VSIX');
const BIN = env('SENDWELL_BIN');
const FIXTURES = env('SENDWELL_FIXTURES');
const RESULTS = process.env.SENDWELL_RESULTS;
const SCREENSHOT = process.env.SENDWELL_SCREENSHOT;
const TMP = env('E2E_TMP');
const CHROMIUM = env('CHROMIUM', '/usr/bin/chromium');
const T = Number(process.env.SENDWELL_UI_TIMEOUT_MS ?? 45000);

let passed = 0;
let failed = 0;
const out = (line) => {
  process.stderr.write(line + '\n');
  if (RESULTS) fs.appendFileSync(RESULTS, line + '\n');
};
const log = (msg) => process.stderr.write(`[vscode ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

class Fatal extends Error {}
let page; // for screenshots of failures
const FAIL_DIR = process.env.SENDWELL_FAIL_SHOTS;

async function check(name, fn, { fatal = false } = {}) {
  try {
    await fn();
    passed++;
    out(`PASS vscode ${name}`);
    return true;
  } catch (err) {
    failed++;
    const msg = String(err && err.message ? err.message : err).replace(/\n/g, '\n    ');
    out(`FAIL vscode ${name}: ${msg}`);
    if (page && FAIL_DIR) {
      const file = path.join(FAIL_DIR, `vscode-fail-${failed}.png`);
      await page.screenshot({ path: file }).then(() => out(`    (screenshot: ${file})`), () => {});
    }
    if (fatal) throw new Fatal(name);
    return false;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- scratch folders ----------------------------------------------------------------------------
const dirs = Object.fromEntries(
  ['home', 'data', 'extensions', 'chrome', 'ws'].map((d) => [d, path.join(TMP, 'vscode', d)]),
);
fs.rmSync(path.join(TMP, 'vscode'), { recursive: true, force: true });
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(dirs.ws, f));

const childEnv = {
  ...process.env,
  HOME: dirs.home,
  XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
  XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
  XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
  PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
};
delete childEnv.VSCODE_IPC_HOOK_CLI;

fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
const settingsFile = path.join(dirs.data, 'User', 'settings.json');
const userSettings = {
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'editor.minimap.enabled': false,
      'editor.wordWrap': 'on',
      'editor.hover.delay': 300,
      'workbench.colorTheme': 'Default Light Modern',
      'window.commandCenter': false,
      'sendwell.server.path': BIN,
      'sendwell.allow': ['Northwind'],
      'sendwell.trace.server': process.env.SENDWELL_TRACE ?? 'off',
};
fs.writeFileSync(settingsFile, JSON.stringify(userSettings, null, 2));
const configFile = path.join(dirs.home, 'code-server.yaml');
fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

// --- install the .vsix ----------------------------------------------------------------------------
log(`installing ${VSIX}`);
const inst = spawnSync(
  NODE24,
  [ENTRY, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.data, '--config', configFile,
    '--install-extension', VSIX],
  { env: childEnv, encoding: 'utf8', timeout: 120000 },
);
const installed = fs.readdirSync(dirs.extensions).some((d) => d.startsWith('sendwell.sendwell-'));

let server;
let browser;
let serverLog = '';

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  if (server && server.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    await sleep(500);
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(2);
  });
}

async function main() {
  await check('the .vsix installs into code-server', async () => {
    if (inst.status !== 0 || !installed) {
      throw new Error(`install-extension exited ${inst.status}: ${inst.stdout}\n${inst.stderr}`);
    }
  }, { fatal: true });

  // --- start code-server in its own process group ----------------------------------------------
  const port = await freePort();
  server = spawn(
    NODE24,
    [ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
      '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions, '--config', configFile, dirs.ws],
    { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (process.env.E2E_PIDFILE) fs.appendFileSync(process.env.E2E_PIDFILE, `${server.pid}\n`);
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));

  await check('code-server starts', async () => {
    const until = Date.now() + 60000;
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) break;
      } catch {}
      if (server.exitCode !== null) throw new Error(`code-server exited ${server.exitCode}: ${serverLog.slice(-1500)}`);
      if (Date.now() > until) throw new Error(`no /healthz within 60 s: ${serverLog.slice(-1500)}`);
      await sleep(250);
    }
  }, { fatal: true });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
  page = await context.newPage();
  page.setDefaultTimeout(T);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`);

  /** Text of the notifications and the Sendwell output, to explain a failure. */
  async function uiState() {
    let s = '';
    const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()
      .catch(() => []);
    if (toasts.length) s += `\n    notifications: ${toasts.join(' | ')}`;
    // The "Sendwell" output channel, as code-server logs it under the user-data dir.
    const found = [];
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/Sendwell/.test(e.name)) found.push(p);
      }
    };
    try {
      walk(path.join(dirs.data, 'logs'));
    } catch {}
    for (const f of found) {
      const text = fs.readFileSync(f, 'utf8').trim();
      if (text) s += `\n    Sendwell output (${path.basename(f)}):\n      ${text.slice(-1200).replace(/\n/g, '\n      ')}`;
    }
    return s;
  }

  const editor = page.locator('.monaco-editor[data-uri$="note-long.md"]').first();

  await check('opening a draft from the Explorer', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'note-long.md' });
    await row.waitFor({ timeout: 60000 });
    await row.click();
    await page.locator('.tabs-container .tab', { hasText: 'note-long.md' }).waitFor();
    await editor.locator('.view-lines').waitFor();
  }, { fatal: true });

  await check('Sendwell squiggles appear in the editor', async () => {
    try {
      await editor.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor({ timeout: T });
    } catch {
      throw new Error(`no Sendwell squiggles within ${T / 1000} s (is the server working? SENDWELL_BIN=${BIN})` +
        (await uiState()));
    }
  }, { fatal: true });

  await check('the status bar shows the live count over the limit, in warning colour', async () => {
    const item = page.locator('.statusbar-item', { hasText: /\d+\/300/ });
    try {
      await item.first().waitFor({ timeout: T });
    } catch {
      throw new Error('no status-bar item with a count like 410/300' + (await uiState()));
    }
    const text = (await item.first().innerText()).trim();
    const m = text.match(/(\d+)\/300/);
    if (!m || Number(m[1]) <= 300) throw new Error(`status bar says ${JSON.stringify(text)}, want > 300/300`);
    const cls = await item.first().getAttribute('class');
    if (!/warning-kind|error-kind/.test(cls ?? '')) {
      const bg = await item.first().evaluate((el) => getComputedStyle(el).backgroundColor);
      throw new Error(`status item is not in warning colour (class ${cls}, background ${bg})`);
    }
  });

  await check('the Problems panel lists findings with Sendwell rule codes', async () => {
    await editor.click({ position: { x: 200, y: 40 } });
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    for (const code of ['limit.body', 'placeholder.unfilled']) {
      try {
        await panel.locator('.monaco-list-row', { hasText: code }).first().waitFor({ timeout: 15000 });
      } catch {
        const rows = await panel.locator('.monaco-list-row').allInnerTexts();
        throw new Error(`no Problems entry with ${code}; rows: ${JSON.stringify(rows)}`);
      }
    }
    const rows = await panel.locator('.monaco-list-row', { hasText: 'placeholder.unfilled' }).first().innerText();
    if (!/sendwell/i.test(rows)) throw new Error(`Problems entry does not name Sendwell as source: ${rows}`);
  });

  // Position of [Company] on line 5 (UTF-16 columns, as VS Code counts them).
  const lines = fs.readFileSync(path.join(dirs.ws, 'note-long.md'), 'utf8').split('\n');
  const phLine = lines.findIndex((l) => l.includes('[Company]')) + 1;
  const phCol = lines[phLine - 1].indexOf('[Company]') + 2;

  async function gotoPosition(line, col) {
    await editor.locator('.view-lines').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${col}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  await check('hover on a finding shows the rule explanation', async () => {
    await gotoPosition(phLine, phCol);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:visible', { hasText: /placeholder/i });
    try {
      await hover.first().waitFor({ timeout: 15000 });
    } catch {
      const any = await page.locator('.monaco-hover').allInnerTexts();
      throw new Error(`no hover mentioning the placeholder rule; hovers: ${JSON.stringify(any)}`);
    }
    const text = await hover.first().innerText();
    if (!/placeholder\.unfilled|placeholder/i.test(text)) throw new Error(`hover text: ${text}`);
    if (SCREENSHOT) {
      await sleep(400);
      await page.screenshot({ path: SCREENSHOT, type: 'png' });
      log(`screenshot saved to ${SCREENSHOT}`);
    }
    await page.keyboard.press('Escape');
  });

  await check('a quick fix applied through the UI (Ctrl+.) adds company: to the front-matter', async () => {
    await gotoPosition(phLine, phCol);
    const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await menu.waitFor({ timeout: 10000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw new Error(`the quick-fix menu did not open after Ctrl+. (${attempt} tries)`);
        await page.keyboard.press('Escape');
        await gotoPosition(phLine, phCol);
      }
    }
    const item = menu.locator('.action-list-item, .monaco-list-row', { hasText: /company/i }).first();
    try {
      await item.waitFor({ timeout: 10000 });
    } catch {
      throw new Error(`no quick fix mentioning company; menu: ${JSON.stringify(await menu.innerText())}`);
    }
    if (SCREENSHOT) {
      await item.hover();
      await sleep(300);
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-quickfix.png'), type: 'png' });
    }
    await item.click();
    const fmLine = editor.locator('.view-line', { hasText: /^company:/ });
    try {
      await fmLine.first().waitFor({ timeout: 10000 });
    } catch {
      const shown = await editor.locator('.view-line').allInnerTexts();
      throw new Error(`no "company:" line after the quick fix; editor shows ${JSON.stringify(shown.slice(0, 8))}`);
    }
  });

  await check('the status-bar count follows typing', async () => {
    const item = page.locator('.statusbar-item', { hasText: /\d+\/300/ }).first();
    const before = Number((await item.innerText()).match(/(\d+)\/300/)[1]);
    await page.keyboard.press('Escape');
    await editor.locator('.view-lines').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Thanks!');
    // ' Thanks!' is 8 units; a newline joining it to the body may count too.
    const ok = (n) => n >= before + 8 && n <= before + 10;
    const until = Date.now() + 15000;
    let now = before;
    while (Date.now() < until) {
      const t = await item.innerText().catch(() => '');
      const m = t.match(/(\d+)\/300/);
      now = m ? Number(m[1]) : NaN;
      if (ok(now)) return;
      await sleep(200);
    }
    throw new Error(`status bar count went from ${before} to ${now}, expected ${before + 8}..${before + 10}`);
  });

  await check('a settings change (sendwell.rules) takes effect without a restart', async () => {
    const panel = page.locator('.markers-panel');
    const limitRow = panel.locator('.monaco-list-row', { hasText: 'limit.body' });
    await limitRow.first().waitFor({ timeout: 15000 });
    // Workspace settings (.vscode/settings.json), as a user would edit them.
    const wsSettings = path.join(dirs.ws, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(wsSettings), { recursive: true });
    fs.writeFileSync(wsSettings, JSON.stringify({ 'sendwell.rules': { 'limit.body': 'off' } }, null, 2));
    try {
      await limitRow.first().waitFor({ state: 'detached', timeout: 20000 });
    } catch {
      throw new Error('limit.body still listed 20 s after "sendwell.rules": {"limit.body": "off"}' + (await uiState()));
    } finally {
      fs.writeFileSync(wsSettings, '{}\n');
    }
    await limitRow.first().waitFor({ timeout: 20000 });
  });

  async function runCommand(title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/^.*: /, '') }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  await check('Sendwell: Copy Message puts the rendered message on the clipboard', async () => {
    await runCommand('Sendwell: Copy Message');
    const until = Date.now() + 15000;
    let clip = '';
    while (Date.now() < until) {
      clip = await page.evaluate(() => navigator.clipboard.readText()).catch((e) => `<${e}>`);
      if (clip.includes('Hi Sarah')) break;
      await sleep(250);
    }
    if (!clip.includes('Hi Sarah')) {
      throw new Error(`clipboard holds ${JSON.stringify(clip.slice(0, 200))}` + (await uiState()));
    }
    if (clip.includes('channel:')) throw new Error('clipboard message still has the front-matter');
  });

  await check('Sendwell: Show Output shows the extension log', async () => {
    await runCommand('Sendwell: Show Output');
    const view = page.locator('.part.panel .monaco-editor .view-lines', { hasText: /Starting\s.*sendwell.*\slsp/ });
    await view.first().waitFor({ timeout: 15000 });
  });

  await check('Sendwell: Restart Server restarts and the findings come back', async () => {
    await editor.locator('.view-lines').click({ position: { x: 10, y: 10 } });
    await runCommand('Sendwell: Restart Server');
    await page.locator('.statusbar-item', { hasText: 'Sendwell: server restarted' }).first().waitFor({ timeout: 20000 });
    await editor.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor({ timeout: T });
    await page.locator('.statusbar-item', { hasText: /\d+\/300/ }).first().waitFor({ timeout: T });
  });

  await check('Sendwell: New Draft (InMail) opens a draft the server checks', async () => {
    await runCommand('Sendwell: New Draft');
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'InMail' }).first();
    await pick.waitFor();
    await pick.click();
    const untitled = page.locator('.monaco-editor[data-uri^="untitled:"]').first();
    await untitled.locator('.view-line', { hasText: 'channel: inmail' }).first().waitFor({ timeout: 10000 });
    // An InMail's limit is 1,900: the count shows for the new draft too.
    const item = page.locator('.statusbar-item', { hasText: /\d+\/1900/ });
    try {
      await item.first().waitFor({ timeout: 20000 });
    } catch {
      const bar = await page.locator('.statusbar-item').allInnerTexts();
      throw new Error(`no n/1900 count for the new InMail draft; status bar: ${JSON.stringify(bar)}` + (await uiState()));
    }
  });

  // "GUARANTEED" is a spam word (its shouting is that finding's related information), in a
  // paragraph that never names Sarah, reads hard and is a wall of text: four findings under it.
  const overlap = page.locator('.monaco-editor[data-uri$="hover-overlap.md"]').first();
  await check('hover cards under overlapping findings: the word\'s own first, short, at most three', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'hover-overlap.md' });
    await row.waitFor({ timeout: 20000 });
    await row.click();
    await overlap.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor({ timeout: T });
    const text = fs.readFileSync(path.join(dirs.ws, 'hover-overlap.md'), 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('GUARANTEED')) + 1;
    const col = text[line - 1].indexOf('GUARANTEED') + 3;
    await overlap.locator('.view-lines').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${col}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    // The server's part of the hover (VS Code shows the diagnostics' own messages above it).
    const cards = page.locator('.monaco-hover:visible .rendered-markdown', { hasText: 'How to fix' }).first();
    try {
      await cards.waitFor({ timeout: 15000 });
    } catch {
      const any = await page.locator('.monaco-hover').allInnerTexts();
      throw new Error(`no hover cards; hovers: ${JSON.stringify(any)}`);
    }
    const md = await cards.innerText();
    const at = (id) => md.indexOf(id);
    const own = Math.min(...['spam.shouting', 'spam.trigger-word'].map(at).filter((i) => i >= 0));
    const wide = Math.max(at('personalization.no-name'), at('style.readability'));
    if (!(own >= 0 && own < wide)) throw new Error(`the word's own finding is not first:\n${md}`);
    if (!/\+\d+ more findings? here/.test(md)) throw new Error(`no count of the findings past three:\n${md}`);
    if ((md.match(/How to fix/g) ?? []).length !== 3) throw new Error(`not three cards:\n${md}`);
    if (md.length > 3 * 600 + 200) throw new Error(`${md.length} characters of cards:\n${md}`);
    if (/seeds\/|\.txt/.test(md)) throw new Error(`a card names a research file:\n${md}`);
  });

  await check('a hover card\'s "More" link opens the rule\'s full text (sendwell explain)', async () => {
    const more = page.locator('.monaco-hover:visible .rendered-markdown a', { hasText: 'More' }).first();
    await more.waitFor({ timeout: 5000 });
    await more.click();
    // Strings, not regular expressions: Playwright matches them with whitespace normalized, and
    // the editor draws spaces as no-break spaces.
    const explained = page
      .locator('.monaco-editor .view-line', { hasText: 'spam.shouting — ' })
      .or(page.locator('.monaco-editor .view-line', { hasText: 'spam.trigger-word — ' }));
    try {
      await explained.first().waitFor({ timeout: 15000 });
    } catch {
      throw new Error('no editor with the output of sendwell explain' + (await uiState()));
    }
    await page.keyboard.press('Escape');
  });

  await check('Ctrl+click on the counter shows every figure in a notification', async () => {
    const tab = page.locator('.tabs-container .tab', { hasText: 'hover-overlap.md' });
    await tab.first().click();
    // The counter is an inlay hint at the end of the front-matter's closing line.
    const hint = overlap.locator('.view-line span', { hasText: ' characters · ' }).filter({ hasText: 'words' }).last();
    try {
      await hint.waitFor({ timeout: T });
    } catch {
      const lines = await overlap.locator('.view-line').allInnerTexts();
      throw new Error(`no counter on the closing line; lines: ${JSON.stringify(lines.slice(0, 8))}`);
    }
    const label = (await hint.innerText()).trim();
    if (label.length > 43) throw new Error(`counter label longer than VS Code shows: ${JSON.stringify(label)}`);
    await hint.click({ modifiers: ['Control'] });
    const toast = page.locator('.notifications-toasts .notification-list-item-message', {
      hasText: /Sendwell · Cold email: body \d+/,
    });
    try {
      await toast.first().waitFor({ timeout: 15000 });
    } catch {
      throw new Error('no notification with the figures after Ctrl+click on the counter' + (await uiState()));
    }
  });

  await check('a wrong sendwell.server.path gives one clear error', async () => {
    const wsSettings = path.join(dirs.ws, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(wsSettings), { recursive: true });
    fs.writeFileSync(wsSettings, JSON.stringify({ 'sendwell.server.path': '/nonexistent/sendwell' }, null, 2));
    const toast = page.locator('.notifications-toasts .notification-list-item-message', {
      hasText: /sendwell\.server\.path.*not an executable/,
    });
    try {
      await toast.first().waitFor({ timeout: 20000 });
    } catch {
      throw new Error('no error notification about the bad sendwell.server.path' + (await uiState()));
    } finally {
      fs.writeFileSync(wsSettings, '{}\n');
    }
  });
}

try {
  await main();
} catch (err) {
  if (!(err instanceof Fatal)) {
    failed++;
    out(`FAIL vscode test crashed: ${err && err.stack ? err.stack : err}`);
  } else {
    out('vscode: remaining checks not run');
  }
} finally {
  await cleanup();
}
out(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
