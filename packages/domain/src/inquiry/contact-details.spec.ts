import { describe, expect, it } from '@jest/globals';
import { explainContactDetails, findContactDetails } from './contact-details.js';

const kinds = (text: string) => [...new Set(findContactDetails(text).map((f) => f.kind))].sort();

describe('finding contact details in a post', () => {
  it.each([
    'write to me at ada.lovelace@example.org',
    'Email: A.B+inquiry@school-mail.co.uk',
    'my mail is bo_99@gmail.com!',
    'ada dot lovelace at gmail dot com',
    'ada [at] example [dot] org',
    'ada(at)example(dot)net',
  ])('finds an email address: %s', (text) => {
    expect(kinds(text)).toContain('email');
  });

  it.each([
    'call me on 07700 900123',
    'ring +44 7700 900 123 after school',
    '(555) 123-4567',
    '555.123.4567',
    '555-123-4567',
    '+1-202-555-0143',
    '0201234567',
    'text five five five one two three four',
    'my number is oh seven seven 0 0 nine 0 0 one two three',
  ])('finds a phone number: %s', (text) => {
    expect(kinds(text)).toContain('phone');
  });

  it.each([
    'join https://discord.gg/abc123',
    'https://chat.whatsapp.com/Invite',
    'wa.me/447700900123',
    'see www.instagram.com/ada.l',
    'find me at t.me/ada_l',
    'snapchat.com/add/ada',
    'meet.google.com/abc-defg-hij',
    'add me on snap',
    'my insta is ada_l',
    'Discord: ada#1234',
    'dm me on whatsapp later',
    'follow me on TikTok',
  ])('finds a link to or a user name on another platform: %s', (text) => {
    expect(kinds(text)).toContain('platform-link');
  });

  it.each(['ask @ada_lovelace about it', 'I am @bo.99 everywhere'])(
    'finds a user name: %s',
    (text) => {
      expect(kinds(text)).toContain('handle');
    },
  );

  it.each([
    'Our pond sample had 1,250,000 algae cells per litre.',
    'We measured on 2026-11-23 at 09:30 and again on 2026-11-30.',
    'Pi is about 3.14159265 and e is about 2.7182818.',
    'Between 1990 and 2020 the river rose 12 cm.',
    'The Eiffel Tower is 330 m tall, built 1887-1889.',
    'Source: https://en.wikipedia.org/wiki/Photosynthesis',
    'See the data at www.metoffice.gov.uk/weather',
    'I am at school and our team is working at the pond.',
    'We had a chat about signals in the brain at lunch.',
    'The sign said "Discord between neighbours" in 1850.',
    'Page 42, table 7, rows 3 to 9.',
    '',
  ])('lets ordinary inquiry writing through: %s', (text) => {
    expect(findContactDetails(text)).toEqual([]);
  });

  // The eight look-alike variants a probe of the running product used (issue 15, item 9).
  it.each([
    ['full-width digits in a phone number', 'call me on ０７７００ ９００１２３', 'phone'],
    ['Arabic-Indic digits in a phone number', 'my number is ٠٧٧٠٠ ٩٠٠١٢٣', 'phone'],
    ['Persian digits in a phone number', 'ring ۰۷۷۰۰ ۹۰۰۱۲۳ tonight', 'phone'],
    [
      'an email split by zero-width spaces',
      'write to ada\u200B.lovelace\u200B@\u200Bexample\u200B.org',
      'email',
    ],
    ['an email with a full-width at sign', 'write to ada.lovelace＠example.org', 'email'],
    [
      'a platform name spelled out letter by letter',
      'message me on w h a t s a p p',
      'platform-link',
    ],
    [
      'a platform name in leetspeak after a tagged user name',
      'ada#1234 on d1sc0rd',
      'platform-link',
    ],
    ['a platform name in full-width letters', 'my ｉｎｓｔａ is ada_l', 'platform-link'],
    [
      'a platform link in full-width letters',
      'ｗａ．ｍｅ／４４７７００９００１２３',
      'platform-link',
    ],
    [
      'a platform name hidden behind a bidi override',
      'my te\u202Elegram is ada_l',
      'platform-link',
    ],
  ])('sees through look-alike characters: %s', (_variant, text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('finds a Discord-style tagged user name on its own', () => {
    expect(kinds('I am ada#1234')).toContain('handle');
  });

  it.each([
    'Year 7 read page 42 on 23/11/2026.',
    'We met on ٢٣/١١/٢٠٢٦ for lesson ３.',
    'Our group of 4 on Teams made a poster for Year 7.',
    'See page 128, paragraph 3; i.e. the second part.',
    'The 3rd and 4th samples had 7 snails.',
  ])('still lets ordinary text with numbers through: %s', (text) => {
    expect(findContactDetails(text)).toEqual([]);
  });

  it('reports each finding with the text that matched', () => {
    expect(findContactDetails('mail ada@example.org or call 07700 900123')).toEqual([
      { kind: 'email', excerpt: 'ada@example.org' },
      { kind: 'phone', excerpt: '07700 900123' },
    ]);
  });
});

describe('explaining a refusal', () => {
  it('names what was found, once per kind, and says why', () => {
    const message = explainContactDetails(
      findContactDetails('ada@example.org, bo@example.org, 07700 900123'),
    );
    expect(message).toContain('an email address and a phone number');
    expect(message).toContain('where the teachers can see them');
    expect(message.match(/email address/g)).toHaveLength(1);
  });

  it('says nothing when nothing was found', () => {
    expect(explainContactDetails([])).toBe('');
  });
});
