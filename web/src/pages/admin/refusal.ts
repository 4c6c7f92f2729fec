import type { FormInstance } from 'antd';
import { ApiError } from '../../api';

/**
 * Puts each field problem of the API's refusal next to its field (`names.uzCyrl` is the
 * field ['names', 'uzCyrl']); the refusal's message itself shows by the action.
 */
export function placeFieldErrors(form: FormInstance, err: Error): void {
  if (!(err instanceof ApiError)) return;
  form.setFields(err.fields.map((f) => ({ name: f.path.split('.'), errors: [f.message] })));
}
