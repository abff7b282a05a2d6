using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GanXian.CreditHub.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ExchangeThroughput : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_exchange_records_batch_id",
                table: "exchange_records");

            migrationBuilder.DropIndex(
                name: "IX_exchange_records_catalog_state_id",
                table: "exchange_records");

            migrationBuilder.DropIndex(
                name: "IX_exchange_receipts_catalog_record_id",
                table: "exchange_receipts");

            migrationBuilder.AlterTable(
                name: "exchange_records")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "exchange_records")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_records_batch_id",
                table: "exchange_records",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_records_catalog_state_id",
                table: "exchange_records",
                columns: new[] { "catalog", "state", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_receipts_catalog_record_id",
                table: "exchange_receipts",
                columns: new[] { "catalog", "record_id" });
        }
    }
}
