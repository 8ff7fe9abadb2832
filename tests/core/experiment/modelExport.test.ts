import { describe, expect, it } from 'vitest';
import { decodeTransformer, transformerConfig } from '../../../src/core/io/transformerFiles.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import type { FromWorker } from '../../../src/worker/protocol.ts';
import { TransformerRun } from '../../../src/worker/transformerRun.ts';
import { useBackend } from '../../helpers/backend.ts';

describe('the transformer download', () => {
  it('is refused while a step may run, then holds exactly the model\'s weights and the CLI\'s config.json', async () => {
    await useBackend('wasm');
    const spec = { ...transformerPresets.tiny, steps: 4, evalEvery: 2 };
    const run = new TransformerRun(spec, 1, (_m: FromWorker) => undefined);
    await expect(run.files()).rejects.toThrow(/pause or stop/);
    await run.start();
    const { step, files } = await run.files();
    expect(step).toBe(4);
    expect(files.map((f) => `${f.folder}/${f.name}`)).toEqual(['transformer/model.safetensors', 'transformer/config.json']);
    const config = JSON.parse(new TextDecoder().decode(files[1].bytes));
    expect(config).toEqual(JSON.parse(JSON.stringify(transformerConfig(spec))));
    const back = decodeTransformer(config, files[0].bytes);
    expect(back.spec).toEqual(spec);
    expect(back.weights).toEqual(await run.source().model.weights());
    await run.dispose();
  });
});
