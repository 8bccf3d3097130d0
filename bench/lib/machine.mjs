// What the numbers were measured on.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function cpuModel() {
  // os.cpus() gives a bare "AMD EPYC" on some VMs; /proc/cpuinfo may say more.
  const fromOs = os.cpus()[0]?.model?.trim();
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const name = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim();
    const mhz = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(info)?.[1];
    return { model: name || fromOs || 'unknown', mhz: mhz ? Math.round(Number(mhz)) : undefined };
  } catch {
    return { model: fromOs || 'unknown', mhz: os.cpus()[0]?.speed || undefined };
  }
}

function git(root, args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function machineInfo(root) {
  const cpu = cpuModel();
  const dirtySrc = git(root, ['status', '--porcelain', '--', 'src']);
  return {
    date: new Date().toISOString(),
    cpu: cpu.model,
    cpuMHz: cpu.mhz,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    commit: git(root, ['rev-parse', '--short', 'HEAD']),
    // The bench measures the working tree; say so when src/ differs from the commit.
    srcModified: dirtySrc === undefined ? undefined : dirtySrc.split('\n').filter(Boolean).length,
  };
}

export const loadAverage = () => os.loadavg().map((x) => Number(x.toFixed(2)));
