-- The corpus as the Postgres store keeps it: the source of truth every server reads.
-- vector(384): the dimensions of all-MiniLM-L6-v2; another model needs a migration of its own.
CREATE EXTENSION IF NOT EXISTS vector;

-- One row: what the stored vectors were made with, and a counter every write bumps (and NOTIFYs).
CREATE TABLE corpus_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation bigint NOT NULL DEFAULT 0,
  model_id text,
  model_sha256 text,
  embedding_recipe text,
  chunk_size integer,
  chunk_overlap integer,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO corpus_state DEFAULT VALUES;

CREATE TABLE documents (
  id text PRIMARY KEY,
  relative_path text NOT NULL UNIQUE,
  -- 'folder': imported from a corpus folder (a folder import removes it when the file goes); 'upload': sent to POST /documents.
  source text NOT NULL CHECK (source IN ('folder', 'upload')),
  format text NOT NULL,
  sha256 text NOT NULL,
  bytes integer NOT NULL,
  status text NOT NULL DEFAULT 'indexed',
  -- The IndexedDocument record (title, counts, indexedAt, warnings) and the StoredDocument (sections, metadata, extracted text).
  record jsonb NOT NULL,
  stored jsonb NOT NULL,
  -- The file as it was imported or uploaded, so every server can show its source.
  original bytea,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Files a folder import read but could not index, with the reason (GET /documents lists them).
CREATE TABLE skipped_files (
  relative_path text PRIMARY KEY,
  reason text NOT NULL,
  detail text NOT NULL,
  sha256 text
);

CREATE TABLE passages (
  id text PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL,
  page integer,
  text text NOT NULL,
  -- The whole Paragraph (section, ordinal, offsets, context) as the application reads it.
  data jsonb NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  UNIQUE (document_id, position)
);
CREATE INDEX passages_search ON passages USING gin (search);

CREATE TABLE chunks (
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position integer NOT NULL,
  passage_id text NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  embedding vector(384) NOT NULL,
  PRIMARY KEY (document_id, position)
);
-- The application's own HNSW graph uses M 16 and efConstruction 200 (src/store/vector-index.ts).
CREATE INDEX chunks_embedding ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 200);

CREATE TABLE sentences (
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position integer NOT NULL,
  passage_id text NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  embedding vector(384) NOT NULL,
  PRIMARY KEY (document_id, position)
);

-- Vectors by embeddingKey (sha256 of recipe, model weights hash and text; src/store/embedding-cache.ts).
CREATE TABLE embedding_cache (
  key text PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
  embedding vector(384) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
