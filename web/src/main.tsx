import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import './app.css';
import './i18n';
import { Routes } from './routes';

const queries = new QueryClient({
  defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true } },
});

// Ant Design's own words (pagination, date pickers), loaded for the one language in use.
const ANTD_LOCALES: Record<string, () => Promise<{ default: AntdLocale }>> = {
  en: () => import('antd/locale/en_US'),
  ru: () => import('antd/locale/ru_RU'),
  'uz-Latn': () => import('antd/locale/uz_UZ'),
  'uz-Cyrl': () => import('antd/locale/uz_UZ'),
};

function useAntdLocale(language: string): AntdLocale | undefined {
  const [locale, setLocale] = useState<AntdLocale>();
  useEffect(() => {
    let current = true;
    void (ANTD_LOCALES[language] ?? ANTD_LOCALES.en)?.().then((m) => {
      if (current) setLocale(m.default);
    });
    return () => {
      current = false;
    };
  }, [language]);
  return locale;
}

// Text at 4.5:1 on its background (WCAG AA) where Ant Design's defaults fall short: links,
// secondary and placeholder greys, tags in green, gold, volcano and cyan (status tags among
// them), danger buttons and form errors. Ant Design keeps each palette colour under two names
// (green7, green-7) that make one CSS variable.
const TAG_TEXT = { green: '#237804', gold: '#874d00', volcano: '#ad2102', cyan: '#006d75' };
const THEME = {
  token: {
    colorError: '#cf1322',
    ...Object.fromEntries(
      Object.entries(TAG_TEXT).flatMap(([color, text]) => [
        [`${color}7`, text],
        [`${color}-7`, text],
      ]),
    ),
    colorPrimary: '#1f5fa8',
    colorLink: '#1f5fa8',
    colorInfo: '#1f5fa8',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
  },
};

function Root() {
  const { i18n } = useTranslation();
  const locale = useAntdLocale(i18n.language);
  return (
    <ConfigProvider locale={locale} theme={THEME}>
      <AntApp>
        <Routes />
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <BrowserRouter>
        <Root />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
