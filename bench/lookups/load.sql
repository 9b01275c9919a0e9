-- Loads accounts :first .. :last - 1, one connectivity document each, shaped like what the API stores
-- (schema defaults written, DID keys in E.164) and indexed the way LookupTables writes it:
--   server 0: password auth (realm bench-{k}.example.com, user user-{k}), DIDs 0..49 of the account
--   server 1: IP auth (10.a.b.c from k), DIDs 50..99
-- DID j of account k is +1415 (2000000 + 100k + j), so DIDs 0 .. 100 * :last - 1 exist once loaded.
-- revision_hash is md5 of jsonb's own text, not the API's serialisation: a valid-looking revision that the
-- first API write replaces; lookups never read it.
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE bench_accounts ON COMMIT DROP AS
SELECT k,
       md5('bench-document-' || k) AS document_id,
       md5('bench-account-' || k) AS account_id,
       '10.' || (k / 65536 % 256) || '.' || (k / 256 % 256) || '.' || (k % 256) AS ip
FROM generate_series(:first, :last - 1) AS k;

CREATE TEMP TABLE bench_dids ON COMMIT DROP AS
SELECT a.k, a.document_id, a.account_id, '+1415' || (2000000 + a.k * 100 + j) AS number, CASE WHEN j < 50 THEN 0 ELSE 1 END AS server_index
FROM bench_accounts a CROSS JOIN generate_series(0, 99) AS j;

INSERT INTO connectivity_documents (id, account_id, body, revision_number, revision_hash, created_at, modified_at, deleted)
SELECT a.document_id, a.account_id, b.body, 1, md5(b.body::text), now(), now(), false
FROM bench_accounts a
CROSS JOIN LATERAL (
    SELECT jsonb_build_object(
        'name', 'Bench trunk ' || a.k,
        'account', jsonb_build_object(
            'trunks', 4,
            'auth_realm', 'bench-' || a.k || '.example.com',
            'caller_id', jsonb_build_object('cid_name', 'Bench ' || a.k, 'cid_number', '+14158867900')),
        'servers', jsonb_build_array(
            jsonb_build_object(
                'name', 'pbx-' || a.k || '-a',
                'auth', jsonb_build_object('auth_method', 'password', 'auth_user', 'user-' || a.k, 'auth_password', 'secret-' || a.k),
                'options', jsonb_build_object('enabled', true, 'delay', 0, 'force_outbound', false, 'inbound_format', 'e164',
                                              'media_handling', 'bypass', 'hunt_non_reconcilable', false, 'timeout', 30,
                                              'ip', 'pbx-' || a.k || '.example.com'),
                'DIDs', (SELECT jsonb_object_agg('+1415' || (2000000 + a.k * 100 + j), jsonb_build_object('force_outbound', false))
                         FROM generate_series(0, 49) AS j)),
            jsonb_build_object(
                'name', 'pbx-' || a.k || '-b',
                'auth', jsonb_build_object('auth_method', 'IP', 'ip', a.ip),
                'options', jsonb_build_object('enabled', true, 'delay', 0, 'force_outbound', false, 'inbound_format', 'npan',
                                              'media_handling', 'process', 'hunt_non_reconcilable', false,
                                              'failover', jsonb_build_object('e164', '+14155550100')),
                'DIDs', (SELECT jsonb_object_agg('+1415' || (2000000 + a.k * 100 + j), jsonb_build_object('force_outbound', false))
                         FROM generate_series(50, 99) AS j)))) AS body
) AS b;

INSERT INTO connectivity_dids (number, document_id, account_id, server_index)
SELECT number, document_id, account_id, server_index FROM bench_dids;

INSERT INTO connectivity_credentials (realm, username, document_id, account_id, server_index)
SELECT 'bench-' || k || '.example.com', 'user-' || k, document_id, account_id, 0 FROM bench_accounts;

INSERT INTO connectivity_ips (address, document_id, account_id, server_index)
SELECT ip, document_id, account_id, 1 FROM bench_accounts;

COMMIT;
VACUUM ANALYZE connectivity_documents, connectivity_dids, connectivity_credentials, connectivity_ips;
