import { type NodeBackend, startNodeBackend } from '../../cli/nodeBackend.ts';

/** Switches the tfjs backend for a test; fails loudly if the one asked for cannot start. */
export async function useBackend(name: NodeBackend): Promise<void> {
  const { backend } = await startNodeBackend(name);
  if (backend !== name) throw new Error(`wanted backend ${name}, got ${backend}`);
}
