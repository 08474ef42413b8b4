import { readFile } from "node:fs/promises";
import { z } from "zod";

const squadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              is_impossible: z.boolean().optional(),
              answers: z.array(z.object({ text: z.string(), answer_start: z.number().int() })),
              plausible_answers: z.array(z.object({ text: z.string(), answer_start: z.number().int() })).optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export type SquadArticle = z.infer<typeof squadSchema>["data"][number];

/** Reads a SQuAD 2.0 file (the official JSON layout). */
export async function readSquad(file: string): Promise<SquadArticle[]> {
  return squadSchema.parse(JSON.parse(await readFile(file, "utf8"))).data;
}

/**
 * Which articles play which role. Split by article, never by question: questions about one
 * paragraph are near-duplicates. `dev` is never trained on; `calibration` is held out from training
 * and sets the abstention threshold.
 */
export const SQUAD_SPLIT = {
  calibration: ["Solar_energy", "Harvard_University"],
  dev: ["Immune_system", "Islamism", "Warsaw", "Force"],
} as const;

export function squadRole(title: string): "train" | "calibration" | "dev" {
  if ((SQUAD_SPLIT.dev as readonly string[]).includes(title)) return "dev";
  if ((SQUAD_SPLIT.calibration as readonly string[]).includes(title)) return "calibration";
  return "train";
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, " ")
    .replace(/\b(a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
