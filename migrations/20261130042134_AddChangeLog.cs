using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectivity.Api.Migrations
{
    /// <inheritdoc />
    public partial class AddChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "connectivity_change_head",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_change_head", x => x.id);
                    table.CheckConstraint("ck_connectivity_change_head_single", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "connectivity_changes",
                columns: table => new
                {
                    position = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    document_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    document_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: true),
                    operation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connectivity_changes", x => x.position);
                });

            migrationBuilder.InsertData(
                table: "connectivity_change_head",
                columns: new[] { "id", "position" },
                values: new object[] { 1, 0L });

            // Every committed write of a document or a phone number appends one entry, from a trigger so that no write
            // path (nor a hand-run UPDATE) can forget it. The trigger is deferred to commit time and takes the head
            // row's lock there: transactions number their changes one after another in the order they commit, so a
            // reader that sees position n has already been able to see every position before it, and a rolled-back
            // write leaves no gap. The lock is held only from the trigger to the commit.
            migrationBuilder.Sql("""
                CREATE FUNCTION connectivity_append_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    next_position bigint;
                    written_operation text;
                BEGIN
                    UPDATE connectivity_change_head SET position = position + 1 WHERE id = 1 RETURNING position INTO next_position;
                    IF TG_TABLE_NAME = 'connectivity_documents' THEN
                        IF TG_OP = 'DELETE' THEN
                            INSERT INTO connectivity_changes VALUES
                                (next_position, OLD.account_id, 'connectivity', OLD.id, OLD.revision_number, 'delete', clock_timestamp());
                        ELSE
                            IF TG_OP = 'INSERT' THEN
                                written_operation := 'create';
                            ELSIF NEW.deleted AND NOT OLD.deleted THEN
                                written_operation := 'delete';
                            ELSIF NEW.revision_number <> OLD.revision_number THEN
                                SELECT r.operation INTO written_operation FROM connectivity_revisions r
                                WHERE r.document_id = NEW.id AND r.revision_number = NEW.revision_number;
                            END IF;
                            INSERT INTO connectivity_changes VALUES
                                (next_position, NEW.account_id, 'connectivity', NEW.id, NEW.revision_number,
                                 COALESCE(written_operation, 'update'), clock_timestamp());
                        END IF;
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO connectivity_changes VALUES
                            (next_position, OLD.account_id, 'phone_number', OLD.number, NULL, 'delete', clock_timestamp());
                    ELSE
                        INSERT INTO connectivity_changes VALUES
                            (next_position, NEW.account_id, 'phone_number', NEW.number, NULL, lower(TG_OP), clock_timestamp());
                    END IF;
                    -- One wake-up per transaction (identical notifications are folded); the log, not this, is the truth.
                    PERFORM pg_notify('connectivity_changes', '');
                    RETURN NULL;
                END
                $$;

                CREATE CONSTRAINT TRIGGER connectivity_documents_changed
                    AFTER INSERT OR UPDATE OR DELETE ON connectivity_documents
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION connectivity_append_change();

                CREATE CONSTRAINT TRIGGER phone_numbers_changed
                    AFTER INSERT OR UPDATE OR DELETE ON phone_numbers
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION connectivity_append_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER phone_numbers_changed ON phone_numbers;
                DROP TRIGGER connectivity_documents_changed ON connectivity_documents;
                DROP FUNCTION connectivity_append_change();
                """);
            migrationBuilder.DropTable(
                name: "connectivity_change_head");

            migrationBuilder.DropTable(
                name: "connectivity_changes");
        }
    }
}
