// Dark enough for 4.5:1 against white, and distinct from each other for common colour-vision types.
const PALETTE = [
  '#1f5fa8',
  '#a4343a',
  '#2e6b30',
  '#7a4ea3',
  '#8a5a00',
  '#00707a',
  '#b1306b',
  '#4d5b6b',
];

/** A stable colour per person, so the same classmate looks the same on every screen. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#1f5fa8';
}
