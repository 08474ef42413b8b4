-- Answering from the database (PG_ANSWERING=sql) reads each question's passages, never the whole
-- corpus, so the corpus-wide term statistics the evidence score weighs are kept per document and
-- written in the same transaction as the document (src/store/postgres/term-counts.ts).

-- The content terms of the document's title (stemmed as src/retrieve/terms.ts stems them): a
-- question whose terms are all in a title names that document. NULL: written before this
-- migration; a server answering in SQL counts such documents when it starts.
ALTER TABLE documents ADD COLUMN title_terms text[];
CREATE INDEX documents_title_terms ON documents USING gin (title_terms);

-- How many of the document's sentences, plus its title, use each content term.
CREATE TABLE document_terms (
  term text NOT NULL,
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  units integer NOT NULL,
  PRIMARY KEY (term, document_id)
);
CREATE INDEX document_terms_document ON document_terms (document_id);

-- A question's working set reads its candidate passages' sentences.
CREATE INDEX sentences_passage ON sentences (passage_id);
