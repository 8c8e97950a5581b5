using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VoiceFlow.Server.Infrastructure.Database.Migrations
{
    /// <inheritdoc />
    public partial class DeploymentsAndTtsUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "deployments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    gpu_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    deployment_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    engine = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    provider = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    hourly_cost_cents = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    endpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    replicas = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    provisioning_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    stop_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    provider_handle = table.Column<string>(type: "jsonb", nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    stuck_reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deployments", x => x.id);
                    table.ForeignKey(
                        name: "fk_deployments_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_deployments_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tts_usage_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    api_key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    engine = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    characters = table.Column<int>(type: "integer", nullable: false),
                    audio_seconds = table.Column<double>(type: "double precision", nullable: false),
                    overage = table.Column<bool>(type: "boolean", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tts_usage_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tts_usage_monthly",
                columns: table => new
                {
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    requests = table.Column<long>(type: "bigint", nullable: false),
                    characters = table.Column<long>(type: "bigint", nullable: false),
                    audio_seconds = table.Column<double>(type: "double precision", nullable: false),
                    overage_requests = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tts_usage_monthly", x => new { x.team_id, x.month });
                });

            migrationBuilder.CreateTable(
                name: "deployment_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    previous_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deployment_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_deployment_events_deployments_deployment_id",
                        column: x => x.deployment_id,
                        principalTable: "deployments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deployment_log_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    line = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deployment_log_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_deployment_log_lines_deployments_deployment_id",
                        column: x => x.deployment_id,
                        principalTable: "deployments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deployment_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    gpu_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    hourly_cost_cents = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deployment_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_deployment_runs_deployments_deployment_id",
                        column: x => x.deployment_id,
                        principalTable: "deployments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deployment_events_deployment_id_sequence",
                table: "deployment_events",
                columns: new[] { "deployment_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_deployment_log_lines_deployment_id_id",
                table: "deployment_log_lines",
                columns: new[] { "deployment_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_deployment_runs_deployment_id",
                table: "deployment_runs",
                column: "deployment_id");

            migrationBuilder.CreateIndex(
                name: "ix_deployment_runs_team_id_started_at",
                table: "deployment_runs",
                columns: new[] { "team_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_deployments_active",
                table: "deployments",
                column: "created_at",
                filter: "status NOT IN ('stopped', 'failed')");

            migrationBuilder.CreateIndex(
                name: "ix_deployments_created_by_user_id",
                table: "deployments",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_deployments_team_id_name",
                table: "deployments",
                columns: new[] { "team_id", "name" },
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tts_usage_events_api_key_id_at",
                table: "tts_usage_events",
                columns: new[] { "api_key_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_tts_usage_events_team_id_at",
                table: "tts_usage_events",
                columns: new[] { "team_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deployment_events");

            migrationBuilder.DropTable(
                name: "deployment_log_lines");

            migrationBuilder.DropTable(
                name: "deployment_runs");

            migrationBuilder.DropTable(
                name: "tts_usage_events");

            migrationBuilder.DropTable(
                name: "tts_usage_monthly");

            migrationBuilder.DropTable(
                name: "deployments");
        }
    }
}
