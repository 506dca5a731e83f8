/** The only link schemes a document may hold: anything else (javascript:, data:, file:, …) is refused. */
export const SAFE_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/**
 * The address to store for what someone typed as a link, or null when it is not a safe one.
 * A bare `example.org/page` is read as https; an address with `@` and no scheme as mailto.
 * Control characters and spaces inside a scheme (`java\tscript:`) cannot sneak past: the URL
 * parser strips them the way a browser would, and the scheme is checked after parsing.
 */
export function safeLinkHref(input: string): string | null {
  const typed = input.trim();
  if (typed === '' || typed.length > 2000) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(typed.replace(/[\s\u0000-\u001f]/g, ''));
  const candidate = hasScheme
    ? typed
    : /^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/.test(typed)
      ? `mailto:${typed}`
      : `https://${typed}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!(SAFE_LINK_PROTOCOLS as readonly string[]).includes(scheme)) return null;
  if (scheme !== 'mailto' && url.hostname === '') return null;
  if (scheme === 'mailto' && url.pathname === '') return null;
  return url.href;
}
