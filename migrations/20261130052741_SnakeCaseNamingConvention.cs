using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <summary>
    /// Column, key and index names come from EFCore.NamingConventions now; only the foreign keys' names change.
    /// Renaming a constraint is instant, where dropping and adding it again would check every row of the lookup and
    /// revision tables.
    /// </summary>
    public partial class SnakeCaseNamingConvention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE connectivity_credentials RENAME CONSTRAINT \"FK_connectivity_credentials_connectivity_documents_document_id\" TO \"fk_connectivity_credentials_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_dids RENAME CONSTRAINT \"FK_connectivity_dids_connectivity_documents_document_id\" TO \"fk_connectivity_dids_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_ips RENAME CONSTRAINT \"FK_connectivity_ips_connectivity_documents_document_id\" TO \"fk_connectivity_ips_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_realms RENAME CONSTRAINT \"FK_connectivity_realms_connectivity_documents_document_id\" TO \"fk_connectivity_realms_connectivity_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_revisions RENAME CONSTRAINT \"FK_connectivity_revisions_connectivity_documents_document_id\" TO \"fk_connectivity_revisions_connectivity_documents_document_id\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE connectivity_credentials RENAME CONSTRAINT \"fk_connectivity_credentials_documents_document_id\" TO \"FK_connectivity_credentials_connectivity_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_dids RENAME CONSTRAINT \"fk_connectivity_dids_documents_document_id\" TO \"FK_connectivity_dids_connectivity_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_ips RENAME CONSTRAINT \"fk_connectivity_ips_documents_document_id\" TO \"FK_connectivity_ips_connectivity_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_realms RENAME CONSTRAINT \"fk_connectivity_realms_connectivity_documents_document_id\" TO \"FK_connectivity_realms_connectivity_documents_document_id\"");
            migrationBuilder.Sql("ALTER TABLE connectivity_revisions RENAME CONSTRAINT \"fk_connectivity_revisions_connectivity_documents_document_id\" TO \"FK_connectivity_revisions_connectivity_documents_document_id\"");
        }
    }
}
