using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <inheritdoc />
    public partial class AddUsageIntervals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "connectivity_usage",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    document_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    item = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    numbers = table.Column<string[]>(type: "text[]", nullable: true),
                    live_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    live_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_usage", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_connectivity_usage_account_from",
                table: "connectivity_usage",
                columns: new[] { "account_id", "live_from" });

            migrationBuilder.CreateIndex(
                name: "ux_connectivity_usage_open",
                table: "connectivity_usage",
                columns: new[] { "document_id", "kind", "item" },
                unique: true,
                filter: "live_until IS NULL");

            // What every existing document holds, as the write path records it. The best known start is the document's
            // creation (its current revision: when it was written); a deleted document's intervals end at its delete.
            migrationBuilder.Sql("""
                WITH documents AS (
                    SELECT d.id, d.account_id, d.body, d.created_at, d.revision_hash,
                        CASE WHEN d.deleted THEN d.modified_at END AS live_until,
                        CASE WHEN d.deleted THEN d.revision_number - 1 ELSE d.revision_number END AS revision_number,
                        CASE WHEN d.deleted
                            THEN COALESCE((SELECT r.written_at FROM connectivity_revisions r
                                           WHERE r.document_id = d.id AND r.revision_number = d.revision_number - 1), d.created_at)
                            ELSE d.modified_at END AS revision_from
                    FROM connectivity_documents d),
                servers AS (
                    SELECT d.id, s.server, s.position - 1 AS position
                    FROM documents d, jsonb_array_elements(CASE WHEN jsonb_typeof(d.body -> 'servers') = 'array' THEN d.body -> 'servers' ELSE '[]' END)
                        WITH ORDINALITY AS s(server, position)
                    WHERE jsonb_typeof(s.server) = 'object'),
                trunks AS (
                    SELECT d.id, t.kind, CASE WHEN jsonb_typeof(t.value) = 'number' THEN LEAST(trunc(t.value::numeric), 2147483647) END AS quantity
                    FROM documents d, LATERAL (VALUES
                        ('trunks', d.body #> '{account,trunks}'),
                        ('inbound_trunks', d.body #> '{account,inbound_trunks}'),
                        ('outbound_trunks', d.body #> '{account,outbound_trunks}')) AS t(kind, value)),
                held AS (
                    SELECT id, 'document' AS kind, revision_number || '-' || revision_hash AS item, revision_number AS quantity, NULL::text[] AS numbers
                    FROM documents WHERE revision_number >= 1
                    UNION ALL
                    SELECT s.id, 'dids', md5(string_agg(DISTINCT k.number, ',' ORDER BY k.number)), count(DISTINCT k.number)::int,
                        array_agg(DISTINCT k.number ORDER BY k.number)
                    FROM servers s, jsonb_object_keys(CASE WHEN jsonb_typeof(s.server -> 'DIDs') = 'object' THEN s.server -> 'DIDs' ELSE '{}' END) AS k(number)
                    WHERE k.number ~ '^\+[1-9][0-9]{1,14}$'
                    GROUP BY s.id
                    UNION ALL
                    SELECT DISTINCT id, 'server', position::text, 1, NULL::text[] FROM servers WHERE server #> '{options,enabled}' IS DISTINCT FROM 'false'::jsonb
                    UNION ALL
                    SELECT DISTINCT id, kind, quantity::text, quantity::int, NULL::text[] FROM trunks WHERE quantity >= 1)
                INSERT INTO connectivity_usage (account_id, document_id, kind, item, quantity, numbers, live_from, live_until)
                SELECT d.account_id, d.id, h.kind, h.item, h.quantity, h.numbers,
                    CASE WHEN h.kind = 'document' THEN d.revision_from ELSE d.created_at END, d.live_until
                FROM held h JOIN documents d ON d.id = h.id
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "connectivity_usage");
        }
    }
}
