using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <inheritdoc />
    public partial class AddChangeFeedAccountIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_connectivity_changes_account_position",
                table: "connectivity_changes",
                columns: new[] { "account_id", "position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_connectivity_changes_account_position",
                table: "connectivity_changes");
        }
    }
}
