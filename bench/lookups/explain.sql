\pset pager off
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT l.account_id, l.document_id, l.server_index, doc.body
FROM connectivity_dids l JOIN connectivity_documents doc ON doc.id = l.document_id
WHERE l.number = '+14152512345' AND NOT doc.deleted;

EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT l.account_id, l.document_id, l.server_index, doc.body
FROM connectivity_credentials l JOIN connectivity_documents doc ON doc.id = l.document_id
WHERE l.realm = 'bench-5123.example.com' AND l.username = 'user-5123' AND NOT doc.deleted;

EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT l.account_id, l.document_id, l.server_index, doc.body
FROM connectivity_ips l JOIN connectivity_documents doc ON doc.id = l.document_id
WHERE l.address = '10.0.20.3' AND NOT doc.deleted;

EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c.id, c.account_id, c.body, c.created_at, c.deleted, c.modified_at, c.revision_hash, c.revision_number
FROM connectivity_documents AS c
WHERE c.id = md5('bench-2k-document-5') AND c.account_id = md5('bench-documents-account') AND NOT (c.deleted)
LIMIT 2;
