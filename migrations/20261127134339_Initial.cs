using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "connectivity_documents",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    body = table.Column<string>(type: "jsonb", nullable: false),
                    revision_number = table.Column<int>(type: "integer", nullable: false),
                    revision_hash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    modified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "connectivity_credentials",
                columns: table => new
                {
                    realm = table.Column<string>(type: "text", nullable: false),
                    username = table.Column<string>(type: "text", nullable: false),
                    document_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    server_index = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_credentials", x => new { x.realm, x.username });
                    table.ForeignKey(
                        name: "FK_connectivity_credentials_connectivity_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "connectivity_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "connectivity_dids",
                columns: table => new
                {
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    document_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    server_index = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_dids", x => x.number);
                    table.ForeignKey(
                        name: "FK_connectivity_dids_connectivity_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "connectivity_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "connectivity_ips",
                columns: table => new
                {
                    address = table.Column<string>(type: "text", nullable: false),
                    document_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    server_index = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_ips", x => x.address);
                    table.ForeignKey(
                        name: "FK_connectivity_ips_connectivity_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "connectivity_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_connectivity_credentials_document",
                table: "connectivity_credentials",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_connectivity_dids_document",
                table: "connectivity_dids",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_connectivity_documents_account_live",
                table: "connectivity_documents",
                columns: new[] { "account_id", "id" },
                filter: "NOT deleted");

            migrationBuilder.CreateIndex(
                name: "ix_connectivity_ips_document",
                table: "connectivity_ips",
                column: "document_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "connectivity_credentials");

            migrationBuilder.DropTable(
                name: "connectivity_dids");

            migrationBuilder.DropTable(
                name: "connectivity_ips");

            migrationBuilder.DropTable(
                name: "connectivity_documents");
        }
    }
}
