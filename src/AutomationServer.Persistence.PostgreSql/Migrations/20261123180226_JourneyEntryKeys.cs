using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutomationServer.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class JourneyEntryKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastEntryKey",
                table: "JourneyEntries",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastEntryKey",
                table: "JourneyEntries");
        }
    }
}
