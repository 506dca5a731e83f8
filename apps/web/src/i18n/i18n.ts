import { createInstance } from 'i18next';
import type { BackendModule, i18n as I18n, ReadCallback, ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, LANGUAGE_KEY, pickLanguage } from './languages';
import type { Language } from './languages';

/** Loads one catalogue file: locales/<language>/<namespace>.json. */
export type CatalogueLoader = (language: string, namespace: string) => Promise<ResourceKey>;

/**
 * The one i18n instance of the app. Every string people read goes through its t().
 * Catalogues are fetched per language and namespace (one namespace per feature folder),
 * so the first page only downloads the strings it shows.
 */
export const i18n: I18n = createInstance();

function lazyBackend(load: CatalogueLoader): BackendModule {
  return {
    type: 'backend',
    init: () => undefined,
    read(language: string, namespace: string, callback: ReadCallback) {
      load(language, namespace).then(
        (data) => callback(null, data),
        (error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    },
  };
}

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    // Storage blocked (private mode, policy): fall back to the browser's languages.
    return null;
  }
}

function markDocument(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Starts i18n with the device's language; resolves once the common strings are loaded. */
export async function startI18n(load: CatalogueLoader): Promise<void> {
  const language = pickLanguage(
    storedLanguage(),
    typeof navigator === 'undefined' ? [] : navigator.languages,
  );
  i18n.on('languageChanged', markDocument);
  await i18n
    .use(lazyBackend(load))
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...LANGUAGES],
      ns: ['common'],
      defaultNS: 'common',
      fallbackNS: 'common',
      // React escapes what it renders; escaping here too would show "&amp;".
      interpolation: { escapeValue: false },
      react: { useSuspense: true },
      returnNull: false,
    });
  markDocument(i18n.language);
}

/** Switches the language now and remembers it on this device. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_KEY, language);
  } catch {
    // Not remembered, but applied for this visit.
  }
  await i18n.changeLanguage(language);
}

/**
 * The locale for Intl formatting outside React: the language in use, in the reader's own
 * region when their browser names one for it ("en-GB" writes "23 Nov", "en-US" "Nov 23";
 * "es-MX" and "es-ES" differ too). Strings stay in the shipped language.
 */
export function currentLanguage(): string {
  const language = i18n.resolvedLanguage ?? i18n.language ?? DEFAULT_LANGUAGE;
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  const regional = preferred.find((tag) => tag.toLowerCase().split('-')[0] === language);
  return regional && Intl.DateTimeFormat.supportedLocalesOf([regional]).length > 0
    ? regional
    : language;
}
