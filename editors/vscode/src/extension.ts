import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';

/** What `workspace/executeCommand sendwell.stats` answers for a draft. */
export interface DraftStats {
  channel: string;
  used: number;
  limit: number | null;
  unit: string;
  words?: number;
}

/** Channels offered by "Sendwell: New Draft", with the front-matter they start with. */
const CHANNELS: { id: string; label: string; detail: string; frontMatter: string[]; body: string }[] = [
  {
    id: 'connection-note',
    label: 'Connection note',
    detail: 'LinkedIn invitation note · 300 characters (200 on a free plan)',
    frontMatter: ['channel: connection-note', 'to: ', 'company: '],
    body: 'Hi {first_name}, ',
  },
  {
    id: 'inmail',
    label: 'InMail',
    detail: 'LinkedIn InMail · subject up to 200, body up to 1,900 characters',
    frontMatter: ['channel: inmail', 'to: ', 'company: ', 'subject: '],
    body: 'Hi {first_name},\n\n',
  },
  {
    id: 'open-profile',
    label: 'Open Profile message',
    detail: 'Free message to an Open Profile member · subject and body like an InMail',
    frontMatter: ['channel: open-profile', 'to: ', 'company: ', 'subject: '],
    body: 'Hi {first_name},\n\n',
  },
  {
    id: 'message',
    label: 'Direct message',
    detail: 'LinkedIn message to a connection (dm)',
    frontMatter: ['channel: message', 'to: '],
    body: 'Hi {first_name}, ',
  },
  {
    id: 'follow-up',
    label: 'Follow-up',
    detail: 'A nudge after no reply',
    frontMatter: ['channel: follow-up', 'to: '],
    body: 'Hi {first_name}, ',
  },
  {
    id: 'email',
    label: 'Cold email',
    detail: 'Email with a subject line',
    frontMatter: ['channel: email', 'to: ', 'company: ', 'subject: '],
    body: 'Hi {first_name},\n\n',
  },
];

const INSTALL_HINT =
  'Sendwell: the `sendwell` language server was not found on PATH. Install it from a checkout of the ' +
  'Sendwell repository with `cargo install --path .` and reload the window, or set "sendwell.server.path" ' +
  'to the binary.';

let client: LanguageClient | undefined;
/** The binary the client started: `sendwell explain` runs the same one. */
let serverPath: string | undefined;
/** The client command a hover card's "More" link runs (the server is told its name). */
const EXPLAIN_RULE = 'sendwell.explainRule';
let output: vscode.OutputChannel;
let statusBar: vscode.StatusBarItem;
let statsTimer: NodeJS.Timeout | undefined;
let statsSeq = 0;

function exeName(): string {
  return process.platform === 'win32' ? 'sendwell.exe' : 'sendwell';
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Server lookup order: the binary bundled in the extension (`server/sendwell`),
 * the `sendwell.server.path` setting, `sendwell` on PATH.
 */
export function resolveServer(extensionPath: string): { path: string; from: string } | { error: string } {
  const bundled = path.join(extensionPath, 'server', exeName());
  if (fs.existsSync(bundled) && !isExecutable(bundled)) {
    try {
      fs.chmodSync(bundled, 0o755); // some unzip paths drop the executable bit
    } catch {}
  }
  if (isExecutable(bundled)) return { path: bundled, from: 'bundled with the extension' };

  const configured = vscode.workspace.getConfiguration('sendwell').get<string>('server.path', '').trim();
  if (configured) {
    let p = expandHome(configured);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!path.isAbsolute(p) && folder) p = path.join(folder, p);
    if (isExecutable(p)) return { path: p, from: 'sendwell.server.path' };
    return { error: `Sendwell: "sendwell.server.path" is set to ${configured}, which is not an executable file.` };
  }

  const onPath = findOnPath(exeName());
  if (onPath) return { path: onPath, from: 'PATH' };
  return { error: INSTALL_HINT };
}

/** The `sendwell` section as the server expects it (client-only keys removed). */
function serverSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('sendwell');
  const settings: Record<string, unknown> = {};
  const plan = cfg.get<string>('plan', '');
  if (plan) settings.plan = plan;
  settings.rules = cfg.get<Record<string, string>>('rules', {});
  settings.allow = cfg.get<string[]>('allow', []);
  const channels = cfg.get<Record<string, unknown>>('channels', {});
  if (channels && Object.keys(channels).length > 0) settings.channels = channels;
  return settings;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const found = resolveServer(context.extensionPath);
  if ('error' in found) {
    output.appendLine(found.error);
    void vscode.window.showErrorMessage(found.error, 'Open Settings', 'Show Output').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'sendwell.server.path');
      } else if (choice === 'Show Output') {
        output.show(true);
      }
    });
    return;
  }
  output.appendLine(`Starting ${found.path} lsp (${found.from})`);
  serverPath = found.path;

  // No `transport` here: TransportKind.stdio would append `--stdio` to the arguments.
  const serverOptions: ServerOptions = {
    command: found.path,
    args: ['lsp'],
    options: { env: { ...process.env, RUST_BACKTRACE: '1' } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'plaintext' },
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // `explainCommand`: hover cards link "More" to it; only it may run from a hover's links.
    initializationOptions: { ...serverSettings(), explainCommand: EXPLAIN_RULE },
    markdown: { isTrusted: { enabledCommands: [EXPLAIN_RULE] } },
    synchronize: { configurationSection: 'sendwell' },
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for `sendwell` with the server's keys only.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, i) =>
            item.section === 'sendwell' ? serverSettings() : result[i],
          );
        },
      },
    },
  };

  const c = new LanguageClient('sendwell', 'Sendwell', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped) statusBar.hide();
    else if (e.newState === State.Running) scheduleStats(0);
  });
  try {
    await c.start();
  } catch (err) {
    const msg = `Sendwell: the language server (${found.path}) failed to start: ${String(err)}`;
    output.appendLine(msg);
    void vscode.window.showErrorMessage(msg, 'Show Output').then((choice) => {
      if (choice) output.show(true);
    });
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch (err) {
      output.appendLine(`Stopping the server: ${String(err)}`);
    }
  }
}

function isCandidate(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && (doc.languageId === 'markdown' || doc.languageId === 'plaintext') &&
    (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

async function serverCommand<T>(command: string, doc: vscode.TextDocument): Promise<T | null> {
  if (!client || !client.isRunning()) throw new Error('the Sendwell server is not running');
  return client.sendRequest(ExecuteCommandRequest.type, {
    command,
    arguments: [client.code2ProtocolConverter.asUri(doc.uri)],
  }) as Promise<T | null>;
}

function scheduleStats(delay = 250): void {
  if (statsTimer) clearTimeout(statsTimer);
  statsTimer = setTimeout(() => void refreshStats(), delay);
}

export function formatStats(s: DraftStats): { text: string; over: boolean } {
  const over = s.limit != null && s.used > s.limit;
  const text = s.limit != null ? `${s.used}/${s.limit}` : `${s.used}`;
  return { text, over };
}

async function refreshStats(): Promise<void> {
  const seq = ++statsSeq;
  const doc = vscode.window.activeTextEditor?.document;
  const enabled = vscode.workspace.getConfiguration('sendwell').get<boolean>('statusBar.enabled', true);
  if (!enabled || !isCandidate(doc) || !client || !client.isRunning()) {
    statusBar.hide();
    return;
  }
  let stats: DraftStats | null;
  try {
    stats = await serverCommand<DraftStats>('sendwell.stats', doc);
  } catch (err) {
    output.appendLine(`sendwell.stats failed: ${String(err)}`);
    stats = null;
  }
  if (seq !== statsSeq) return; // a newer refresh is under way
  if (!stats || typeof stats.used !== 'number') {
    statusBar.hide();
    return;
  }
  const { text, over } = formatStats(stats);
  statusBar.text = `$(mail) ${text}`;
  const unit = stats.unit === 'utf16' ? 'characters (UTF-16 units)' : stats.unit;
  const limit = stats.limit != null ? ` of ${stats.limit}` : '';
  const words = stats.words != null ? `, ${stats.words} words` : '';
  statusBar.tooltip = `Sendwell · ${stats.channel}: ${stats.used}${limit} ${unit}${words}${over ? ' — over the limit' : ''}`;
  statusBar.backgroundColor = over ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  statusBar.color = over ? new vscode.ThemeColor('statusBarItem.warningForeground') : undefined;
  statusBar.show();
}

async function copyMessage(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!isCandidate(doc)) {
    void vscode.window.showWarningMessage('Sendwell: open a draft (Markdown or text with “channel:” front-matter) first.');
    return;
  }
  try {
    const text = await serverCommand<string>('sendwell.render', doc);
    if (typeof text !== 'string') {
      void vscode.window.showWarningMessage('Sendwell: this file is not a draft (its front-matter has no “channel:”).');
      return;
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Sendwell: message copied (${text.length} characters)`, 4000);
  } catch (err) {
    void vscode.window.showErrorMessage(`Sendwell: could not render the message: ${String(err)}`);
  }
}

/** A rule's full text (`sendwell explain RULE`) in a read-only tab beside the draft. */
async function explainRule(ruleArg?: string): Promise<void> {
  const rule = ruleArg ?? (await vscode.window.showInputBox({
    title: 'Sendwell: Explain Rule',
    prompt: 'Rule ID, for example spam.trigger-word',
  }));
  if (!rule) return;
  if (!serverPath) {
    void vscode.window.showErrorMessage('Sendwell: the server binary was not found, so the rule cannot be explained.');
    return;
  }
  // From the workspace folder, so the rules of its sendwell.toml's packs are found too.
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  execFile(serverPath, ['explain', rule], { cwd, timeout: 10_000 }, (err, stdout, stderr) => {
    if (err && !stdout) {
      void vscode.window.showErrorMessage(`Sendwell: ${String(stderr || err.message).trim()}`);
      return;
    }
    void vscode.workspace
      .openTextDocument({ language: 'plaintext', content: stdout })
      .then((doc) => vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true }));
  });
}

export function draftTemplate(channelId: string): string {
  const ch = CHANNELS.find((c) => c.id === channelId);
  const front = ch ? ch.frontMatter : [`channel: ${channelId}`, 'to: '];
  return ['---', ...front, '---', ch ? ch.body : ''].join('\n');
}

async function newDraft(channelArg?: string): Promise<void> {
  let channel = channelArg;
  if (!channel) {
    const pick = await vscode.window.showQuickPick(
      CHANNELS.map((c) => ({ label: c.label, description: c.id, detail: c.detail, id: c.id })),
      { title: 'Sendwell: New Draft', placeHolder: 'Channel of the message' },
    );
    if (!pick) return;
    channel = pick.id;
  }
  const content = draftTemplate(channel);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  const editor = await vscode.window.showTextDocument(doc);
  // Cursor on the `to:` value, ready to type.
  const toLine = content.split('\n').findIndex((l) => l.startsWith('to:'));
  if (toLine >= 0) {
    const pos = new vscode.Position(toLine, 'to: '.length);
    editor.selection = new vscode.Selection(pos, pos);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Sendwell');
  statusBar = vscode.window.createStatusBarItem('sendwell.count', vscode.StatusBarAlignment.Right, 100);
  statusBar.name = 'Sendwell count';
  statusBar.command = 'sendwell.copyMessage';
  context.subscriptions.push(output, statusBar);

  context.subscriptions.push(
    vscode.commands.registerCommand('sendwell.copyMessage', copyMessage),
    vscode.commands.registerCommand('sendwell.newDraft', newDraft),
    vscode.commands.registerCommand(EXPLAIN_RULE, explainRule),
    vscode.commands.registerCommand('sendwell.restartServer', async () => {
      await stopClient();
      await startClient(context);
      vscode.window.setStatusBarMessage('Sendwell: server restarted', 3000);
    }),
    vscode.commands.registerCommand('sendwell.showOutput', () => output.show(true)),
    vscode.window.onDidChangeActiveTextEditor(() => scheduleStats(0)),
    // The server publishes after it has read a document: a good moment to (re)read the count.
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) scheduleStats(50);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) scheduleStats();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('sendwell.server.path')) {
        await stopClient();
        await startClient(context);
      } else if (e.affectsConfiguration('sendwell')) {
        scheduleStats();
      }
    }),
    { dispose: () => statsTimer && clearTimeout(statsTimer) },
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
