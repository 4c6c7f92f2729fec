import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from './i18n';
import { useLocaleChoice } from './session';

export function LocaleSelect() {
  const { t, i18n } = useTranslation();
  const choose = useLocaleChoice();
  return (
    <Select
      aria-label={t('nav.language')}
      value={i18n.language as Locale}
      onChange={(code) => choose.mutate(code)}
      options={LOCALES.map((l) => ({ value: l.code, label: l.label }))}
      style={{ width: 130 }}
    />
  );
}
