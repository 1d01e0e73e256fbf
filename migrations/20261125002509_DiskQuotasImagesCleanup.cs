using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class DiskQuotasImagesCleanup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "MaxDiskGiB",
                table: "UserQuotas",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CleanupSchedules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Targets = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OlderThanDays = table.Column<int>(type: "INTEGER", nullable: false),
                    NoticeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunSummary = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CleanupSchedules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImageRecords",
                columns: table => new
                {
                    ImageId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImageRecords", x => x.ImageId);
                });

            migrationBuilder.CreateTable(
                name: "ProtectedImages",
                columns: table => new
                {
                    Reference = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ProtectedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProtectedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectedImages", x => x.Reference);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImageRecords_Owner",
                table: "ImageRecords",
                column: "Owner");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CleanupSchedules");

            migrationBuilder.DropTable(
                name: "ImageRecords");

            migrationBuilder.DropTable(
                name: "ProtectedImages");

            migrationBuilder.DropColumn(
                name: "MaxDiskGiB",
                table: "UserQuotas");
        }
    }
}
