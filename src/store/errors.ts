/** Why an index cannot be served as it is; `rebuildable` says whether a build from corpus + model can fix it. */
export class IndexUnusableError extends Error {
  override name = "IndexUnusableError";
  constructor(
    readonly reason: "missing" | "corrupt" | "stale",
    detail: string,
  ) {
    super(`The index is ${reason}: ${detail}. Rebuild it with \`npm run index\`.`);
  }
}

export class IndexBusyError extends Error {
  override name = "IndexBusyError";
}
