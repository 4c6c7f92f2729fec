import i18n from './i18n';

interface Tree {
  [key: string]: string | Tree;
}
/** The same keys as the English tree, plus whatever plural forms a language needs (_few…). */
export type Like<T> = { [K in keyof T]: T[K] extends string ? string : Like<T[K]> } & Record<
  string,
  string | Tree
>;

/**
 * A page's words in the four languages, added under `key` when the page's code loads: a page
 * split into its own chunk brings its words with it. The type makes every language carry
 * every English key.
 */
export function addStrings<T extends Tree>(
  key: string,
  s: { en: T; ru: Like<T>; 'uz-Latn': Like<T>; 'uz-Cyrl': Like<T> },
): void {
  for (const [lng, tree] of Object.entries(s))
    i18n.addResourceBundle(lng, 'translation', { [key]: tree }, true, false);
}
