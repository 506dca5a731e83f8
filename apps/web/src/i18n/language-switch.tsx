import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from './i18n';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from './languages';

/** The language menu in the header of every page, signed in or not. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void changeLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          // Each name in its own language, and marked so screen readers pronounce it right.
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  );
}
