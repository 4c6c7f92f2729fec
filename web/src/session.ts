import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, must } from './api';
import { switchLocale, type Locale } from './i18n';

const ME = ['me'] as const;

/** The signed-in user, or null when there is no session (the sign-in page shows). */
export function useMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async () => {
      try {
        const me = await must(api.GET('/me'));
        switchLocale(me.locale as Locale);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    retry: false,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      must(api.POST('/auth/session', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ME }),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => must(api.POST('/auth/logout')),
    onSettled: () => {
      client.clear();
      client.setQueryData(ME, null);
    },
  });
}

/** Switches the language now and keeps it in the profile (mail follows it too). */
export function useLocaleChoice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (locale: Locale) => {
      switchLocale(locale);
      if (client.getQueryData(ME)) await must(api.PATCH('/me', { body: { locale } }));
    },
  });
}
