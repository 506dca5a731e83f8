import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AppLogger } from './app-logger.js';
import { escapeLogText } from './log-text.js';

const FORGED = 'doc \u0000\n2026-12-07 ERROR [Auth] admin signed in\u001b[2J\u202Edone';

describe('escaping values written to the log', () => {
  it('shows control characters and bidi controls as escapes, so nothing starts a line of its own', () => {
    expect(escapeLogText(FORGED)).toBe(
      'doc \\x00\\n2026-12-07 ERROR [Auth] admin signed in\\x1b[2J\\u202edone',
    );
  });

  it('keeps the frames of a stack trace on their own lines', () => {
    const stack = 'Error: bad \u001b[2J id\n    at decide (collab.endpoint.ts:1:1)\n    at admit';
    expect(escapeLogText(stack)).toBe(
      'Error: bad \\x1b[2J id\n    at decide (collab.endpoint.ts:1:1)\n    at admit',
    );
  });
});

describe('the app logger', () => {
  const written: string[] = [];
  const originalStdout = process.stdout.write.bind(process.stdout);
  const originalStderr = process.stderr.write.bind(process.stderr);
  const noColor = process.env['NO_COLOR'];

  beforeEach(() => {
    written.length = 0;
    process.env['NO_COLOR'] = '1';
    const capture = (chunk: string | Uint8Array): boolean => {
      written.push(chunk.toString());
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
  });

  afterEach(() => {
    process.stdout.write = originalStdout;
    process.stderr.write = originalStderr;
    if (noColor === undefined) delete process.env['NO_COLOR'];
    else process.env['NO_COLOR'] = noColor;
  });

  it('writes one line per message, whatever the message holds', () => {
    const logger = new AppLogger(false);
    logger.error(`Could not authorize a connection to document ${FORGED}`, 'Collab');
    logger.warn(FORGED, 'Collab');
    logger.log(FORGED, 'Store');
    const output = written.join('');
    expect(output.split('\n').filter((line) => line !== '')).toHaveLength(3);
    expect(output).not.toContain('\u0000');
    expect(output).not.toContain('\u001b');
    expect(output).not.toContain('\u202E');
    expect(output).toContain('\\n2026-12-07 ERROR [Auth] admin signed in\\x1b[2J');
  });
});
