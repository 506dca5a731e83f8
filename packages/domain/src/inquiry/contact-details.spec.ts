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
