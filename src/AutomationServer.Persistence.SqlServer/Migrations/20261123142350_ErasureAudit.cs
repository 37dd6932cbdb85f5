using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutomationServer.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ErasureAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContactErasures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContactId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ErasedBy = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    SuppressionsKept = table.Column<bool>(type: "bit", nullable: false),
                    Counts = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactErasures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContactErasures_ContactId",
                table: "ContactErasures",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_ContactErasures_ErasedAt",
                table: "ContactErasures",
                column: "ErasedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContactErasures");
        }
    }
}
