-- Which tokenizer counted a document's terms (document_terms, title_terms): the lexical recipe of
-- src/retrieve/lexical-data.ts. A server answering in SQL counts again, without embedding, the
-- documents counted by another one (src/store/postgres/term-counts.ts); NULL counts as another.
ALTER TABLE documents ADD COLUMN terms_recipe text;
