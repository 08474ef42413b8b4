import { readFile } from "node:fs/promises";
import { z } from "zod";

const questionSchema = z.object({
  id: z.string(),
  question: z.string().min(1),
  answerable: z.boolean(),
  expected: z.array(z.string()),
  answerContains: z.array(z.string()).optional(),
  tags: z.array(z.string()).default([]),
});

const conversationSchema = z.object({
  id: z.string(),
  turns: z.array(z.string().min(1)).min(2),
  expected: z.array(z.string()).min(1),
});

export const goldenSetSchema = z.object({
  description: z.string().optional(),
  questions: z.array(questionSchema).min(1),
  conversations: z.array(conversationSchema).default([]),
});

export type GoldenQuestion = z.infer<typeof questionSchema>;
export type GoldenConversation = z.infer<typeof conversationSchema>;
export type GoldenSet = z.infer<typeof goldenSetSchema>;

export async function readGoldenSet(file: string): Promise<GoldenSet> {
  return goldenSetSchema.parse(JSON.parse(await readFile(file, "utf8")));
}
