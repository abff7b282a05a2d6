using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GanXian.CreditHub.Data.Postgres.Migrations
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
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "receipt",
                table: "exchange_batches",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true)
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "body",
                table: "exchange_batches",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text")
                .Annotation("Npgsql:Compression:", "lz4");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "entity_key",
                table: "exchange_input_rows");

            migrationBuilder.AlterColumn<string>(
                name: "receipt",
                table: "exchange_batches",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true)
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "body",
                table: "exchange_batches",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text")
                .OldAnnotation("Npgsql:Compression:", "lz4");
        }
    }
}
