// `npm run package`: type-check, bundle and package the extension as a .vsix.
//
//   npm run package                      -> sendwell-<version>.vsix (uses sendwell.server.path or PATH)
//   SENDWELL_BUNDLE_BIN=../../target/release/sendwell npm run package
//                                        -> sendwell-<platform>-<version>.vsix carrying server/sendwell
//   npm run package -- --out /tmp/x.vsix -> choose the output file
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

const argv = process.argv.slice(2);
const outIdx = argv.indexOf('--out');
const bundleBin = process.env.SENDWELL_BUNDLE_BIN;

run(bin('tsc'), ['--noEmit', '-p', '.']);

fs.rmSync('server', { recursive: true, force: true });
const vsceArgs = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository'];
let out = `${pkg.name}-${pkg.version}.vsix`;
if (bundleBin) {
  const target = `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
  const exe = process.platform === 'win32' ? 'sendwell.exe' : 'sendwell';
  fs.mkdirSync('server');
  fs.copyFileSync(path.resolve(bundleBin), path.join('server', exe));
  fs.chmodSync(path.join('server', exe), 0o755);
  vsceArgs.push('--target', target);
  out = `${pkg.name}-${target}-${pkg.version}.vsix`;
}
if (outIdx >= 0) out = argv[outIdx + 1];
vsceArgs.push('--out', out);
try {
  run(bin('vsce'), vsceArgs); // runs `vscode:prepublish` (production bundle) first
} finally {
  if (bundleBin) fs.rmSync('server', { recursive: true, force: true });
}
console.log(`packaged ${path.resolve(out)}`);
