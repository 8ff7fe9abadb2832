import type { Stabiliser } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

export const plain: Stabiliser = {
  ...stabiliserInfo.plain,
  plan: () => ({ dispose: () => {} }),
};
