import { describe, expect, it } from '@jest/globals';
import { safeLinkHref } from './safe-link';

describe('safeLinkHref', () => {
  it.each([
    ['https://example.org/a?b=1', 'https://example.org/a?b=1'],
    ['http://example.org', 'http://example.org/'],
    ['  example.org/page ', 'https://example.org/page'],
    ['mailto:ana@example.org', 'mailto:ana@example.org'],
    ['ana@example.org', 'mailto:ana@example.org'],
  ])('keeps %j as %j', (typed, href) => {
    expect(safeLinkHref(typed)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org',
    'https://',
    'mailto:',
    '',
    '   ',
  ])('refuses %j', (typed) => {
    expect(safeLinkHref(typed)).toBeNull();
  });
});
