// Runs `npm ci` unless node_modules was installed from the current package-lock.json.
// The stamp (node_modules/.patchline-lock.sha256) holds the lock file's hash after a successful install, so a
// rebuild does not reinstall, and a changed lock file or a fresh clone does.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.argv[2] || 'npm';
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.patchline-lock.sha256');
const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) {
  console.log('node_modules is up to date with package-lock.json; skipping npm ci');
  process.exit(0);
}
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
if (result.error) {
  console.error(`cannot run ${npm}: ${result.error.message}. Install Node.js 20.19+ and npm.`);
  process.exit(1);
}
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, hash + '\n');
