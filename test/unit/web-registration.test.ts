import dayjs from 'dayjs';
import { DOCUMENT_KINDS as STORED_KINDS } from '../../models/document';
import {
  DOCUMENT_KINDS,
  formName,
  toInput,
  type FormValues,
} from '../../web/src/pages/documents/registration';

describe('the registration form’s values and the API', () => {
  it('sends a row’s deadline or its periodicity, never both, with dates as YYYY-MM-DD', () => {
    const values: FormValues = {
      kind: 'PQ',
      number: 'PQ-12',
      title: 'T',
      signedAt: dayjs('2025-03-03'),
      assignments: [
        {
          clause: '1',
          text: 'a',
          leadOrgId: 'o1',
          coOrgIds: ['o2'],
          timing: 'once',
          deadline: dayjs('2025-06-30'),
          // Left from a switch to periodic and back: not sent.
          periodicity: { every: 'month', dueDay: 5, until: dayjs('2025-12-31') },
        },
        {
          clause: '2',
          text: 'b',
          leadOrgId: 'o1',
          timing: 'periodic',
          deadline: dayjs('2025-06-30'),
          periodicity: { every: 'quarter', dueDay: 10, until: dayjs('2026-12-31') },
          controllerId: 'c1',
          verificationChain: ['c1', 'c2'],
          public: true,
        },
      ],
    };
    expect(toInput(values)).toEqual({
      kind: 'PQ',
      number: 'PQ-12',
      title: 'T',
      signedAt: '2025-03-03',
      text: '',
      assignments: [
        {
          clause: '1',
          text: 'a',
          leadOrgId: 'o1',
          coOrgIds: ['o2'],
          deadline: '2025-06-30',
          public: false,
        },
        {
          clause: '2',
          text: 'b',
          leadOrgId: 'o1',
          coOrgIds: [],
          periodicity: { every: 'quarter', dueDay: 10, until: '2026-12-31' },
          public: true,
          controllerId: 'c1',
          verificationChain: ['c1', 'c2'],
        },
      ],
    });
  });

  it('places an API problem on its field; a list item’s on the list', () => {
    expect(formName('number')).toEqual(['number']);
    expect(formName('assignments.2.deadline')).toEqual(['assignments', 2, 'deadline']);
    expect(formName('assignments.0.periodicity.until')).toEqual([
      'assignments',
      0,
      'periodicity',
      'until',
    ]);
    expect(formName('assignments.1.coOrgIds.3')).toEqual(['assignments', 1, 'coOrgIds']);
    expect(formName('assignments.4')).toEqual(['assignments', 4]);
  });

  it('offers every kind of document the API takes', () => {
    expect([...DOCUMENT_KINDS].sort()).toEqual([...STORED_KINDS].sort());
  });
});
