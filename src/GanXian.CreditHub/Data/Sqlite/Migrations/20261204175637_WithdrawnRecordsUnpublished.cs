using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GanXian.CreditHub.Data.Sqlite.Migrations
{
    /// <summary>
    /// Data only: a completed withdrawal now clears the record's accepted hash (ReceiptApplier), since the platform no
    /// longer publishes it. Records withdrawn before kept the hash the platform's answer named, so they still looked
    /// published, and an export of that content again was taken as unchanged and never sent.
    /// </summary>
    public partial class WithdrawnRecordsUnpublished : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE exchange_records SET accepted_hash = NULL WHERE state = 'withdrawn' AND accepted_hash IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the cleared hashes are not kept to put back, and the code before this migration treats
            // a withdrawn record without one as one whose withdrawal the platform answered NOT_FOUND.
        }
    }
}
