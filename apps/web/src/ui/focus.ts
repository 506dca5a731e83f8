/**
 * Moves focus to an element by id once React has painted, for when the control a keyboard
 * user just pressed disappears (a "Mark reached" button, a dissolved group's card): focus
 * would otherwise fall back to the top of the page. The target needs tabIndex={-1}.
 */
export function focusLater(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
