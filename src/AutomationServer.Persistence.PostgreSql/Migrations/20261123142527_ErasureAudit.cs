using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutomationServer.Persistence.PostgreSql.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ErasedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    SuppressionsKept = table.Column<bool>(type: "boolean", nullable: false),
                    Counts = table.Column<string>(type: "text", nullable: false)
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
