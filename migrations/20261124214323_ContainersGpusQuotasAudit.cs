using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ContainersGpusQuotasAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GpuLeases",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PortalContainerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DockerContainerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContainerName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LeasedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GpuLeases", x => x.DeviceId);
                });

            migrationBuilder.CreateTable(
                name: "LaunchTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Image = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CommandJson = table.Column<string>(type: "TEXT", nullable: true),
                    EnvironmentJson = table.Column<string>(type: "TEXT", nullable: true),
                    PortsJson = table.Column<string>(type: "TEXT", nullable: true),
                    Gpus = table.Column<int>(type: "INTEGER", nullable: false),
                    Cpus = table.Column<double>(type: "REAL", nullable: true),
                    MemoryMiB = table.Column<int>(type: "INTEGER", nullable: true),
                    ShmSizeMiB = table.Column<int>(type: "INTEGER", nullable: true),
                    Workspace = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LaunchTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserQuotas",
                columns: table => new
                {
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MaxGpus = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxContainers = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxCpusPerContainer = table.Column<double>(type: "REAL", nullable: true),
                    MaxMemoryMiBPerContainer = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxShmMiBPerContainer = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserQuotas", x => x.UserName);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_Actor_At",
                table: "AuditRecords",
                columns: new[] { "Actor", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_At",
                table: "AuditRecords",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_GpuLeases_Owner",
                table: "GpuLeases",
                column: "Owner");

            migrationBuilder.CreateIndex(
                name: "IX_GpuLeases_PortalContainerId",
                table: "GpuLeases",
                column: "PortalContainerId");

            migrationBuilder.CreateIndex(
                name: "IX_LaunchTemplates_Name",
                table: "LaunchTemplates",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditRecords");

            migrationBuilder.DropTable(
                name: "GpuLeases");

            migrationBuilder.DropTable(
                name: "LaunchTemplates");

            migrationBuilder.DropTable(
                name: "UserQuotas");
        }
    }
}
