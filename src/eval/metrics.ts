/** The value at `fraction` of the sorted values (nearest rank). */
export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
}

export const share = (count: number, total: number) => (total === 0 ? 1 : count / total);

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative, ties
 * counting half (the Mann–Whitney statistic). NaN when either side is empty.
 */
export function areaUnderCurve(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const ranked = [...positives.map((score) => ({ score, positive: true })), ...negatives.map((score) => ({ score, positive: false }))].sort((a, b) => a.score - b.score);
  let positiveRankSum = 0;
  for (let i = 0; i < ranked.length; ) {
    let j = i;
    while (j < ranked.length && ranked[j]!.score === ranked[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (ranked[k]!.positive) positiveRankSum += averageRank;
    i = j;
  }
  return (positiveRankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}
