/**
 * The nulls' names, apart from nulls.ts so that the page can list them without loading the Monte Carlo code (and
 * with it TensorFlow.js) on the main thread.
 */
export type NullName = 'isotropic' | 'subspace' | 'covariance' | 'rotation';
export const NULL_NAMES: NullName[] = ['isotropic', 'subspace', 'covariance', 'rotation'];
