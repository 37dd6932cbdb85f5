using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<ContactRecord>
{
    public void Configure(EntityTypeBuilder<ContactRecord> builder)
    {
        builder.ToTable(AudienceTables.Contacts);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.TimeZone).HasMaxLength(AudienceTables.NameLength);
        builder.Property(c => c.Locale).HasMaxLength(AudienceTables.KindLength);
        builder.Property(c => c.LifecycleStage).HasMaxLength(AudienceTables.NameLength);
        builder.Property(c => c.Score).HasDefaultValue(0);
        builder.Property(c => c.Revision).IsConcurrencyToken();
    }
}

/// <summary>The rows owned by a contact go with it: deleting a contact (erase, the loser of a merge) deletes them.</summary>
internal static class ContactOwnership
{
    public static void BelongsToContact<TRecord>(this EntityTypeBuilder<TRecord> builder, System.Linq.Expressions.Expression<Func<TRecord, object?>> contactId)
        where TRecord : class =>
        builder.HasOne<ContactRecord>().WithMany().HasForeignKey(contactId).OnDelete(DeleteBehavior.Cascade);
}
