/** Why an index cannot be served as it is; `rebuildable` says whether a build from corpus + model can fix it. */
export class IndexUnusableError extends Error {
  override name = "IndexUnusableError";
  constructor(
    readonly reason: "missing" | "corrupt" | "stale" | "foreign",
    readonly detail: string,
    readonly folders: { indexDir?: string; corpusDir?: string } = {},
  ) {
    const { indexDir, corpusDir } = folders;
    const where = indexDir ? ` in ${indexDir}` : "";
    const how = corpusDir ? `Rebuild it from ${corpusDir} with \`npm run index\`` : "Rebuild it with `npm run index`";
    super(reason === "foreign" ? `The index${where} belongs to another corpus: ${detail}.` : `The index${where} is ${reason}: ${detail}. ${how}${indexDir ? ` (INDEX_DIR=${indexDir})` : ""}.`);
  }

  /** The same problem, with the folders named (load code knows the index folder, callers the corpus). */
  withFolders(folders: { indexDir?: string; corpusDir?: string }): IndexUnusableError {
    return new IndexUnusableError(this.reason, this.detail, { ...this.folders, ...folders });
  }
}

export class IndexBusyError extends Error {
  override name = "IndexBusyError";
}

/** A written index file did not read back as written (short write, full disk, failing device). */
export class IndexWriteError extends Error {
  override name = "IndexWriteError";
}
