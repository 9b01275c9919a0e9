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
