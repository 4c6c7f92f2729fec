import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { ExtensionRequest, Inspection, Report, ReportKind } from '../../../../workflows/types';
import { api, ApiError, must } from '../../api';
import type { components } from '../../schema';

export type Detail = components['schemas']['AssignmentDetail'];
export type Organization = components['schemas']['Organization'];
export type Attachment = components['schemas']['Attachment'];
export type { ExtensionRequest, Inspection, Report, ReportKind };

// The API types these lists loosely (their items may grow); the workflow keeps them as
// workflows/types.ts says.
export const reportsOf = (a: Detail) => (a.reports ?? []) as unknown as Report[];
export const extensionsOf = (a: Detail) =>
  (a.extensionRequests ?? []) as unknown as ExtensionRequest[];
export const inspectionsOf = (a: Detail) => (a.inspections ?? []) as unknown as Inspection[];

/** The assignment's queries all start with this key, so one invalidation refreshes them all. */
export const keyOf = (id: string) => ['assignment', id] as const;

export const fetchDetail = (id: string) =>
  must(api.GET('/assignments/{id}', { params: { path: { id } } }));

export function useDetail(id: string) {
  return useQuery({ queryKey: keyOf(id), queryFn: () => fetchDetail(id) });
}

// Names change seldom: a page full of them asks once per organization or person.
const NAMES = 5 * 60_000;

export function useOrganization(id: string) {
  return useQuery({
    queryKey: ['organization', id],
    queryFn: () => must(api.GET('/organizations/{id}', { params: { path: { id } } })),
    staleTime: NAMES,
  });
}

/** An organization and every one below it (none without an id). */
export function useSubtree(orgId: string | null | undefined) {
  return useQuery({
    queryKey: ['organizations', 'under', orgId],
    queryFn: () =>
      must(api.GET('/organizations', { params: { query: { under: orgId ?? '', limit: 5000 } } })),
    enabled: !!orgId,
    staleTime: NAMES,
  });
}

/** A person, if the caller may see them (others' staff answer 404). */
export function useUser(id: string) {
  return useQuery({
    queryKey: ['user', id],
    queryFn: () => must(api.GET('/users/{id}', { params: { path: { id } } })),
    enabled: !!id,
    staleTime: NAMES,
    retry: false,
  });
}

/** Active users, by organization or role, for the pickers. */
export function useUsers(filter: { organizationId?: string; role?: 'inspector' }, enabled = true) {
  return useQuery({
    queryKey: ['users', filter],
    queryFn: () =>
      must(api.GET('/users', { params: { query: { ...filter, active: 'true', limit: 200 } } })),
    enabled,
    staleTime: NAMES,
  });
}

/** `targets.0.orgId` → `['targets', 0, 'orgId']`, the form's name for the field. */
const fieldName = (path: string) =>
  path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * An action on the assignment: on success it says so, clears the form and reloads the
 * assignment (its detail, history and lists); a refusal's field errors go next to the fields
 * of `form`, and its message is the mutation's error for the form to show by the action.
 */
export function useAction<V>(
  id: string,
  run: (values: V) => Promise<unknown>,
  options: { done: string; form?: FormInstance; after?: () => void },
) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { done, form, after } = options;
  return useMutation<unknown, Error, V>({
    mutationFn: run,
    onSuccess: async () => {
      void message.success(done);
      form?.resetFields();
      after?.();
      void client.invalidateQueries({ queryKey: ['assignments'] });
      await client.invalidateQueries({ queryKey: keyOf(id) });
    },
    onError: (err) => {
      if (form && err instanceof ApiError && err.fields.length)
        form.setFields(err.fields.map((f) => ({ name: fieldName(f.path), errors: [f.message] })));
    },
  });
}
