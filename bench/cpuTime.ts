/**
 * CPU time of this process's descendants — the browser a benchmark launched, its renderer, GPU and utility
 * processes, with all their threads — from Linux's /proc. Wall time stretches when other jobs share the cores; CPU
 * time much less, so it bounds what a run would take on an idle machine (docs/benchmarks.md, "The teaching preset").
 * null where /proc cannot be read.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat's times on Linux

interface ProcStat {
  ppid: number;
  /** utime + stime, in ticks: the process's threads, on any core. */
  ticks: number;
}

function statOf(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": fields after the command name, which may hold spaces; field n (1-based) is at n − 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[4 - 3]), ticks: Number(fields[14 - 3]) + Number(fields[15 - 3]) };
  } catch {
    return null; // exited meanwhile
  }
}

export function descendantCpuSeconds(root = process.pid): number | null {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return null;
  }
  const stats = new Map<number, ProcStat>();
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const s = statOf(pid);
    if (!s) continue;
    stats.set(pid, s);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  let ticks = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    ticks += stats.get(pid)!.ticks;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}
