import { useQuery } from '@tanstack/react-query';
import { api, must } from './api';

/** The rules the server runs by (GET /settings): they change only with its configuration. */
export function useSettings() {
  return useQuery({
    queryKey: ['settings'],
    queryFn: () => must(api.GET('/settings')),
    staleTime: Infinity,
  });
}
