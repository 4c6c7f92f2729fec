import { useMe } from '../../session';

/** Controllers and admins register documents (the API's `document.create`); no one else is offered it. */
export function useMayRegister(): boolean {
  const roles = useMe().data?.roles ?? [];
  return roles.includes('controller') || roles.includes('admin');
}
