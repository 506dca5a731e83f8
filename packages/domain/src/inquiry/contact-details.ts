/**
 * Finds contact details in a post: the way an adult from outside the school
 * (or a student) could move a conversation somewhere the teachers cannot see.
 * Posts in inquiry spaces are refused when anything is found, with an
 * explanation naming what was found, so nothing is stored. The rules lean
 * towards refusing: a false alarm costs a rephrase, a miss costs a private
 * channel with a minor.
 *
 * Everything is looked for in normalised text (see `normaliseForContactScan`),
 * so look-alike characters do not slip past: full-width or Arabic-Indic digits,
 * a full-width `＠`, zero-width spaces inside an address, "w h a t s a p p" and
 * "d1sc0rd".
 */
export type ContactDetailKind = 'email' | 'phone' | 'platform-link' | 'handle';

export interface ContactDetailFinding {
  readonly kind: ContactDetailKind;
  /** The text that matched, as normalised (full-width and other-script digits shown in ASCII). */
  readonly excerpt: string;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** `ada at example dot com`, `ada [at] example [dot] org`, `ada(at)example(dot)net`. */
const SPELLED_EMAIL =
  /[\p{L}\p{N}._%+-]+\s*[([{]?\s*\bat\b\s*[)\]}]?\s*[\p{L}\p{N}-]+\s*(?:[([{]?\s*\bdot\b\s*[)\]}]?\s*[\p{L}\p{N}-]+)+/giu;
/** Digits joined by the separators people write phone numbers with. */
const DIGIT_RUN = /\+?\(?\d[\d\s().\-/]*\d/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `23/11/2026`, `23.11.26`, `11-23-2026`. */
const DAY_MONTH_YEAR = /^\d{1,2}([./-])\d{1,2}\1(?:\d{2}|\d{4})$/;
const DECIMAL = /^\d+\.\d+$/;
/** `1887-1889`, `1990 / 2020`: a span of years. */
const YEAR_RANGE = /^[12]\d{3}\s*[-/]\s*[12]\d{3}$/;
/** Time ranges and scores like `10:30-11:45` never reach here (no colon); plain years do, and are short. */
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  o: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

/** Services whose links or user names open a channel outside the school's sight. */
const PLATFORM_HOSTS = [
  'wa.me',
  'whatsapp.com',
  't.me',
  'telegram.me',
  'telegram.org',
  'discord.gg',
  'discord.com',
  'discordapp.com',
  'snapchat.com',
  'instagram.com',
  'tiktok.com',
  'facebook.com',
  'fb.com',
  'fb.me',
  'm.me',
  'messenger.com',
  'twitter.com',
  'x.com',
  'threads.net',
  'linkedin.com',
  'signal.me',
  'signal.group',
  'kik.me',
  'wechat.com',
  'line.me',
  'skype.com',
  'join.skype.com',
  'zoom.us',
  'meet.google.com',
  'teams.microsoft.com',
  'teams.live.com',
  'reddit.com',
  'twitch.tv',
  'roblox.com',
  'steamcommunity.com',
  'bsky.app',
  'mastodon.social',
] as const;

const PLATFORM_NAMES =
  'whats\\s?app|telegram|discord|snap(?:chat)?|insta(?:gram)?|ig|tik\\s?tok|facebook|fb|messenger|twitter|linked\\s?in|signal|kik|we\\s?chat|skype|zoom|teams|reddit|twitch|roblox|steam|threads|bluesky';
/** "add me on snap", "my insta is ada_l", "discord: ada#1234", "dm me on whatsapp". */
const PLATFORM_MENTION = new RegExp(
  `\\b(?:add|message|msg|dm|text|call|find|follow|contact|reach|chat\\s+with)\\s+me\\b[^.!?\\n]{0,30}\\b(?:${PLATFORM_NAMES})\\b|\\b(?:${PLATFORM_NAMES})\\b\\s*(?:is|:|=|-|@|handle|name|username|id)\\s*@?[\\p{L}\\p{N}_.#-]{2,}|\\bmy\\s+(?:${PLATFORM_NAMES})\\b`,
  'giu',
);
const URL =
  /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+|\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}\/[^\s<>"')\]]*/giu;
const BARE_HOST = /\b(?:[\p{L}\p{N}-]+\.)+[a-z]{2,}\b/giu;
/** `@ada_lovelace`: a user name on some platform (an email's `@` is preceded by a word character). */
const HANDLE = /(?<![\p{L}\p{N}._%+-])@[\p{L}\p{N}_.]{2,30}/gu;
/** `ada#1234`: a Discord-style user name with its four-digit tag. */
const TAGGED_HANDLE = /(?<![\p{L}\p{N}_.#])[\p{L}\p{N}_.]{2,32}#\d{4}(?!\d)/gu;
/** `ada_l on insta`, `ada#1234 on discord`: something shaped like a user name, then where it lives. */
const HANDLE_ON_PLATFORM = new RegExp(
  `(?<![\\p{L}\\p{N}_.#@])\\p{L}[\\p{L}\\p{N}_.#@-]*[_#@\\d][\\p{L}\\p{N}_.#@-]*\\s+(?:on|at|via)\\s+(?:${PLATFORM_NAMES})\\b`,
  'giu',
);

const PLATFORM_WORD = new RegExp(`^(?:${PLATFORM_NAMES})$`, 'iu');

/** Zero-width spaces and joiners, bidi controls and every other invisible format character, and the fillers that render as nothing. */
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;
const DIGIT = /\p{Nd}/u;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
/** Single letters split by spaces or dots: "w h a t s a p p", "s.n.a.p". Three letters at least, so "i.e." stays. */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[ ._*-]\p{L}){2,}(?![\p{L}\p{N}])/gu;
/** Digits standing in for letters inside a word: "d1sc0rd", "wh4ts4pp", "t3l3gram". */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
};

/** In every script Unicode lays its decimal digits out as one run from 0 to 9: count back to its zero. */
function asciiDigit(digit: string): string {
  const code = digit.codePointAt(0) ?? 0;
  let zero = code;
  while (zero > 0 && DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((code - zero) % 10);
}

/**
 * What the scan reads: NFKC (full-width letters, digits and `＠` become plain
 * ones), invisible characters removed, and the digits of every script written
 * as ASCII digits.
 */
export function normaliseForContactScan(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(NON_ASCII_DIGIT, asciiDigit);
}

/** Platform names written to dodge a filter, spelled out again: only platform names are looked for in this. */
function revealPlatformNames(normalised: string): string {
  return normalised
    .replace(SPACED_LETTERS, (letters) => letters.replace(/[ ._*-]/g, ''))
    .replace(/[\p{L}\p{N}]+/gu, (word) => {
      if (!/\p{L}/u.test(word) || !/\d/.test(word)) return word;
      const letters = word.replace(/\d/g, (digit) => LEET[digit] ?? digit);
      return PLATFORM_WORD.test(letters) ? letters : word;
    });
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function isPlatformHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/^www\./, '');
  return PLATFORM_HOSTS.some((known) => lower === known || lower.endsWith(`.${known}`));
}

function hostOf(url: string): string {
  const withoutScheme = url.replace(/^https?:\/\//i, '');
  return withoutScheme.split(/[/?#:]/, 1)[0] ?? '';
}

function findPhones(text: string): ContactDetailFinding[] {
  const found: ContactDetailFinding[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const excerpt = match[0].trim();
    const digits = digitsOf(excerpt);
    if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) continue;
    if (
      ISO_DATE.test(excerpt) ||
      DAY_MONTH_YEAR.test(excerpt) ||
      DECIMAL.test(excerpt) ||
      YEAR_RANGE.test(excerpt)
    )
      continue;
    found.push({ kind: 'phone', excerpt });
  }
  return found;
}

/** "five five five, one two three four five six seven" and "07 seven 00 nine…" mixes. */
function findSpelledPhones(text: string): ContactDetailFinding[] {
  const found: ContactDetailFinding[] = [];
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  let start = -1;
  let digits = '';
  const flush = (endIndex: number) => {
    const spelled = tokens.slice(start, endIndex).some((t) => /\p{L}/u.test(t[0]));
    if (spelled && digits.length >= MIN_PHONE_DIGITS) {
      const first = tokens[start];
      const last = tokens[endIndex - 1];
      if (first?.index !== undefined && last?.index !== undefined) {
        found.push({
          kind: 'phone',
          excerpt: text.slice(first.index, last.index + last[0].length),
        });
      }
    }
    start = -1;
    digits = '';
  };
  tokens.forEach((token, i) => {
    const word = token[0].toLowerCase();
    const digit = /^\d+$/.test(word) ? word : DIGIT_WORDS[word];
    // A lone "o" only counts inside a run that already has a digit.
    if (digit !== undefined && !(word === 'o' && start === -1)) {
      if (start === -1) start = i;
      digits += digit;
    } else if (start !== -1) {
      flush(i);
    }
  });
  if (start !== -1) flush(tokens.length);
  return found;
}

export function findContactDetails(written: string): ContactDetailFinding[] {
  const text = normaliseForContactScan(written);
  const found: ContactDetailFinding[] = [];
  const emails = [...text.matchAll(EMAIL)].map((m) => m[0]);
  for (const excerpt of emails) found.push({ kind: 'email', excerpt });
  const withoutEmails = emails.reduce((rest, email) => rest.replace(email, ' '), text);

  for (const match of withoutEmails.matchAll(SPELLED_EMAIL)) {
    found.push({ kind: 'email', excerpt: match[0].trim() });
  }
  for (const match of withoutEmails.matchAll(URL)) {
    if (isPlatformHost(hostOf(match[0]))) found.push({ kind: 'platform-link', excerpt: match[0] });
  }
  for (const match of withoutEmails.matchAll(BARE_HOST)) {
    if (isPlatformHost(match[0]) && !found.some((f) => f.excerpt.includes(match[0]))) {
      found.push({ kind: 'platform-link', excerpt: match[0] });
    }
  }
  const revealed = revealPlatformNames(withoutEmails);
  for (const pattern of [PLATFORM_MENTION, HANDLE_ON_PLATFORM]) {
    for (const match of revealed.matchAll(pattern)) {
      found.push({ kind: 'platform-link', excerpt: match[0].trim() });
    }
  }
  for (const pattern of [HANDLE, TAGGED_HANDLE]) {
    for (const match of withoutEmails.matchAll(pattern)) {
      found.push({ kind: 'handle', excerpt: match[0] });
    }
  }
  const withoutUrls = withoutEmails.replace(URL, ' ');
  found.push(...findPhones(withoutUrls), ...findSpelledPhones(withoutUrls));
  return found;
}

const DESCRIPTIONS: Readonly<Record<ContactDetailKind, string>> = {
  email: 'an email address',
  phone: 'a phone number',
  'platform-link': 'a link to, or a user name on, another platform',
  handle: 'a user name (@…)',
};

/** The explanation shown with a refusal; empty when nothing was found. */
export function explainContactDetails(findings: readonly ContactDetailFinding[]): string {
  if (findings.length === 0) return '';
  const kinds = [...new Set(findings.map((f) => f.kind))].map((kind) => DESCRIPTIONS[kind]);
  const listed =
    kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
  return (
    `This post looks like it contains ${listed}. ` +
    'To keep everyone safe, conversations stay here where the teachers can see them: ' +
    'please take contact details out and post again.'
  );
}
