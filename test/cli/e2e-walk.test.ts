/**
 * The edges of `sop-lens lint` on the file system, end to end through bin/sop-lens.js: folders it cannot
 * list, links it must not follow, FIFOs and devices, and command lines it must refuse. Every case fails the
 * same way for any user, root included.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBundle, sopLens } from './support/run-cli';

const TRAIL = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      IsMultiRegionTrail: false\n';
const ONLY = ['--rules', 'cloudtrail-multi-region'];
const FINDING = /^trail\.yaml:6:27: error cloudtrail-multi-region /;

/**
 * A folder nested deeper than the system's longest path (PATH_MAX, 4096 on Linux): listing it fails with
 * ENAMETOOLONG, whoever asks. Built and removed by renames whose own paths stay short.
 */
function tooDeep(parent: string): { folder: string; remove: () => void } {
  const top = path.join(parent, 'deep');
  let current = path.join(parent, 'leaf');
  fs.mkdirSync(current);
  fs.writeFileSync(path.join(current, 'trail.yaml'), TRAIL);
  for (let level = 0; level < 24; level++) {
    const holder = path.join(parent, `holder-${level}`);
    fs.mkdirSync(holder);
    fs.renameSync(current, path.join(holder, String.fromCharCode(97 + level).repeat(200)));
    current = holder;
  }
  fs.renameSync(current, top);
  const remove = (): void => {
    // Lift the grandchild of `top` up one level until `top` holds nothing deeper than a path can name.
    for (;;) {
      const [child] = fs.readdirSync(top);
      if (child === undefined) break;
      const inner = path.join(top, child);
      if (!fs.statSync(inner).isDirectory()) break;
      const [grandchild] = fs.readdirSync(inner);
      if (grandchild === undefined || !fs.statSync(path.join(inner, grandchild)).isDirectory()) break;
      fs.renameSync(path.join(inner, grandchild), path.join(top, `lifted-${child.length}-${Date.now()}-${Math.random()}`));
      fs.rmSync(inner, { recursive: true, force: true });
    }
    fs.rmSync(top, { recursive: true, force: true });
  };
  return { folder: top, remove };
}

describe('sop-lens lint on the edges of the file system and the command line', function () {
  this.timeout(180_000);
  let tmp: string;
  let n = 0;
  const folder = (): string => {
    const dir = path.join(tmp, String(n++));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'trail.yaml'), TRAIL);
    return dir;
  };

  before(() => {
    ensureBundle();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-walk-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a folder that cannot be listed during the walk is an I/O error (2), after the other files are reported', () => {
    const dir = folder();
    const deep = tooDeep(dir);
    try {
      const r = sopLens(['lint', '.', ...ONLY], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^sop-lens: deep\/(holder|[a-z]{200}\/)[^\n]*: cannot list this folder \(ENAMETOOLONG: the path is too long\)\n$/);
      assert.match(r.stdout, FINDING);
      assert.match(r.stdout, /, 1 could not be linted\n$/);
    } finally {
      deep.remove();
    }
  });

  it('does not follow a link to a folder outside the paths given, and says so', () => {
    const dir = folder();
    fs.symlinkSync('/', path.join(dir, 'root'));
    fs.symlinkSync(os.tmpdir(), path.join(dir, 'tmp'));
    const r = sopLens(['lint', '.', ...ONLY], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `sop-lens: note: root is a link to /, outside the paths given; not followed\nsop-lens: note: tmp is a link to ${fs.realpathSync(os.tmpdir())}, outside the paths given; not followed\n`);
    assert.match(r.stdout, FINDING);
    assert.match(r.stdout, /in 1 file scanned\n$/);
  });

  it('skips a FIFO or a device with a note instead of reading it forever', () => {
    const dir = folder();
    const mkfifo = spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')], { encoding: 'utf8' });
    assert.equal(mkfifo.status, 0, `mkfifo: ${mkfifo.stderr}`);
    const walked = sopLens(['lint', '.', ...ONLY], { cwd: dir });
    assert.equal(walked.code, 1);
    assert.equal(walked.stderr, 'sop-lens: note: pipe.yaml is a FIFO (named pipe), not a file; skipped\n');
    const named = sopLens(['lint', 'trail.yaml', 'pipe.yaml', '/dev/zero', ...ONLY], { cwd: dir });
    assert.equal(named.code, 1);
    assert.equal(named.stderr, 'sop-lens: note: pipe.yaml is a FIFO (named pipe), not a file; skipped\nsop-lens: note: /dev/zero is a character device, not a file; skipped\n');
    assert.match(named.stdout, FINDING);
  });

  it('refuses --output naming one of the templates linted, and writes nothing', () => {
    const dir = folder();
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.writeFileSync(path.join(dir, 'infra', 'stack.yaml'), TRAIL);
    for (const [args, named] of [
      [['trail.yaml', '-o', 'trail.yaml'], 'trail.yaml'],
      [['.', '-o', './infra/stack.yaml'], 'infra/stack.yaml'],
      [['.', '--fix', '-f', 'json', '--output', path.join(dir, 'infra', '..', 'trail.yaml')], 'trail.yaml'],
    ] as const) {
      const r = sopLens(['lint', ...args, ...ONLY], { cwd: dir });
      assert.deepEqual(r, { code: 2, stdout: '', stderr: `sop-lens: --output ${args[args.length - 1]} names ${named}, one of the files being linted: write the report to another file\n` });
    }
    assert.equal(fs.readFileSync(path.join(dir, 'trail.yaml'), 'utf8'), TRAIL);
    assert.equal(fs.readFileSync(path.join(dir, 'infra', 'stack.yaml'), 'utf8'), TRAIL);
    // A report of an earlier run, found in the folder, is no template: writing over it is fine.
    assert.equal(sopLens(['lint', '.', ...ONLY, '-f', 'json', '-o', 'report.json'], { cwd: dir }).code, 1);
    assert.equal(sopLens(['lint', '.', ...ONLY, '-f', 'json', '-o', 'report.json'], { cwd: dir }).code, 1);
  });

  it('refuses an empty path and a bad --exclude pattern as usage errors, with no stack trace', () => {
    const dir = folder();
    assert.deepEqual(sopLens(['lint', ''], { cwd: dir }), { code: 2, stdout: '', stderr: 'sop-lens: `sop-lens lint` was given an empty path: name a file or folder (use . for the current folder)\n' });
    assert.deepEqual(sopLens(['lint', '.', '--exclude', 'stacks/[z-a]*.yaml'], { cwd: dir }), {
      code: 2,
      stdout: '',
      stderr: 'sop-lens: invalid --exclude pattern "stacks/[z-a]*.yaml": range out of order in character class; see --help for the patterns --exclude takes\n',
    });
  });

  it('says in --help which links the walk follows', () => {
    const help = sopLens(['--help']).stdout;
    assert.match(help, /Symbolic links to files are followed; a link to a folder is followed only when the\nfolder is inside one of the paths given/);
  });
});
