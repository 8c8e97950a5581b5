using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceFlow.Server.Infrastructure.Database.Migrations
{
    /// <inheritdoc />
    public partial class QualityPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "last_error",
                table: "analysis_jobs",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_until",
                table: "analysis_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "locked_by",
                table: "analysis_jobs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "payouts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    contributor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount_cents = table.Column<int>(type: "integer", nullable: false),
                    recording_count = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    transfer_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payouts", x => x.id);
                    table.ForeignKey(
                        name: "fk_payouts_contributors_contributor_id",
                        column: x => x.contributor_id,
                        principalTable: "contributors",
                        principalColumn: "user_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recording_assessments",
                columns: table => new
                {
                    recording_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quality_score = table.Column<int>(type: "integer", nullable: false),
                    snr_db = table.Column<double>(type: "double precision", nullable: false),
                    snr_score = table.Column<double>(type: "double precision", nullable: false),
                    clarity = table.Column<double>(type: "double precision", nullable: false),
                    audio_quality = table.Column<double>(type: "double precision", nullable: false),
                    clipping = table.Column<double>(type: "double precision", nullable: false),
                    clipped_ms = table.Column<double>(type: "double precision", nullable: false),
                    speech_ms = table.Column<double>(type: "double precision", nullable: false),
                    transcript_match = table.Column<double>(type: "double precision", nullable: true),
                    transcript = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    asr_model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    decision_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    payment_cents = table.Column<int>(type: "integer", nullable: false),
                    payout_id = table.Column<Guid>(type: "uuid", nullable: true),
                    scored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reviewed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_assessments", x => x.recording_id);
                    table.ForeignKey(
                        name: "fk_recording_assessments_recordings_recording_id",
                        column: x => x.recording_id,
                        principalTable: "recordings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payouts_contributor_id_requested_at",
                table: "payouts",
                columns: new[] { "contributor_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recording_assessments_payout_id",
                table: "recording_assessments",
                column: "payout_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payouts");

            migrationBuilder.DropTable(
                name: "recording_assessments");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "analysis_jobs");

            migrationBuilder.DropColumn(
                name: "locked_by",
                table: "analysis_jobs");

            migrationBuilder.AlterColumn<string>(
                name: "last_error",
                table: "analysis_jobs",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2000)",
                oldMaxLength: 2000,
                oldNullable: true);
        }
    }
}
