/**
 * Orama's tokenizers know one language each, and the English one drops Cyrillic. Ijro's
 * texts mix Uzbek in both scripts, Russian and English: words are runs of letters and
 * digits of any script, lowercased. Orama matches each word of a query as a prefix.
 */
export const anyScriptTokenizer = {
  language: 'any',
  normalizationCache: new Map<string, string>(),
  tokenize: (text: string): string[] =>
    String(text)
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
};

/** `YYYY-MM-DD` as the number YYYYMMDD, so dates sort and compare as numbers in the index. */
export const dayNumber = (date: string): number => Number(date.replaceAll('-', ''));
