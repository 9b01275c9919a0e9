using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <inheritdoc />
    public partial class DropLookupForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_connectivity_credentials_documents_document_id",
                table: "connectivity_credentials");

            migrationBuilder.DropForeignKey(
                name: "fk_connectivity_dids_documents_document_id",
                table: "connectivity_dids");

            migrationBuilder.DropForeignKey(
                name: "fk_connectivity_ips_documents_document_id",
                table: "connectivity_ips");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_connectivity_credentials_documents_document_id",
                table: "connectivity_credentials",
                column: "document_id",
                principalTable: "connectivity_documents",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_connectivity_dids_documents_document_id",
                table: "connectivity_dids",
                column: "document_id",
                principalTable: "connectivity_documents",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_connectivity_ips_documents_document_id",
                table: "connectivity_ips",
                column: "document_id",
                principalTable: "connectivity_documents",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
