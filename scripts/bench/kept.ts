/** Where the figures of other commands begin in docs/benchmarks.md; a rerun keeps them. */
export const KEPT = "<!-- Other commands' figures: npm run bench keeps what follows. -->";

/** What follows the marker in a report, the marker included; nothing when it has none. */
export const keptPart = (md: string) => (md.includes(KEPT) ? md.slice(md.indexOf(KEPT)) : '');
