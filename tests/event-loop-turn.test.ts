import { describe, expect, it } from "vitest";
import { nextTurn } from "../src/event-loop-turn.js";

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe("nextTurn", () => {
  it("runs callers one after another with the event loop's I/O polled between them", async () => {
    const order: string[] = [];
    // A timer that is due while the first turn runs fires before the second turn starts.
    const turns = [0, 1, 2].map(async (id) => {
      await nextTurn();
      order.push(`turn ${id}`);
      if (id === 0) setTimeout(() => order.push("timer"), 0);
      busy(5);
    });
    await Promise.all(turns);
    expect(order).toEqual(["turn 0", "timer", "turn 1", "turn 2"]);
  });
});
