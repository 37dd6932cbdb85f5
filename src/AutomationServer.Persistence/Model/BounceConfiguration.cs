using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Bounces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class SoftBounceConfiguration : IEntityTypeConfiguration<SoftBounceRecord>
{
    public const string Table = "SoftBounces";

    /// <summary>"sha256:" and 64 hex digits.</summary>
    private const int AddressHashLength = 71;

    public void Configure(EntityTypeBuilder<SoftBounceRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(b => new { b.Channel, b.AddressHash });
        builder.Property(b => b.Channel).HasMaxLength(AudienceTables.KindLength);
        builder.Property(b => b.AddressHash).HasMaxLength(AddressHashLength).IsUnicode(false);
        // Two bounces of one address counted at the same time: the second save fails and is counted again.
        builder.Property(b => b.Count).IsConcurrencyToken();
    }
}
