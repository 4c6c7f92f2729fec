import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api';

/** Active controllers: who may be named an assignment's controller or reviewer. */
export function useControllers() {
  return useQuery({
    queryKey: ['users', 'controllers'],
    queryFn: () =>
      must(
        api.GET('/users', {
          params: { query: { role: 'controller', active: 'true', limit: 200 } },
        }),
      ),
    staleTime: 5 * 60_000,
  });
}
