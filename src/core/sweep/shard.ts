import { SpecError } from '../spec/fields.ts';

/**
 * Sharding a sweep over independent workers (a Slurm job array, a Kubernetes Indexed Job): shard i of N takes every
 * N-th cell starting at i (cell index mod N = i), so the shards cover every cell exactly once and each gets a mix of
 * the grid. Shard indices are 0-based.
 */

export interface Shard {
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };
const MAX_SHARDS = 100_000;

function shardOf(index: number, count: number, what: string): Shard {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) throw new SpecError(`${what}: the shard count must be an integer from 1 to ${MAX_SHARDS}; got ${count}`);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new SpecError(`${what}: the shard index must be an integer from 0 to ${count - 1}; got ${index}`);
  return { index, count };
}

/** Parses `i/N`, e.g. `0/4`. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new SpecError(`--shard must be i/N with 0 ≤ i < N, e.g. 0/4; got "${text}"`);
  return shardOf(Number(m[1]), Number(m[2]), `--shard ${text}`);
}

/** The environment variable a Kubernetes Indexed Job must set to its `completions` (Kubernetes sets only the index). */
export const K8S_COUNT_VARIABLE = 'JOB_COMPLETIONS';

const integer = (env: Record<string, string | undefined>, name: string): number | undefined => {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v.trim())) throw new SpecError(`${name} must be a non-negative integer; got "${v}"`);
  return Number(v);
};

/**
 * The shard a cluster scheduler assigned, from the environment: a Slurm job array (SLURM_ARRAY_TASK_ID,
 * SLURM_ARRAY_TASK_COUNT, and SLURM_ARRAY_TASK_MIN when the array does not start at 0) or a Kubernetes Indexed Job
 * (JOB_COMPLETION_INDEX, with JOB_COMPLETIONS set by the Job's template). Null when neither is present.
 */
export function shardFromEnv(env: Record<string, string | undefined>): Shard | null {
  const slurmId = integer(env, 'SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const count = integer(env, 'SLURM_ARRAY_TASK_COUNT');
    if (count === undefined) throw new SpecError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: submit the sweep as a job array (sbatch --array=0-(N-1))');
    const min = integer(env, 'SLURM_ARRAY_TASK_MIN') ?? 0;
    const max = integer(env, 'SLURM_ARRAY_TASK_MAX');
    if (max !== undefined && max - min + 1 !== count) {
      throw new SpecError(`the job array ${min}-${max} has gaps or a step (${count} tasks): submit it as --array=0-${count - 1} so task ids number the shards`);
    }
    return shardOf(slurmId - min, count, 'SLURM_ARRAY_TASK_ID');
  }
  const k8sIndex = integer(env, 'JOB_COMPLETION_INDEX');
  if (k8sIndex !== undefined) {
    const count = integer(env, K8S_COUNT_VARIABLE);
    if (count === undefined) throw new SpecError(`JOB_COMPLETION_INDEX is set but ${K8S_COUNT_VARIABLE} is not: set it in the Job's pod template to spec.completions (docs/scale.md)`);
    return shardOf(k8sIndex, count, 'JOB_COMPLETION_INDEX');
  }
  return null;
}

/** The items of one shard, in order. */
export const shardItems = <T extends { index: number }>(items: T[], shard: Shard): T[] => items.filter((c) => c.index % shard.count === shard.index);

export const describeShard = (s: Shard): string => `${s.index}/${s.count}`;
