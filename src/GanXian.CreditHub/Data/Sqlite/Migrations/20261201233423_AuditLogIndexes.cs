using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GanXian.CreditHub.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditLogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
