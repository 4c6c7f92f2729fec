/** The colours of the rating's bands (antd's preset tags, legible on their backgrounds). */
export const BAND_COLORS = { green: 'green', yellow: 'gold', red: 'red' } as const;
