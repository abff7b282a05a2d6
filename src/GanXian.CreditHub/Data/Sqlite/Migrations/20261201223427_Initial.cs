using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace GanXian.CreditHub.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_chain_heads",
                columns: table => new
                {
                    chain = table.Column<short>(type: "INTEGER", nullable: false),
                    last_seq = table.Column<long>(type: "INTEGER", nullable: false),
                    last_hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_chain_heads", x => x.chain);
                });

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    chain = table.Column<short>(type: "INTEGER", nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    head_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    key_fingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    signature = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    chain = table.Column<short>(type: "INTEGER", nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", nullable: false),
                    catalog = table.Column<string>(type: "TEXT", nullable: true),
                    record_id = table.Column<string>(type: "TEXT", nullable: true),
                    batch_id = table.Column<string>(type: "TEXT", nullable: true),
                    entity_key = table.Column<string>(type: "TEXT", nullable: true),
                    state = table.Column<string>(type: "TEXT", nullable: true),
                    payload_hash = table.Column<string>(type: "TEXT", nullable: true),
                    detail = table.Column<string>(type: "TEXT", nullable: true),
                    prev_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => new { x.chain, x.seq });
                });

            migrationBuilder.CreateTable(
                name: "distributed_lock_leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    expires_at_unix_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_distributed_lock_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "exchange_batches",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    catalog = table.Column<string>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    body_hash = table.Column<string>(type: "TEXT", nullable: false),
                    record_count = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    receipted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    receipt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_feedback",
                columns: table => new
                {
                    feedback_id = table.Column<string>(type: "TEXT", nullable: false),
                    catalog = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    acknowledged_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_feedback", x => x.feedback_id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    catalog = table.Column<string>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", nullable: false),
                    imported_at = table.Column<long>(type: "INTEGER", nullable: false),
                    read_count = table.Column<long>(type: "INTEGER", nullable: false),
                    valid_count = table.Column<long>(type: "INTEGER", nullable: false),
                    quarantined_count = table.Column<long>(type: "INTEGER", nullable: false),
                    unchanged_count = table.Column<long>(type: "INTEGER", nullable: false),
                    changed_count = table.Column<long>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_input_rows",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    file_id = table.Column<long>(type: "INTEGER", nullable: false),
                    source_row = table.Column<long>(type: "INTEGER", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: true),
                    content_hash = table.Column<string>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_input_rows", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_quarantine",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    catalog = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: true),
                    file_id = table.Column<long>(type: "INTEGER", nullable: true),
                    file_name = table.Column<string>(type: "TEXT", nullable: true),
                    source_row = table.Column<long>(type: "INTEGER", nullable: true),
                    field = table.Column<string>(type: "TEXT", nullable: true),
                    rule = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    issues = table.Column<string>(type: "TEXT", nullable: false),
                    original = table.Column<string>(type: "TEXT", nullable: true),
                    data = table.Column<string>(type: "TEXT", nullable: true),
                    content_hash = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", nullable: true),
                    batch_id = table.Column<string>(type: "TEXT", nullable: true),
                    feedback_id = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_quarantine", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_receipts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    batch_id = table.Column<string>(type: "TEXT", nullable: false),
                    catalog = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    op = table.Column<string>(type: "TEXT", nullable: false),
                    sent_hash = table.Column<string>(type: "TEXT", nullable: true),
                    platform_id = table.Column<string>(type: "TEXT", nullable: true),
                    content_hash = table.Column<string>(type: "TEXT", nullable: true),
                    errors = table.Column<string>(type: "TEXT", nullable: true),
                    error_field = table.Column<string>(type: "TEXT", nullable: true),
                    error_code = table.Column<string>(type: "TEXT", nullable: true),
                    error_message = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_receipts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    catalog = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", nullable: false),
                    accepted_hash = table.Column<string>(type: "TEXT", nullable: true),
                    platform_id = table.Column<string>(type: "TEXT", nullable: true),
                    state = table.Column<string>(type: "TEXT", nullable: false),
                    op = table.Column<string>(type: "TEXT", nullable: false),
                    batch_id = table.Column<string>(type: "TEXT", nullable: true),
                    publish_until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    entity_key = table.Column<string>(type: "TEXT", nullable: true),
                    source_file_id = table.Column<long>(type: "INTEGER", nullable: true),
                    source_row = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identity_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    KeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PersonalData = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_api_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "identity_data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "identity_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PersonalData = table.Column<bool>(type: "INTEGER", nullable: false),
                    Disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastLoginAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    job_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    job_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    node = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    fire_instance_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    scheduled_fire_time = table.Column<long>(type: "INTEGER", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    counts = table.Column<string>(type: "TEXT", nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_runs", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "audit_chain_heads",
                columns: new[] { "chain", "last_hash", "last_seq" },
                values: new object[,]
                {
                    { (short)1, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0L },
                    { (short)2, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0L }
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_checkpoints_chain_seq",
                table: "audit_checkpoints",
                columns: new[] { "chain", "seq" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_batch_id",
                table: "audit_entries",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_key",
                table: "audit_entries",
                column: "entity_key");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_occurred_at",
                table: "audit_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_record_id",
                table: "audit_entries",
                column: "record_id");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_batches_catalog_state",
                table: "exchange_batches",
                columns: new[] { "catalog", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_files_source_content_hash",
                table: "exchange_files",
                columns: new[] { "source", "content_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_input_rows_file_id_source_row",
                table: "exchange_input_rows",
                columns: new[] { "file_id", "source_row" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_quarantine_feedback_id",
                table: "exchange_quarantine",
                column: "feedback_id");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_quarantine_file_name_source_row",
                table: "exchange_quarantine",
                columns: new[] { "file_name", "source_row" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_quarantine_status_catalog_record_id",
                table: "exchange_quarantine",
                columns: new[] { "status", "catalog", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_receipts_batch_id",
                table: "exchange_receipts",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_receipts_catalog_record_id",
                table: "exchange_receipts",
                columns: new[] { "catalog", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_records_batch_id",
                table: "exchange_records",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_records_catalog_record_id",
                table: "exchange_records",
                columns: new[] { "catalog", "record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_records_catalog_state_id",
                table: "exchange_records",
                columns: new[] { "catalog", "state", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_identity_api_keys_KeyId",
                table: "identity_api_keys",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_identity_api_keys_Name",
                table: "identity_api_keys",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_identity_users_UserName",
                table: "identity_users",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_job_name_started_at",
                table: "job_runs",
                columns: new[] { "job_name", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_started_at",
                table: "job_runs",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_chain_heads");

            migrationBuilder.DropTable(
                name: "audit_checkpoints");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "distributed_lock_leases");

            migrationBuilder.DropTable(
                name: "exchange_batches");

            migrationBuilder.DropTable(
                name: "exchange_feedback");

            migrationBuilder.DropTable(
                name: "exchange_files");

            migrationBuilder.DropTable(
                name: "exchange_input_rows");

            migrationBuilder.DropTable(
                name: "exchange_quarantine");

            migrationBuilder.DropTable(
                name: "exchange_receipts");

            migrationBuilder.DropTable(
                name: "exchange_records");

            migrationBuilder.DropTable(
                name: "identity_api_keys");

            migrationBuilder.DropTable(
                name: "identity_data_protection_keys");

            migrationBuilder.DropTable(
                name: "identity_users");

            migrationBuilder.DropTable(
                name: "job_runs");
        }
    }
}
