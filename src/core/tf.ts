/**
 * The one place the core imports tfjs from. The union package registers every gradient and chained op
 * (x.reshape(...)) and loads in Node (CommonJS bundle) and in Vite (ESM) alike. Backends other than cpu/webgl are
 * registered by the hosts (worker, CLI, tests), never here, so the core stays backend-agnostic.
 */
export * from '@tensorflow/tfjs';
