using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GanXian.CreditHub.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditLogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_batch_id",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_entity_key",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_record_id",
                table: "audit_entries");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_batch_id",
                table: "audit_entries",
                column: "batch_id")
                .Annotation("Npgsql:IndexMethod", "hash");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_key",
                table: "audit_entries",
                column: "entity_key")
                .Annotation("Npgsql:IndexMethod", "hash");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_record_id",
                table: "audit_entries",
                column: "record_id")
                .Annotation("Npgsql:IndexMethod", "hash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_batch_id",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_entity_key",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_record_id",
                table: "audit_entries");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_batch_id",
                table: "audit_entries",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_key",
                table: "audit_entries",
                column: "entity_key");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_record_id",
                table: "audit_entries",
                column: "record_id");
        }
    }
}
