import { describe, expect, it } from 'vitest';
import { defaultOptions, optionsFragment, readLinkOptions, withOptions } from '../../src/share/options.ts';
import { makeFragment, readLink } from '../../src/share/link.ts';
import { presetSpec } from '../../src/core/spec/experiment.ts';

describe('link options: run=0, view=presenter, lesson=N', () => {
  it('reads each option beside a spec, and its absence as the default', () => {
    expect(readLinkOptions('#spec=1.abc&hide=backend&run=0&view=presenter&lesson=3', 5)).toEqual({
      options: { run: false, view: 'presenter', lesson: 3 }, problems: [],
    });
    expect(readLinkOptions('#spec=1.abc', 5)).toEqual({ options: defaultOptions(), problems: [] });
    expect(readLinkOptions('', 5).options).toEqual({ run: true, view: 'notebook', lesson: null });
    expect(readLinkOptions('lesson=2&run=0', 5).options).toEqual({ run: false, view: 'notebook', lesson: 2 });
  });

  it('a value it does not understand is reported and read as the default', () => {
    const { options, problems } = readLinkOptions('#run=maybe&view=huge&lesson=9', 5);
    expect(options).toEqual({ run: true, view: 'notebook', lesson: 1 });
    expect(problems).toHaveLength(3);
    expect(problems[2]).toMatch(/lesson=9 is not a step from 1 to 5/);
  });

  it('writes only what differs from the defaults, and replaces the options of a fragment keeping its spec', async () => {
    expect(optionsFragment(defaultOptions())).toBe('');
    const fragment = await makeFragment(presetSpec('tiny'), ['backend']);
    const withAll = withOptions(`#${fragment}&view=notebook`, { run: false, view: 'presenter', lesson: 3 });
    expect(withAll).toBe(`${fragment}&run=0&view=presenter&lesson=3`);
    expect(withOptions(withAll, defaultOptions())).toBe(fragment);
    // The spec part still opens: options are parts the link reader ignores.
    const link = await readLink(withAll);
    expect(link?.ok && link.spec.transformer).toEqual(presetSpec('tiny').transformer);
  });
});
