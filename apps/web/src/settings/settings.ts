import { z } from 'zod';

/*
 * A person's display settings, remembered on this device (localStorage), never on the server:
 * a shared classroom Chromebook is set per seat, and nothing here is anyone else's business.
 */

export const TEXT_SIZES = [100, 125, 150, 175, 200] as const;

export const SettingsSchema = z.object({
  /** `system` follows prefers-reduced-motion; `reduce` turns every animation off. */
  motion: z.enum(['system', 'reduce']).catch('system'),
  /** `system` follows prefers-contrast: more; `more` always uses the high-contrast colours. */
  contrast: z.enum(['system', 'more']).catch('system'),
  /** Percent of the browser's own text size; the stylesheet is in rem, so pages reflow. */
  textSize: z
    .number()
    .refine((n) => (TEXT_SIZES as readonly number[]).includes(n))
    .catch(100),
  /** `readable`: a wider, plainer font with more space between letters, words and lines. */
  font: z.enum(['standard', 'readable']).catch('standard'),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  motion: 'system',
  contrast: 'system',
  textSize: 100,
  font: 'standard',
};

export const SETTINGS_KEY = 'commonplace.settings';

/** Whatever was stored, as valid settings: a damaged or older entry falls back field by field. */
export function parseSettings(raw: string | null): Settings {
  if (!raw) return DEFAULT_SETTINGS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return DEFAULT_SETTINGS;
  }
  const parsed = SettingsSchema.safeParse(typeof value === 'object' && value !== null ? value : {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** The attributes the stylesheet keys on, set on <html>. */
export function documentAttributes(settings: Settings): Record<string, string> {
  return {
    'data-motion': settings.motion,
    'data-contrast': settings.contrast,
    'data-font': settings.font,
  };
}
