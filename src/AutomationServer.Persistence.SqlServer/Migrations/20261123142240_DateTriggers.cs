using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutomationServer.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DateTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DateTriggerFirings",
                columns: table => new
                {
                    KeyHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    ContactId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Occurrence = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DateTriggerFirings", x => new { x.KeyHash, x.ContactId, x.Occurrence });
                    table.ForeignKey(
                        name: "FK_DateTriggerFirings_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DateTriggerScans",
                columns: table => new
                {
                    KeyHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ScannedUntil = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DateTriggerScans", x => x.KeyHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_TimeZone",
                table: "Contacts",
                column: "TimeZone");

            migrationBuilder.CreateIndex(
                name: "IX_DateTriggerFirings_ContactId",
                table: "DateTriggerFirings",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_DateTriggerFirings_Occurrence",
                table: "DateTriggerFirings",
                column: "Occurrence");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DateTriggerFirings");

            migrationBuilder.DropTable(
                name: "DateTriggerScans");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_TimeZone",
                table: "Contacts");
        }
    }
}
