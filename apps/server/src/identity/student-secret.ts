import { randomInt, scrypt as scryptCallback } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (
  secret: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// Short words a young child can read and type; no look-alikes.
const WORDS = [
  'otter',
  'heron',
  'maple',
  'river',
  'cloud',
  'tiger',
  'mango',
  'piano',
  'comet',
  'lemon',
  'panda',
  'robin',
  'cedar',
  'tulip',
  'koala',
  'zebra',
  'olive',
  'pearl',
  'spark',
  'sunny',
  'amber',
  'berry',
  'coral',
  'daisy',
  'eagle',
  'fern',
  'grape',
  'honey',
  'ivory',
  'jelly',
  'kiwi',
  'lilac',
  'moose',
  'noodle',
  'ocean',
  'pepper',
  'quail',
  'rocket',
  'salmon',
  'toast',
];

/**
 * A secret for a sign-in card: two words and three digits (`otter-maple-427`),
 * about 1.4 million choices; guessing is slowed by SignInAttempts.
 */
export function newStudentSecret(): string {
  const word = () => WORDS[randomInt(WORDS.length)] ?? 'otter';
  return `${word()}-${word()}-${String(randomInt(100, 1000))}`;
}

/**
 * The secret's hash, salted with the classroom, so sign-in is one scrypt and
 * an indexed look-up (class code + secret, no name to pick). Only this hash
 * reaches the log; the secret itself is shown once, on the card.
 */
export async function hashStudentSecret(classroomId: string, secret: string): Promise<string> {
  const hash = await scrypt(secret, `commonplace-card:${classroomId}`, 32, {
    N: 2 ** 14,
    r: 8,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });
  return `scrypt-card$${hash.toString('base64')}`;
}
