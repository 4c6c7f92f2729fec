import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import './strings';
import { useMayRegister } from './access';
import { DocumentList } from './DocumentList';
import { DocumentPage } from './DocumentPage';
import { ImportPage } from './ImportPage';
import { RegisterForm } from './RegisterForm';

/** The documents area, mounted at /documents/*. */
export default function Documents() {
  const { t } = useTranslation();
  const mayRegister = useMayRegister();
  const notAllowed = <Result status="403" title={t('documents.notAllowed')} />;
  return (
    <Routes>
      <Route index element={<DocumentList />} />
      <Route path="new" element={mayRegister ? <RegisterForm /> : notAllowed} />
      <Route path="import" element={mayRegister ? <ImportPage /> : notAllowed} />
      <Route path=":id" element={<DocumentPage />} />
    </Routes>
  );
}
