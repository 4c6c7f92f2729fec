import { Alert, Card, Col, Flex, Result, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { useMe } from '../../session';
import { Control } from './Control';
import { useDetail, type Detail } from './data';
import { Executions } from './Executions';
import { Extensions } from './Extensions';
import { Feedback } from './Feedback';
import { History } from './History';
import { Inspections } from './Inspections';
import { useWords } from './ui';
import { useMay, type Me } from './may';
import { ReportForm } from './ReportForm';
import { Reports } from './Reports';
import './strings';
import { SubAssignments } from './SubAssignments';
import { Summary } from './Summary';

/** One assignment: everything about it, and the actions the signed-in user may take on it. */
export default function AssignmentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe().data;
  const detail = useDetail(id);
  if (detail.error) {
    if (detail.error instanceof ApiError && detail.error.status === 404)
      return <Result status="404" title={t('error.notFound')} subTitle={detail.error.message} />;
    return <Alert type="error" role="alert" title={detail.error.message} />;
  }
  if (!detail.data || !me) return <Card loading />;
  return <Page a={detail.data} me={me} />;
}

function Page({ a, me }: { a: Detail; me: Me }) {
  const w = useWords();
  const may = useMay(a, me);
  const reports =
    may.open && may.mine.length > 0 && (a.status === 'in_execution' || a.status === 'under_review');
  return (
    <Flex vertical gap="middle">
      <Link to="/">← {w('back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {a.clause}
      </Typography.Title>
      <Summary a={a} />
      <Control a={a} may={may} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap="middle">
            <Executions a={a} may={may} />
            <Reports a={a} may={may} />
            {/* A new form when the status moves: the kinds of report that fit change with it. */}
            {reports && <ReportForm key={a.status} a={a} may={may} />}
            <Extensions a={a} may={may} />
            <Inspections a={a} may={may} />
            <SubAssignments a={a} may={may} />
            <Feedback a={a} may={may} />
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <History id={a.id} />
        </Col>
      </Row>
    </Flex>
  );
}
