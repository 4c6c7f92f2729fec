import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { paths } from './schema';

/** The lists the API exports (the type follows its routes). */
type Exportable = {
  [K in keyof paths]: K extends `${infer List}/export.xlsx` ? List : never;
}[keyof paths];

/**
 * Downloads of a list as XLSX and CSV with the list's filters (`query`), which the API applies
 * again on its side. Disabled while the list is refused, which would download the refusal.
 */
export function ExportButtons({
  path,
  query,
  disabled,
}: {
  /** The list's path, e.g. `/users`: the files are `<path>/export.xlsx|csv`. */
  path: Exportable;
  query: { [name: string]: string | number | undefined };
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  // Spreadsheets set up for Russian or Uzbek read a semicolon between CSV fields.
  const delimiter = i18n.language === 'en' ? 'comma' : 'semicolon';
  const href = (format: 'xlsx' | 'csv') => {
    const fields = { ...query, ...(format === 'csv' ? { delimiter } : {}) };
    const given = Object.entries(fields).filter(([, v]) => v !== undefined && v !== '');
    return `/api/v1${path}/export.${format}?${new URLSearchParams(given.map(([k, v]) => [k, String(v)]))}`;
  };
  return (
    <Space wrap>
      {(['xlsx', 'csv'] as const).map((format) => (
        <Button
          key={format}
          icon={<DownloadOutlined />}
          href={href(format)}
          download
          disabled={disabled}
        >
          {t(`export.${format}`)}
        </Button>
      ))}
    </Space>
  );
}
