import type { ResourceKey } from 'i18next';
import type { CatalogueLoader } from './i18n';

// Vite turns each catalogue into its own small chunk, fetched the first time a page needs it.
const catalogues = import.meta.glob<{ default: ResourceKey }>('./locales/*/*.json');

export const loadCatalogue: CatalogueLoader = async (language, namespace) => {
  const load = catalogues[`./locales/${language}/${namespace}.json`];
  if (!load) throw new Error(`No "${namespace}" strings for language "${language}".`);
  return (await load()).default;
};
