// Turns a `tmux capture-pane -e` dump (ANSI SGR colours) into HTML and a PNG via Chromium.
// usage: node screenshot.mjs capture.ansi out.png
import * as fs from 'node:fs';
import { chromium } from 'playwright-core';

const [input, output] = process.argv.slice(2);
const ansi = fs.readFileSync(input, 'utf8');
const DEFAULT_FG = '#e0e2ea';
const DEFAULT_BG = '#14161b';
const base16 = ['#07080d', '#ffc0b9', '#b3f6c0', '#fce094', '#a6dbff', '#ffcaff', '#8cf8f7', '#eef1f8',
  '#4f5258', '#ffc0b9', '#b3f6c0', '#fce094', '#a6dbff', '#ffcaff', '#8cf8f7', '#ffffff'];
function color256(n) {
  if (n < 16) return base16[n];
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return `rgb(${v[Math.floor(i / 36)]},${v[Math.floor(i / 6) % 6]},${v[i % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
let st = {};
let html = '';
let open = false;
const span = () => {
  let fg = st.fg ?? DEFAULT_FG;
  let bg = st.bg ?? null;
  if (st.rev) [fg, bg] = [bg ?? DEFAULT_BG, fg];
  const css = [`color:${fg}`];
  if (bg) css.push(`background:${bg}`);
  if (st.bold) css.push('font-weight:bold');
  if (st.italic) css.push('font-style:italic');
  if (st.underline) css.push(`text-decoration:underline ${st.ul ?? ''} ${st.curly ? 'wavy' : ''}`);
  return `<span style="${css.join(';')}">`;
};
for (const part of ansi.split(/(\x1b\[[0-9;:]*m)/)) {
  const m = part.match(/^\x1b\[([0-9;:]*)m$/);
  if (!m) {
    if (part) html += (open ? '' : span()) + esc(part.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
    open = open || !!part;
    continue;
  }
  if (open) html += '</span>';
  open = false;
  const codes = m[1] === '' ? ['0'] : m[1].split(';');
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    const n = Number(c.split(':')[0]);
    if (c === '4:3') { st.underline = true; st.curly = true; continue; }
    if (n === 0) st = {};
    else if (n === 1) st.bold = true;
    else if (n === 3) st.italic = true;
    else if (n === 4) st.underline = true;
    else if (n === 7) st.rev = true;
    else if (n === 22) st.bold = false;
    else if (n === 23) st.italic = false;
    else if (n === 24) st.underline = st.curly = false;
    else if (n === 27) st.rev = false;
    else if (n >= 30 && n <= 37) st.fg = base16[n - 30];
    else if (n >= 90 && n <= 97) st.fg = base16[n - 90 + 8];
    else if (n >= 40 && n <= 47) st.bg = base16[n - 40];
    else if (n >= 100 && n <= 107) st.bg = base16[n - 100 + 8];
    else if (n === 39) st.fg = undefined;
    else if (n === 49) st.bg = undefined;
    else if (n === 38 || n === 48 || n === 58) {
      let col;
      if (codes[i + 1] === '5') { col = color256(Number(codes[i + 2])); i += 2; }
      else if (codes[i + 1] === '2') { col = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`; i += 4; }
      if (n === 38) st.fg = col; else if (n === 48) st.bg = col; else st.ul = col;
    }
  }
}
if (open) html += '</span>';
const page = `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:${DEFAULT_BG}}
pre{margin:0;padding:10px 12px;display:inline-block;font:14px/1.17 "DejaVu Sans Mono",monospace;color:${DEFAULT_FG};background:${DEFAULT_BG}}
</style><pre id="t">${html}</pre>`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const p = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await p.setContent(page);
  await p.locator('#t').screenshot({ path: output });
} finally {
  await browser.close();
}
