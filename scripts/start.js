// `npm start`: build, then open the desktop app. Where the Electron binary cannot be had (it is
// downloaded from GitHub on first use, outside the npm registry), start Steward headless and
// print the address to open in a browser instead: the same engine and the same UI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;

function run(args, options = {}) {
  return spawnSync(node, args, { cwd: root, stdio: 'inherit', ...options });
}

function electronBinary() {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const binary = () => (existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null);
  if (binary() && existsSync(binary())) return binary();
  console.log('Fetching the Electron binary (first run only)…');
  const fetched = run([join(pkgDir, 'install.js')], { timeout: 5 * 60_000 });
  return fetched.status === 0 && binary() && existsSync(binary()) ? binary() : null;
}

const build = run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = electronBinary();
const child = electron
  ? spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  : (console.log(
      '\nElectron could not be installed on this machine, so Steward starts headless.\n' +
        'Open the address below in your browser; stop it with Ctrl+C.\n',
    ),
    spawn(node, [join(root, 'bin/steward.js'), 'host', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
