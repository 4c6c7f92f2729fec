/**
 * Words of a text in any script: Ijro's texts mix Uzbek in both scripts, Russian and
 * English, so a word is a run of letters and digits of any script, lowercased. A query's
 * words each match as the start of a word.
 */
export const wordsOf = (text: string): string[] =>
  String(text)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** `YYYY-MM-DD` as the number YYYYMMDD, so dates sort and compare as numbers in the index. */
export const dayNumber = (date: string): number => Number(date.replaceAll('-', ''));
