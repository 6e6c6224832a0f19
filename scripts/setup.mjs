#!/usr/bin/env node
// Runs before `npm start` and `npm test` (npm's pre-scripts), so a fresh clone needs only those two
// commands: it installs npm dependencies, the Debian packages IRIS uses (as root), and builds the web app.
// Only Node built-ins here: this runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const forTests = process.argv.includes('--for-tests');

// Media for the voice role; the test suites also drive real SIP peers and a real browser.
const DEBIAN_FOR_START = {
  rtpengine: ['rtpengine-daemon', 'rtpengine-utils', 'rtpengine-recording-daemon'],
  // Say: local text-to-speech; sox converts prompts to 8 kHz for calls.
  'espeak-ng': ['espeak-ng'],
  sox: ['sox'],
};
const DEBIAN_FOR_TESTS = {
  ...DEBIAN_FOR_START,
  sipp: ['sip-tester'],
  baresip: ['baresip'],
  chromium: ['chromium'],
  sox: ['sox'],
};

function log(message) {
  console.log(`[setup] ${message}`);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`[setup] IRIS needs Node.js 20.19 or newer; this is ${process.version}.`);
    process.exit(1);
  }
}

function installNpmDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function installDebianPackages(wanted) {
  const missing = Object.entries(wanted)
    .filter(([command]) => !onPath(command))
    .flatMap(([, packages]) => packages);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    log(
      `not installed: ${missing.join(', ')} (install them with your package manager; running as root on Debian installs them)`,
    );
    if (forTests) process.exit(1);
    return;
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

function buildWebApp() {
  const web = join(root, 'apps', 'web');
  if (!existsSync(join(web, 'vite.config.ts'))) return;
  const built = join(web, 'dist', 'index.html');
  if (existsSync(built) && newestMtime(web, ['dist', 'node_modules']) <= statSync(built).mtimeMs) return;
  log('building the web app');
  run('npm', ['run', 'build', '-w', 'apps/web']);
}

function newestMtime(dir, skip) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs);
  }
  return newest;
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

checkNode();
installNpmDependencies();
installDebianPackages(forTests ? DEBIAN_FOR_TESTS : DEBIAN_FOR_START);
buildWebApp();
