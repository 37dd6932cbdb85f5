using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutomationServer.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class JourneyEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "JourneyEntries",
                columns: table => new
                {
                    DefinitionId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    CorrelationId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    FirstStartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastStartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JourneyEntries", x => new { x.DefinitionId, x.CorrelationId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JourneyEntries");
        }
    }
}
