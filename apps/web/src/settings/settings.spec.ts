import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SETTINGS, documentAttributes, parseSettings } from './settings';

describe('remembered settings', () => {
  it('reads back what was saved', () => {
    const saved = { motion: 'reduce', contrast: 'more', textSize: 200, font: 'readable' };
    expect(parseSettings(JSON.stringify(saved))).toEqual(saved);
  });

  it('falls back to the defaults for nothing, broken JSON or a non-object', () => {
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('"text"')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('null')).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps the good fields of a damaged entry and defaults the rest', () => {
    const damaged = { motion: 'reduce', contrast: 'neon', textSize: 300, font: 42 };
    expect(parseSettings(JSON.stringify(damaged))).toEqual({
      ...DEFAULT_SETTINGS,
      motion: 'reduce',
    });
    expect(parseSettings(JSON.stringify({ textSize: 150 }))).toEqual({
      ...DEFAULT_SETTINGS,
      textSize: 150,
    });
  });

  it('names the attributes the stylesheet keys on', () => {
    expect(documentAttributes({ ...DEFAULT_SETTINGS, contrast: 'more', font: 'readable' })).toEqual(
      {
        'data-motion': 'system',
        'data-contrast': 'more',
        'data-font': 'readable',
      },
    );
  });
});
