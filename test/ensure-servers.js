// Runs before the tests (first step of `npm test`): makes sure the programs behind the real test
// servers are installed, installing them when it can, and that we run as root, which the Dovecot
// setup in test/servers/dovecot.ts needs. Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Each program the harness runs, and the Debian package that provides it. */
const REQUIRED = [
  { program: 'dovecot', pkg: 'dovecot-imapd' },
  { program: 'doveadm', pkg: 'dovecot-imapd' },
  { program: 'gnome-keyring-daemon', pkg: 'gnome-keyring' },
  { program: 'dbus-daemon', pkg: 'dbus' },
  { program: 'secret-tool', pkg: 'libsecret-tools' },
  { program: 'radicale', pkg: 'radicale' },
  { program: '/usr/bin/chromium', pkg: 'chromium' },
];
/** Installed together, always: the set ENVIRONMENT.md verified and .ci/run installs. */
const PACKAGES = ['dovecot-imapd', 'gnome-keyring', 'dbus', 'libsecret-tools', 'radicale', 'chromium'];

const isRoot = process.getuid?.() === 0;

let missing = findMissing();
let installed = false;
if (missing.length > 0 && isRoot && existsSync('/usr/bin/apt-get')) {
  console.log(`ensure-servers: ${missing.map((m) => m.program).join(', ')} missing; installing the Debian packages for the test servers:`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...PACKAGES]);
  installed = true;
  missing = findMissing();
}

const problems = [];
if (missing.length > 0) {
  problems.push(
    `Missing: ${missing.map((m) => m.program).join(', ')} (from ${[...new Set(missing.map((m) => m.pkg))].join(', ')}).\n` +
      (installed
        ? '  apt-get installed the packages but these are still not there: check `dpkg -L <package>` for where they went.'
        : `  Install them with:\n    sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(' ')}`),
  );
}
if (!isRoot) {
  problems.push(
    'Not running as root. The tests start a real Dovecot whose login processes run as dovenull and whose mail\n' +
      '  belongs to nobody:nogroup, and only a Dovecot started by root can switch to those users.\n' +
      '  Run the tests as root: `sudo npm test` (in CI, run .ci/run as root).',
  );
}
if (problems.length > 0) {
  console.error(`ensure-servers: the test servers cannot run here.\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`ensure-servers: ${REQUIRED.map((r) => r.program).join(', ')} present; running as root.`);

function findMissing() {
  return REQUIRED.filter(({ program }) => !isExecutable(program));
}

/** Looks on PATH and in the sbin dirs, which a non-root PATH often leaves out (dovecot is in /usr/sbin). */
function isExecutable(program) {
  const candidates = program.includes('/')
    ? [program]
    : [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter(Boolean).map((dir) => join(dir, program));
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function run(command, args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`$ DEBIAN_FRONTEND=noninteractive ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`ensure-servers: \`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit code ${result.status}`}). Install the packages by hand: apt-get install -y ${PACKAGES.join(' ')}`);
    process.exit(1);
  }
}
