-- Lexical search in SQL also matches a passage's document title and section, as a lighter field
-- (the application's BM25 has the same second field): "Nampala casualties" finds the Nampala
-- infobox fact "Casualties1: 11 killed". Written with each passage (src/store/postgres/corpus-rows.ts).
ALTER TABLE passages ADD COLUMN context_search tsvector;
UPDATE passages p SET context_search = to_tsvector('english', coalesce(d.stored->>'title', '') || ' ' || coalesce(p.data->>'section', ''))
FROM documents d WHERE d.id = p.document_id;
CREATE INDEX passages_context_search ON passages USING gin (context_search);
