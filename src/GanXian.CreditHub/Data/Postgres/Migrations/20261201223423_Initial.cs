using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace GanXian.CreditHub.Data.Postgres.Migrations
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
                    chain = table.Column<short>(type: "smallint", nullable: false),
                    last_seq = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_chain_heads", x => x.chain);
                });

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain = table.Column<short>(type: "smallint", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    head_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    key_fingerprint = table.Column<string>(type: "text", nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    chain = table.Column<short>(type: "smallint", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    catalog = table.Column<string>(type: "text", nullable: true),
                    record_id = table.Column<string>(type: "text", nullable: true),
                    batch_id = table.Column<string>(type: "text", nullable: true),
                    entity_key = table.Column<string>(type: "text", nullable: true),
                    state = table.Column<string>(type: "text", nullable: true),
                    payload_hash = table.Column<string>(type: "text", nullable: true),
                    detail = table.Column<string>(type: "text", nullable: true),
                    prev_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => new { x.chain, x.seq });
                });

            migrationBuilder.CreateTable(
                name: "distributed_lock_leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    expires_at_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_distributed_lock_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "exchange_batches",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    catalog = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    body_hash = table.Column<string>(type: "text", nullable: false),
                    record_count = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    receipted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    receipt = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_feedback",
                columns: table => new
                {
                    feedback_id = table.Column<string>(type: "text", nullable: false),
                    catalog = table.Column<string>(type: "text", nullable: false),
                    record_id = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_feedback", x => x.feedback_id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "text", nullable: false),
                    catalog = table.Column<string>(type: "text", nullable: false),
                    file_name = table.Column<string>(type: "text", nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_count = table.Column<long>(type: "bigint", nullable: false),
                    valid_count = table.Column<long>(type: "bigint", nullable: false),
                    quarantined_count = table.Column<long>(type: "bigint", nullable: false),
                    unchanged_count = table.Column<long>(type: "bigint", nullable: false),
                    changed_count = table.Column<long>(type: "bigint", nullable: false),
                    message = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_input_rows",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    file_id = table.Column<long>(type: "bigint", nullable: false),
                    source_row = table.Column<long>(type: "bigint", nullable: false),
                    record_id = table.Column<string>(type: "text", nullable: true),
                    content_hash = table.Column<string>(type: "text", nullable: true),
                    outcome = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_input_rows", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_quarantine",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    catalog = table.Column<string>(type: "text", nullable: false),
                    record_id = table.Column<string>(type: "text", nullable: true),
                    file_id = table.Column<long>(type: "bigint", nullable: true),
                    file_name = table.Column<string>(type: "text", nullable: true),
                    source_row = table.Column<long>(type: "bigint", nullable: true),
                    field = table.Column<string>(type: "text", nullable: true),
                    rule = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    issues = table.Column<string>(type: "text", nullable: false),
                    original = table.Column<string>(type: "text", nullable: true),
                    data = table.Column<string>(type: "text", nullable: true),
                    content_hash = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "text", nullable: true),
                    note = table.Column<string>(type: "text", nullable: true),
                    batch_id = table.Column<string>(type: "text", nullable: true),
                    feedback_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_quarantine", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_receipts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    batch_id = table.Column<string>(type: "text", nullable: false),
                    catalog = table.Column<string>(type: "text", nullable: false),
                    record_id = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    op = table.Column<string>(type: "text", nullable: false),
                    sent_hash = table.Column<string>(type: "text", nullable: true),
                    platform_id = table.Column<string>(type: "text", nullable: true),
                    content_hash = table.Column<string>(type: "text", nullable: true),
                    errors = table.Column<string>(type: "text", nullable: true),
                    error_field = table.Column<string>(type: "text", nullable: true),
                    error_code = table.Column<string>(type: "text", nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_receipts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    catalog = table.Column<string>(type: "text", nullable: false),
                    record_id = table.Column<string>(type: "text", nullable: false),
                    data = table.Column<string>(type: "text", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    accepted_hash = table.Column<string>(type: "text", nullable: true),
                    platform_id = table.Column<string>(type: "text", nullable: true),
                    state = table.Column<string>(type: "text", nullable: false),
                    op = table.Column<string>(type: "text", nullable: false),
                    batch_id = table.Column<string>(type: "text", nullable: true),
                    publish_until = table.Column<DateOnly>(type: "date", nullable: true),
                    entity_key = table.Column<string>(type: "text", nullable: true),
                    source_file_id = table.Column<long>(type: "bigint", nullable: true),
                    source_row = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identity_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    KeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    KeyHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Roles = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PersonalData = table.Column<bool>(type: "boolean", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_api_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "identity_data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "identity_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PasswordHash = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Roles = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PersonalData = table.Column<bool>(type: "boolean", nullable: false),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    FailedAttempts = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SecurityStamp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastLoginAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    job_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    node = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    trigger = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    fire_instance_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    scheduled_fire_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    counts = table.Column<string>(type: "text", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
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
                column: "occurred_at")
                .Annotation("Npgsql:IndexMethod", "brin");

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
