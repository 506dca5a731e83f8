import { describe, expect, it } from '@jest/globals';
import { COLLAB_CLOSE } from '@commonplace/shared';
import { isPermanentClose } from './use-collab-doc';

describe('which closes the document connection retries', () => {
  it('stops for closes that reconnecting cannot fix', () => {
    expect(isPermanentClose(COLLAB_CLOSE.unauthorized.code)).toBe(true);
    expect(isPermanentClose(COLLAB_CLOSE.forbidden.code)).toBe(true);
    expect(isPermanentClose(COLLAB_CLOSE.notFound.code)).toBe(true);
    // An unknown code in the refusal range is treated as a refusal.
    expect(isPermanentClose(4498)).toBe(true);
  });

  it('reconnects after passing trouble and after an access change (locked, unlocked)', () => {
    expect(isPermanentClose(COLLAB_CLOSE.accessChanged.code)).toBe(false);
    expect(isPermanentClose(COLLAB_CLOSE.malformed.code)).toBe(false);
    expect(isPermanentClose(COLLAB_CLOSE.tooLarge.code)).toBe(false);
    expect(isPermanentClose(COLLAB_CLOSE.tooFast.code)).toBe(false);
    expect(isPermanentClose(COLLAB_CLOSE.shuttingDown.code)).toBe(false);
    expect(isPermanentClose(1006)).toBe(false);
  });
});
