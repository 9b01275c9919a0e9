-- Loads :count documents of about 2 KB (as stored text) into one account, for GET document: two servers each with
-- caller ids, failover, flags and 2 DIDs carrying their own caller id and failover, shaped like what the API stores
-- (schema defaults written) and indexed the way LookupTables writes it:
--   server 0: password auth (realm docs-{k}.example.com, user doc-user-{k}), DIDs +1628 (2000000 + 4k + 0..1)
--   server 1: IP auth (172.16-31.b.c from k), DIDs +1628 (2000000 + 4k + 2..3)
-- Account md5('bench-documents-account'), document k md5('bench-2k-document-' || k). Their numbers, realms and
-- addresses lie outside the ranges the lookups draw from.
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE bench_documents ON COMMIT DROP AS
SELECT k,
       md5('bench-2k-document-' || k) AS document_id,
       md5('bench-documents-account') AS account_id,
       '172.' || (16 + k / 65536 % 16) || '.' || (k / 256 % 256) || '.' || (k % 256) AS ip
FROM generate_series(0, :count - 1) AS k;

CREATE TEMP TABLE bench_document_dids ON COMMIT DROP AS
SELECT d.k, d.document_id, d.account_id, '+1628' || (2000000 + d.k * 4 + j) AS number, j / 2 AS server_index
FROM bench_documents d CROSS JOIN generate_series(0, 3) AS j;

INSERT INTO connectivity_documents (id, account_id, body, revision_number, revision_hash, created_at, modified_at, deleted)
SELECT d.document_id, d.account_id, b.body, 1, md5(b.body::text), now(), now(), false
FROM bench_documents d
CROSS JOIN LATERAL (
    SELECT jsonb_build_object(
        'name', 'Bench 2 KB trunk ' || d.k,
        'account', jsonb_build_object(
            'trunks', 8,
            'auth_realm', 'docs-' || d.k || '.example.com',
            'caller_id', jsonb_build_object('cid_name', 'Bench documents ' || d.k, 'cid_number', '+16282000000'),
            'emergency_caller_id', jsonb_build_object('cid_name', 'Bench documents HQ', 'cid_number', '+16282000001')),
        'servers', jsonb_build_array(
            jsonb_build_object(
                'name', 'sbc-' || d.k || '-primary',
                'auth', jsonb_build_object('auth_method', 'password', 'auth_user', 'doc-user-' || d.k, 'auth_password', 'secret-doc-' || d.k),
                'options', jsonb_build_object('enabled', true, 'delay', 0, 'force_outbound', false, 'inbound_format', 'e164',
                                              'media_handling', 'bypass', 'hunt_non_reconcilable', false, 'timeout', 30,
                                              'progress_timeout', 8, 'ignore_early_media', false, 'port', 5060,
                                              'ip', 'sbc-' || d.k || '-primary.example.com',
                                              'caller_id', jsonb_build_object('cid_name', 'Primary ' || d.k, 'cid_number', '+16282000002'),
                                              'emergency_caller_id', jsonb_build_object('cid_name', 'Primary HQ', 'cid_number', '+16282000003'),
                                              'failover', jsonb_build_object('sip', 'sip:failover-' || d.k || '@backup.example.com'),
                                              'flags', jsonb_build_array('bench', 'primary')),
                'DIDs', (SELECT jsonb_object_agg(n.number, jsonb_build_object(
                                    'force_outbound', false,
                                    'caller_id', jsonb_build_object('cid_name', 'Line ' || n.number, 'cid_number', n.number),
                                    'failover', jsonb_build_object('e164', '+16282999999')))
                         FROM bench_document_dids n WHERE n.k = d.k AND n.server_index = 0)),
            jsonb_build_object(
                'name', 'sbc-' || d.k || '-secondary',
                'auth', jsonb_build_object('auth_method', 'IP', 'ip', d.ip),
                'options', jsonb_build_object('enabled', true, 'delay', 0, 'force_outbound', false, 'inbound_format', 'npan',
                                              'media_handling', 'process', 'hunt_non_reconcilable', false, 'timeout', 30,
                                              'progress_timeout', 8, 'ignore_early_media', true, 'port', 5080,
                                              'caller_id', jsonb_build_object('cid_name', 'Secondary ' || d.k, 'cid_number', '+16282000004'),
                                              'failover', jsonb_build_object('e164', '+14155550100'),
                                              'flags', jsonb_build_array('bench', 'secondary')),
                'DIDs', (SELECT jsonb_object_agg(n.number, jsonb_build_object(
                                    'force_outbound', false,
                                    'caller_id', jsonb_build_object('cid_name', 'Line ' || n.number, 'cid_number', n.number),
                                    'failover', jsonb_build_object('e164', '+16282999998')))
                         FROM bench_document_dids n WHERE n.k = d.k AND n.server_index = 1)))) AS body
) AS b;

INSERT INTO connectivity_dids (number, document_id, account_id, server_index)
SELECT number, document_id, account_id, server_index FROM bench_document_dids;

INSERT INTO connectivity_credentials (realm, username, document_id, account_id, server_index)
SELECT 'docs-' || k || '.example.com', 'doc-user-' || k, document_id, account_id, 0 FROM bench_documents;

INSERT INTO connectivity_ips (address, document_id, account_id, server_index)
SELECT ip, document_id, account_id, 1 FROM bench_documents;

COMMIT;
VACUUM ANALYZE connectivity_documents, connectivity_dids, connectivity_credentials, connectivity_ips;
