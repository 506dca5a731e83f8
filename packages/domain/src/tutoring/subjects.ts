/** How subjects compare: "fractions " is "Fractions". */
export function sameSubject(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');
}

/**
 * Whether a peer tutor designated for `tutorSubject` takes a request about
 * `requestSubject`: a tutor for any subject takes every request, and a
 * request for any tutor reaches every tutor; otherwise the subjects match.
 * The live queue shows a tutor only these, and claiming another is refused.
 */
export function tutorTakesSubject(
  tutorSubject: string | null,
  requestSubject: string | null,
): boolean {
  if (tutorSubject === null || requestSubject === null) return true;
  return sameSubject(tutorSubject, requestSubject);
}
