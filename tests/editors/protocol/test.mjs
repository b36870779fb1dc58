// Protocol-level check of `sendwell lsp` with the reference LSP client library (the one VS Code's
// client is built on), beside the editor tests: the contract the editor plugins rely on.
// Env: SENDWELL_BIN, SENDWELL_FIXTURES, SENDWELL_RESULTS.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

const BIN = process.env.SENDWELL_BIN;
const FIX = process.env.SENDWELL_FIXTURES;
const RESULTS = process.env.SENDWELL_RESULTS;
let passed = 0;
let failed = 0;
const out = (line) => {
  process.stderr.write(line + '\n');
  if (RESULTS) fs.appendFileSync(RESULTS, line + '\n');
};
async function check(name, fn) {
  try {
    await fn();
    passed++;
    out(`PASS protocol ${name}`);
    return true;
  } catch (err) {
    failed++;
    out(`FAIL protocol ${name}: ${String(err && err.message ? err.message : err).replace(/\n/g, '\n    ')}`);
    return false;
  }
}
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};
const withTimeout = (p, ms, what) =>
  Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`${what}: no answer in ${ms} ms`)), ms))]);

/** Starts the server and initializes it offering `encodings`. */
async function start(encodings) {
  const proc = spawn(BIN, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => proc.on('exit', (code) => r(code)));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const diags = new Map();
  const waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    diags.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const init = await withTimeout(
    Promise.race([
      conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(FIX).href,
        capabilities: {
          general: { positionEncodings: encodings },
          workspace: { configuration: true },
          textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown', 'plaintext'] } },
        },
      }),
      exited.then((code) => {
        throw new Error(`the server exited with code ${code} during initialize. stderr: ${stderr.slice(0, 500)}`);
      }),
    ]),
    10000,
    'initialize',
  );
  await conn.sendNotification('initialized', {});
  const waitDiags = async (uri, pred = () => true, ms = 10000) => {
    const until = Date.now() + ms;
    while (!(diags.has(uri) && pred(diags.get(uri)))) {
      if (Date.now() > until) throw new Error(`no matching publishDiagnostics for ${uri} in ${ms} ms; last: ${JSON.stringify(diags.get(uri))}`);
      await new Promise((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return diags.get(uri);
  };
  const open = async (name, text) => {
    const uri = pathToFileURL(path.join(FIX, name)).href;
    text ??= fs.readFileSync(path.join(FIX, name), 'utf8');
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
    return { uri, text };
  };
  const stop = async () => {
    await withTimeout(conn.sendRequest('shutdown'), 5000, 'shutdown').catch(() => {});
    await conn.sendNotification('exit').catch(() => {});
    const code = await withTimeout(exited, 3000, 'exit after the exit notification').catch((e) => {
      proc.kill('SIGKILL');
      throw e;
    });
    conn.dispose();
    return code;
  };
  return { proc, conn, init, open, waitDiags, stop, exited };
}

/** UTF-16 / UTF-8 column of `needle` in line `line` of `text`. */
function column(text, line, needle, enc) {
  const l = text.split('\n')[line];
  const i = l.indexOf(needle);
  return enc === 'utf-8' ? Buffer.byteLength(l.slice(0, i), 'utf8') : i;
}

async function main() {
  await check('sendwell --version', async () => {
    const r = spawnSync(BIN, ['--version'], { encoding: 'utf8', timeout: 5000 });
    assert(r.status === 0 && /\d+\.\d+/.test(r.stdout), `exit ${r.status}, stdout ${JSON.stringify(r.stdout)} ${r.stderr}`);
  });

  for (const enc of ['utf-16', 'utf-8']) {
    let s;
    const ok = await check(`[${enc}] initialize advertises what the plugins use`, async () => {
      s = await start(enc === 'utf-8' ? ['utf-8', 'utf-16'] : ['utf-16']);
      const caps = s.init.capabilities;
      assert((caps.positionEncoding ?? 'utf-16') === enc, `positionEncoding ${caps.positionEncoding}, want ${enc}`);
      const cmds = caps.executeCommandProvider?.commands ?? [];
      assert(cmds.includes('sendwell.render') && cmds.includes('sendwell.stats'), `executeCommand commands: ${cmds}`);
      assert(caps.hoverProvider, 'no hoverProvider');
      assert(caps.codeActionProvider, 'no codeActionProvider');
    });
    if (!ok) {
      if (s) s.proc.kill('SIGKILL');
      continue;
    }
    const { uri, text } = await s.open('note-long.md');
    await check(`[${enc}] diagnostics: source, codes and an exact range after an emoji`, async () => {
      const ds = await s.waitDiags(uri, (d) => d.some((x) => x.code === 'placeholder.unfilled'));
      for (const d of ds) {
        assert(d.source === 'sendwell', `source ${d.source}`);
        assert(typeof d.code === 'string' && /^[a-z0-9-]+\.[a-z0-9.-]+$/.test(d.code), `code ${JSON.stringify(d.code)}`);
      }
      assert(ds.some((d) => d.code === 'limit.body'), `no limit.body in ${ds.map((d) => d.code)}`);
      const p = ds.find((d) => d.code === 'placeholder.unfilled');
      const want = column(text, 4, '[Company]', enc);
      assert(p.range.start.line === 4 && p.range.start.character === want, `range ${JSON.stringify(p.range)}, want 4:${want}`);
      assert(p.range.end.character === want + '[Company]'.length, `end ${JSON.stringify(p.range.end)}`);
    });
    await check(`[${enc}] every code action is a WorkspaceEdit, never a command`, async () => {
      const ds = await s.waitDiags(uri);
      let n = 0;
      for (const d of ds) {
        const actions = await s.conn.sendRequest('textDocument/codeAction', {
          textDocument: { uri }, range: d.range, context: { diagnostics: [d] },
        });
        for (const a of actions ?? []) {
          n++;
          assert(!('command' in a) || typeof a.command !== 'string', `a bare Command: ${JSON.stringify(a)}`);
          assert(!a.command, `action ${a.title} carries a command`);
          assert(a.edit || a.data, `action ${a.title} has no edit`);
        }
      }
      assert(n > 0, 'no code actions at all');
    });
    await check(`[${enc}] hover on a finding is Markdown naming the rule`, async () => {
      const p = (await s.waitDiags(uri)).find((d) => d.code === 'placeholder.unfilled');
      const h = await s.conn.sendRequest('textDocument/hover', {
        textDocument: { uri }, position: { line: p.range.start.line, character: p.range.start.character + 1 },
      });
      const v = h?.contents?.value ?? '';
      assert(h?.contents?.kind === 'markdown', `hover kind ${h?.contents?.kind}`);
      assert(v.includes('placeholder.unfilled'), `hover: ${v.slice(0, 200)}`);
    });
    await check(`[${enc}] sendwell.stats / sendwell.render`, async () => {
      const st = await s.conn.sendRequest('workspace/executeCommand', { command: 'sendwell.stats', arguments: [uri] });
      assert(st && st.channel === 'connection-note' && st.limit === 300 && st.unit === 'utf16', `stats ${JSON.stringify(st)}`);
      const body = text.split('---\n').slice(2).join('---\n');
      assert(st.used === body.trimEnd().length || Math.abs(st.used - body.length) <= 2, `used ${st.used}, body is ${body.length} UTF-16 units`);
      assert(typeof st.words === 'number', `words ${st.words}`);
      const r = await s.conn.sendRequest('workspace/executeCommand', { command: 'sendwell.render', arguments: [uri] });
      assert(typeof r === 'string' && r.startsWith('Hi Sarah') && !r.includes('channel:'), `render ${JSON.stringify(r?.slice?.(0, 80))}`);
    });
    await check(`[${enc}] non-drafts: no diagnostics, stats and render are null`, async () => {
      const { uri: puri } = await s.open('plain.md');
      await new Promise((r) => setTimeout(r, 300));
      const ds = (await s.waitDiags(puri, () => true, 1500).catch(() => [])) ?? [];
      assert(ds.length === 0, `diagnostics on plain.md: ${JSON.stringify(ds)}`);
      for (const command of ['sendwell.stats', 'sendwell.render']) {
        const r = await s.conn.sendRequest('workspace/executeCommand', { command, arguments: [puri] });
        assert(r === null, `${command} on a non-draft returned ${JSON.stringify(r)}`);
      }
    });
    await check(`[${enc}] a channel without a hard limit has limit null`, async () => {
      const { uri: euri } = await s.open('cold-email.md', '---\nchannel: email\nto: Sarah Chen\nsubject: Forecasting\n---\nHi Sarah, quick question.\n');
      await s.waitDiags(euri, () => true, 2000).catch(() => {});
      const st = await s.conn.sendRequest('workspace/executeCommand', { command: 'sendwell.stats', arguments: [euri] });
      assert(st && st.channel === 'email' && st.limit === null, `stats ${JSON.stringify(st)}`);
    });
    await check(`[${enc}] shutdown + exit ends the process with code 0`, async () => {
      const code = await s.stop();
      assert(code === 0, `exit code ${code}`);
    });
  }
}

try {
  await main();
} catch (err) {
  failed++;
  out(`FAIL protocol crashed: ${err && err.stack ? err.stack : err}`);
}
out(`protocol: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
