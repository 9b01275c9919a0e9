using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <inheritdoc />
    public partial class AddRevisionHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "connectivity_revisions",
                columns: table => new
                {
                    document_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    revision_number = table.Column<int>(type: "integer", nullable: false),
                    revision_hash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    operation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    body = table.Column<string>(type: "jsonb", nullable: false),
                    written_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_revisions", x => new { x.document_id, x.revision_number });
                    table.ForeignKey(
                        name: "FK_connectivity_revisions_connectivity_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "connectivity_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "connectivity_revisions");
        }
    }
}
