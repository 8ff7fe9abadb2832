/**
 * The store's slices that fold worker messages besides the run kinds' own (runKinds/): the backend, the sections
 * that show a run's results, and storage. One line per slice: lab.ts makes one store field per line and offers
 * every worker message to every slice, with the run kinds' slices as they were before the message.
 */
import type { FromWorker } from '../worker/protocol.ts';
import { backendFromUrl, backendReceive, startingBackend } from './backendSlice.ts';
import { type FeaturesState, featuresReceive, initialFeatures } from './featuresSlice.ts';
import { type FourierState, fourierReceive, initialFourier } from './fourierSlice.ts';
import type { RunKindStates } from './runKinds/index.ts';
import { initialStability, stabilityReceive } from './stabilitySlice.ts';
import { savedCheckpointSeconds } from './storageActions.ts';
import { initialStorage, storageReceive } from './storageSlice.ts';

interface SectionSlice<S> {
  initial(): S;
  /** `runs`: the run kinds' slices (a section shows the results of the run its kind's section shows). */
  receive(state: S, msg: FromWorker, runs: RunKindStates): S;
}

export const SECTION_SLICES = {
  backend: { initial: () => startingBackend(backendFromUrl(window.location.search)), receive: backendReceive },
  fourier: { initial: initialFourier, receive: (f: FourierState, msg: FromWorker, runs: RunKindStates) => fourierReceive(f, msg, runs.transformer.runId) },
  stability: { initial: initialStability, receive: stabilityReceive },
  features: { initial: initialFeatures, receive: (f: FeaturesState, msg: FromWorker, runs: RunKindStates) => featuresReceive(f, msg, runs.saes.runId) },
  storage: { initial: () => initialStorage(savedCheckpointSeconds()), receive: storageReceive },
} satisfies Record<string, SectionSlice<unknown>>;

type SectionName = keyof typeof SECTION_SLICES;
export type SectionStates = { [K in SectionName]: ReturnType<(typeof SECTION_SLICES)[K]['initial']> };

const SLICES: { [K in SectionName]: SectionSlice<SectionStates[K]> } = SECTION_SLICES;
const NAMES = Object.keys(SECTION_SLICES) as SectionName[];

export function initialSectionStates(): SectionStates {
  const out = {} as SectionStates;
  for (const name of NAMES) put(out, name, SLICES[name].initial());
  return out;
}

export function receiveSections(s: SectionStates & RunKindStates, msg: FromWorker): SectionStates {
  const out = {} as SectionStates;
  for (const name of NAMES) put(out, name, receiveOne(name, s[name], msg, s));
  return out;
}

const receiveOne = <K extends SectionName>(name: K, state: SectionStates[K], msg: FromWorker, runs: RunKindStates) => SLICES[name].receive(state, msg, runs);
const put = <K extends SectionName>(out: SectionStates, name: K, state: SectionStates[K]) => { out[name] = state; };
