using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GanXian.CreditHub.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ExchangeInputRowEntityKeyLz4 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "entity_key",
                table: "exchange_input_rows",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "entity_key",
                table: "exchange_input_rows");
        }
    }
}
