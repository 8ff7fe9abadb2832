/** Messages between the benchmark page (bench.html) and its worker. */
import type { BackendName } from '../../worker/protocol.ts';
import type { BenchReport } from '../report.ts';
import type { SuiteOptions } from '../suite.ts';

export type BenchRequest = { type: 'run'; backend: BackendName; options: Omit<SuiteOptions, 'backend'> };

export type BenchMessage =
  | { type: 'log'; line: string }
  | { type: 'report'; report: BenchReport }
  | { type: 'error'; message: string };
