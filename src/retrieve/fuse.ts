/**
 * Weighted reciprocal rank fusion: each ranking contributes weight / (k + rank), rank starting at
 * 1. Equal weights are plain RRF; the weights and k are chosen by measurement (answer-options.ts).
 */
export function weightedRankFusion(rankings: { ranking: string[]; weight: number }[], k = 60): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { ranking, weight } of rankings) {
    ranking.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + index + 1)));
  }
  return scores;
}
