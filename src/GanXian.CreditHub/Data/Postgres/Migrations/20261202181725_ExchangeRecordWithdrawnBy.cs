using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GanXian.CreditHub.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ExchangeRecordWithdrawnBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "withdrawn_by",
                table: "exchange_records",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "withdrawn_by",
                table: "exchange_records");
        }
    }
}
