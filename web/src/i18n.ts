import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { api } from './api/client.ts';
import type { Locale } from './format.ts';
import en from './locales/en.json';
import ko from './locales/ko.json';

/**
 * Every text the user reads comes from locales/ko.json (the default) or locales/en.json. The compiler
 * checks each `t('…')` key against ko.json; a test checks that en.json has exactly the same keys.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ko };
  }
}

const localeStorageKey = 'hado.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(localeStorageKey);
  if (stored === 'ko' || stored === 'en') return stored;
  return 'ko';
}

export function setupI18n() {
  const locale = initialLocale();
  api.setLocale(locale);
  document.documentElement.lang = locale;
  i18next.on('languageChanged', (next) => {
    const chosen: Locale = next === 'en' ? 'en' : 'ko';
    api.setLocale(chosen);
    document.documentElement.lang = chosen;
    localStorage.setItem(localeStorageKey, chosen);
  });
  return i18next.use(initReactI18next).init({
    resources: { ko: { translation: ko }, en: { translation: en } },
    lng: locale,
    fallbackLng: 'ko',
    supportedLngs: ['ko', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export const currentLocale = (): Locale => (i18next.language === 'en' ? 'en' : 'ko');
