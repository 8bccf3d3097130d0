import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MissingPathError, type WalkFs, discoverFiles } from '../../src/cli/discover';
import { compileExcludes } from '../../src/cli/glob';
import { FIXTURES_REL, REPO } from './support/paths';

const TEMPLATE = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n';

describe('cli file discovery', () => {
  it('walks folders recursively in sorted order, skipping dot, dependency and build folders', async () => {
    const { files } = await discoverFiles([`${FIXTURES_REL}/project`], { cwd: REPO });
    assert.deepEqual(
      files.map((f) => f.file),
      ['malformed.yaml', 'nested/deeper/logging.template', 'not-cloudformation.yaml', 'stack.json', 'violating.yaml'].map((f) => `${FIXTURES_REL}/project/${f}`),
    );
    assert.ok(files.every((f) => !f.explicit && path.isAbsolute(f.absolutePath)));
  });

  it('takes named files whatever their extension, once, and marks them explicit', async () => {
    const named = `${FIXTURES_REL}/project/nested/README.md`;
    const { files } = await discoverFiles([named, `${FIXTURES_REL}/project/stack.json`, `./${FIXTURES_REL}/project/stack.json`], { cwd: REPO });
    assert.deepEqual(files.map((f) => [f.file, f.explicit]), [
      [named, true],
      [`${FIXTURES_REL}/project/stack.json`, true],
    ]);
  });

  it('walks a dot folder that is named explicitly', async () => {
    const { files } = await discoverFiles([`${FIXTURES_REL}/project/.aws-sam`], { cwd: REPO });
    assert.deepEqual(files.map((f) => f.file), [`${FIXTURES_REL}/project/.aws-sam/build/template.yaml`]);
  });

  it('applies --exclude to folders and files', async () => {
    const { files } = await discoverFiles([`${FIXTURES_REL}/project`], { cwd: REPO, exclude: compileExcludes(['nested', '*.json']) });
    assert.deepEqual(files.map((f) => path.basename(f.file)), ['malformed.yaml', 'not-cloudformation.yaml', 'violating.yaml']);
  });

  it('throws MissingPathError for a path that does not exist', async () => {
    await assert.rejects(discoverFiles(['no/such/dir'], { cwd: REPO }), (e: unknown) => e instanceof MissingPathError && e.message === 'no such file or folder: no/such/dir');
  });

  describe('with symbolic links', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-discover-'));
      fs.mkdirSync(path.join(dir, 'infra', 'node_modules', 'pkg'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'infra', 'a.yaml'), TEMPLATE);
      fs.writeFileSync(path.join(dir, 'infra', 'node_modules', 'pkg', 'template.yaml'), TEMPLATE);
      fs.symlinkSync('..', path.join(dir, 'infra', 'loop'), 'dir');
      fs.symlinkSync(path.join(dir, 'infra', 'a.yaml'), path.join(dir, 'infra', 'b-link.yaml'));
      fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'infra', 'dangling.yaml'));
      fs.mkdirSync(path.join(dir, 'shared'));
      fs.writeFileSync(path.join(dir, 'shared', 'c.yaml'), TEMPLATE);
      fs.symlinkSync(path.join(dir, 'shared'), path.join(dir, 'infra', 'shared-link'), 'dir');
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('follows links to files, never lists a file twice, and follows no link to a folder outside the paths given', async () => {
      const found = await discoverFiles(['infra'], { cwd: dir });
      assert.deepEqual(found.files.map((f) => f.file), ['infra/a.yaml']);
      assert.deepEqual(found.notes, [`infra/loop is a link to ${fs.realpathSync(dir)}, outside the paths given; not followed`, `infra/shared-link is a link to ${fs.realpathSync(path.join(dir, 'shared'))}, outside the paths given; not followed`]);
      assert.deepEqual(found.failures, [{ file: 'infra/dangling.yaml', error: 'cannot follow this symbolic link (ENOENT: it does not exist)' }]);
    });

    it('follows a link to a folder inside the paths given, and walks each folder once', async () => {
      const found = await discoverFiles(['.'], { cwd: dir, exclude: compileExcludes(['dangling.yaml']) });
      // `loop` leads back to the folder given, walked already; `shared-link` to shared, walked once.
      assert.deepEqual(found.files.map((f) => f.file), ['infra/a.yaml', 'infra/shared-link/c.yaml']);
      assert.deepEqual([found.notes, found.failures], [[], []]);
    });
  });

  it('reports a folder it cannot list as a failure, and keeps walking the others', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const walkFs: WalkFs = {
      ...fs.promises,
      readdir: ((folder: fs.PathLike, options: never) => (String(folder).endsWith('nested') ? Promise.reject(denied) : fs.promises.readdir(folder, options))) as WalkFs['readdir'],
    };
    const found = await discoverFiles([`${FIXTURES_REL}/project`], { cwd: REPO, fs: walkFs });
    assert.deepEqual(found.failures, [{ file: `${FIXTURES_REL}/project/nested`, error: 'cannot list this folder (EACCES: permission denied)' }]);
    assert.deepEqual(found.files.map((f) => path.basename(f.file)), ['malformed.yaml', 'not-cloudformation.yaml', 'stack.json', 'violating.yaml']);
  });
});
