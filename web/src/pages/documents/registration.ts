import type { Dayjs } from 'dayjs';
import type { paths } from '../../schema';

/** What POST /documents takes. */
export type DocumentInput =
  paths['/documents']['post']['requestBody']['content']['application/json'];
type Kind = DocumentInput['kind'];
type Periodicity = NonNullable<DocumentInput['assignments'][number]['periodicity']>;

/** One assignment row of the form; dates are the pickers' values. */
export interface RowValues {
  clause: string;
  text: string;
  leadOrgId: string;
  coOrgIds?: string[];
  timing: 'once' | 'periodic';
  deadline?: Dayjs;
  periodicity?: Omit<Periodicity, 'until'> & { until: Dayjs };
  controllerId?: string;
  verificationChain?: string[];
  public?: boolean;
}

export interface FormValues {
  kind: Kind;
  number: string;
  title: string;
  signedAt: Dayjs;
  text?: string;
  assignments: RowValues[];
}

/** The kinds the API takes, in the order the form offers them; the type keeps the list whole. */
export const DOCUMENT_KINDS = Object.keys({
  PF: 1,
  PQ: 1,
  F: 1,
  protocol: 1,
  instruction: 1,
} satisfies Record<Kind, 1>) as Kind[];

export const isoDay = (d: Dayjs): string => d.format('YYYY-MM-DD');

/** The form's values as the API takes them: a row has a deadline or a periodicity, not both. */
export function toInput(v: FormValues): DocumentInput {
  return {
    kind: v.kind,
    number: v.number,
    title: v.title,
    signedAt: isoDay(v.signedAt),
    text: v.text ?? '',
    assignments: v.assignments.map((a) => ({
      clause: a.clause,
      text: a.text,
      leadOrgId: a.leadOrgId,
      coOrgIds: a.coOrgIds ?? [],
      ...(a.timing === 'periodic' && a.periodicity
        ? { periodicity: { ...a.periodicity, until: isoDay(a.periodicity.until) } }
        : a.deadline
          ? { deadline: isoDay(a.deadline) }
          : {}),
      public: a.public ?? false,
      ...(a.controllerId ? { controllerId: a.controllerId } : {}),
      ...(a.verificationChain?.length ? { verificationChain: a.verificationChain } : {}),
    })),
  };
}

/**
 * The form field an API problem is about: `assignments.2.deadline` is row 2's deadline; an
 * item of a list (`coOrgIds.1`, `verificationChain.0`) is shown on the list's field.
 */
export function formName(path: string): (string | number)[] {
  const name = path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (name.length > 2 && typeof name[name.length - 1] === 'number') name.pop();
  return name;
}
