using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <inheritdoc />
    public partial class AddNumberAndRealmOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "connectivity_realms",
                columns: table => new
                {
                    document_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    realm = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_realms", x => x.document_id);
                    table.ForeignKey(
                        name: "FK_connectivity_realms_connectivity_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "connectivity_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "phone_numbers",
                columns: table => new
                {
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    used_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_phone_numbers", x => x.number);
                });

            migrationBuilder.CreateIndex(
                name: "ix_connectivity_realms_realm",
                table: "connectivity_realms",
                column: "realm")
                .Annotation("Npgsql:IndexMethod", "hash");

            migrationBuilder.CreateIndex(
                name: "ix_phone_numbers_account",
                table: "phone_numbers",
                columns: new[] { "account_id", "number" });

            // The realms live documents already name; where two accounts share one, the next write of either is refused.
            migrationBuilder.Sql("""
                INSERT INTO connectivity_realms (document_id, account_id, realm)
                SELECT id, account_id, lower(body -> 'account' ->> 'auth_realm')
                FROM connectivity_documents
                WHERE NOT deleted AND jsonb_typeof(body -> 'account' -> 'auth_realm') = 'string' AND body -> 'account' ->> 'auth_realm' <> ''
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "connectivity_realms");

            migrationBuilder.DropTable(
                name: "phone_numbers");
        }
    }
}
