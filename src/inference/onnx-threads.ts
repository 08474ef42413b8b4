import ort from "onnxruntime-node";

/** onnxruntime reads `ort_config` from a model's metadata only when this variable is "1". */
const LOAD_CONFIG_FROM_MODEL = "ORT_LOAD_CONFIG_FROM_MODEL";

let limited: number | undefined;

/** One protobuf field: its tag byte (field number, wire type 2), then a varint length, then the bytes. */
function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  const length: number[] = [];
  for (let rest = payload.byteLength; ; rest >>>= 7) {
    if (rest < 0x80) {
      length.push(rest);
      break;
    }
    length.push((rest & 0x7f) | 0x80);
  }
  return Buffer.concat([Uint8Array.of((field << 3) | 2), Uint8Array.from(length), payload]);
}

/**
 * The model's bytes with one more `metadata_props` entry (ModelProto field 14, a key/value pair)
 * holding `ort_config`. Protobuf lets a field appear anywhere, so appending it leaves the graph,
 * the weights and the file on disk (whose hash is the model's fingerprint) untouched.
 */
export function withOrtConfig(model: Uint8Array, intraOpNumThreads: number): Uint8Array {
  const config = JSON.stringify({ session_options: { intra_op_num_threads: intraOpNumThreads, inter_op_num_threads: 1 } });
  const entry = Buffer.concat([lengthDelimited(1, Buffer.from("ort_config")), lengthDelimited(2, Buffer.from(config))]);
  return Buffer.concat([model, lengthDelimited(14, entry)]);
}

/**
 * Makes every ONNX session this process creates run with `intraOpNumThreads` threads per operator.
 *
 * Why not the session option: onnxruntime-node 1.14 (the version transformers.js 2.17 runs on)
 * ignores `intraOpNumThreads` — every session gets a pool as wide as the machine, whose extra
 * thread spins between operators. Counted here on 2 cores: with the option at 1, 2 or 4 a session
 * still starts one extra thread and a query costs twice its run time in CPU. The same setting given
 * as `ort_config` in the model's metadata, with ORT_LOAD_CONFIG_FROM_MODEL=1, is honoured (no extra
 * thread; CPU per run halved). The variable is read from the process environment when a session is
 * created, so it must be set on the main thread (worker threads get a private copy of `process.env`)
 * before any worker creates a session: `createInferencePool` calls this first.
 */
export function limitOnnxThreads(intraOpNumThreads: number): void {
  if (limited !== undefined) return;
  limited = intraOpNumThreads;
  process.env[LOAD_CONFIG_FROM_MODEL] = "1";
  const session = ort.InferenceSession as unknown as { create: (...args: unknown[]) => Promise<unknown> };
  const create = session.create.bind(session);
  session.create = (source: unknown, ...rest: unknown[]) => {
    // transformers.js passes the model's bytes; a path (the bench's bare run) is left as it is.
    const model = source instanceof Uint8Array ? withOrtConfig(source, intraOpNumThreads) : source;
    const last = rest.length > 0 && typeof rest[rest.length - 1] === "object" ? (rest.pop() as object) : {};
    return create(model, ...rest, { ...last, intraOpNumThreads, interOpNumThreads: 1 });
  };
}
