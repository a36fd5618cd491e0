// `npm start`: build, then open the desktop app. Where the Electron binary cannot be had (it is
// downloaded from GitHub on first use, outside the npm registry), start Steward headless and
// print the address to open in a browser instead: the same engine and the same UI.
//
// Arguments after `--` go to Electron. One of them is read here too:
//   npm start -- --no-sandbox   development only: Electron without the Chromium sandbox, for a
//                               Linux that forbids it (see scripts/electron-sandbox.js). It is
//                               never added by this script, and it is announced loudly.
// Environment:
//   STEWARD_ELECTRON=/path/to/electron   use this Electron binary (a system package, a test)
//   STEWARD_SKIP_BUILD=1                 use the existing out/ as it is
//
// The exit code is Electron's, or 128 + the signal's number when Electron was killed by one
// (a sandbox abort on Ubuntu), never 0 for a crash.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCodeFor, linuxSandboxCheck, NO_SANDBOX_WARNING } from './electron-sandbox.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const electronArgs = process.argv.slice(2);

function run(args, options = {}) {
  return spawnSync(node, args, { cwd: root, stdio: 'inherit', ...options });
}

function electronPackageDir() {
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

function electronBinary() {
  if (process.env.STEWARD_ELECTRON) return existsSync(process.env.STEWARD_ELECTRON) ? process.env.STEWARD_ELECTRON : null;
  const pkgDir = electronPackageDir();
  const pathFile = join(pkgDir, 'path.txt');
  const binary = () => (existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null);
  if (binary() && existsSync(binary())) return binary();
  console.log('Fetching the Electron binary (first run only)…');
  // Its output stays on the terminal: the download shows a progress bar there when it is slow.
  const fetched = run([join(pkgDir, 'install.js')], { timeout: 5 * 60_000 });
  if (fetched.status !== 0) {
    console.log(
      'The Electron download from GitHub failed (the error is just above). A network that reaches github.com fixes it, ' +
        'or set STEWARD_ELECTRON=/path/to/electron to use an Electron you have.',
    );
  }
  return fetched.status === 0 && binary() && existsSync(binary()) ? binary() : null;
}

function sandboxCheck(binary) {
  return linuxSandboxCheck({
    platform: process.platform,
    electronDir: dirname(binary),
    binary,
    readText: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    stat: (path) => {
      try {
        const { uid, mode } = statSync(path);
        return { uid, mode };
      } catch {
        return null;
      }
    },
  });
}

if (process.env.STEWARD_SKIP_BUILD !== '1') {
  const build = run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
  if (build.status !== 0) process.exit(exitCodeFor(build.status, build.signal));
}

const electron = electronBinary();
let sandbox = null;
let child;
if (electron) {
  sandbox = sandboxCheck(electron);
  if (electronArgs.includes('--no-sandbox')) console.warn(NO_SANDBOX_WARNING);
  else if (sandbox.advice) console.warn(`\nWarning: Electron will probably not start here.\n${sandbox.advice}\n`);
  child = spawn(electron, ['.', ...electronArgs], { cwd: root, stdio: 'inherit' });
} else {
  console.log(
    '\nElectron could not be installed on this machine, so Steward starts headless.\n' +
      'Open the address below in your browser; stop it with Ctrl+C.\n',
  );
  child = spawn(node, [join(root, 'bin/steward.js'), 'host', ...electronArgs], { cwd: root, stdio: 'inherit' });
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`Could not start ${electron ?? 'steward host'}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  const exitCode = exitCodeFor(code, signal);
  if (signal && !stopping) {
    console.error(`\n${electron ? 'Electron' : 'steward host'} was stopped by ${signal} (exit code ${exitCode}).`);
    if (sandbox?.advice) console.error(`The likely cause:\n${sandbox.advice}`);
  }
  process.exit(exitCode);
});
