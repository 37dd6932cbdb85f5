using System.Globalization;
using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Persistence.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Persistence.Tests;

public abstract class PrivacyStoreTests : DatabaseTests
{
    private const string Email = "erase.me@example.com";
    private const string Phone = "+4915112345678";
    private static readonly CancellationToken None = CancellationToken.None;

    private IContactStore Contacts => Database.Services.GetRequiredService<IContactStore>();

    private IPrivacyStore Privacy => Database.Services.GetRequiredService<IPrivacyStore>();

    [DatabaseFact]
    public async Task Erasure_leaves_neither_the_email_nor_the_phone_in_any_table_and_keeps_a_hashed_suppression_and_an_audit_record()
    {
        var contact = await SeedContactAsync();
        Assert.NotEqual(0, await CountRowsMentioningAsync(Email));

        var audit = new ContactErasureRecord { Id = Guid.CreateVersion7(), ContactId = contact, ErasedAt = Sample.Now, ErasedBy = "ops-key", SuppressionsKept = true };
        var counts = await Privacy.EraseAsync(contact, [Email, Phone], keepSuppressions: true, audit, None);

        Assert.NotNull(counts);
        Assert.Equal((2, 1, 1, 1), (counts.Identities, counts.Events, counts.ConsentChanges, counts.SuppressionsKept));
        Assert.Equal(0, await CountRowsMentioningAsync(Email));
        Assert.Equal(0, await CountRowsMentioningAsync(Phone));
        Assert.Equal(0, await CountRowsMentioningAsync(Phone.TrimStart('+')));
        await using var db = await ContextAsync();
        var suppression = Assert.Single(await db.Suppressions.ToListAsync());
        Assert.Equal(SuppressedAddress.Hashed(Email), suppression.Address);
        Assert.Equal("Erased with the contact.", suppression.Reason);
        var stored = Assert.Single(await Privacy.ListErasuresAsync(contact, 0, 10, None));
        Assert.Equal(("ops-key", true), (stored.ErasedBy, stored.SuppressionsKept));
        Assert.Contains("\"identities\":2", stored.Counts, StringComparison.Ordinal);
        Assert.Null(await Privacy.EraseAsync(contact, [Email], keepSuppressions: true, audit, None));
    }

    [DatabaseFact]
    public async Task Erasure_without_keeping_suppressions_removes_both_forms()
    {
        var contact = await SeedContactAsync();
        await using (var db = await ContextAsync())
        {
            db.Suppressions.Add(new SuppressionRecord { Channel = "sms", Address = SuppressedAddress.Hashed(Phone), CreatedAt = Sample.Now });
            await db.SaveChangesAsync();
        }

        var audit = new ContactErasureRecord { Id = Guid.CreateVersion7(), ContactId = contact, ErasedAt = Sample.Now };
        var counts = await Privacy.EraseAsync(contact, [Email, Phone], keepSuppressions: false, audit, None);

        Assert.Equal(2, counts!.SuppressionsRemoved);
        await using var after = await ContextAsync();
        Assert.False(await after.Suppressions.AnyAsync());
    }

    private async Task<Guid> SeedContactAsync()
    {
        var identities = new List<ContactIdentityRecord> { new() { Kind = "email", Value = Email }, new() { Kind = "phone", Value = Phone } };
        var contact = (await Contacts.UpsertAsync([new ContactPatch(identities, null, null, null, null, null, [], [], ["vip"])], Sample.Now, None)).Single().ContactId;
        await Database.Services.GetRequiredService<IContactEventStore>().AppendAsync(
            [new ContactEventRecord { Id = Guid.CreateVersion7(), ContactId = contact, Name = "signup", OccurredAt = Sample.Now, ReceivedAt = Sample.Now, Properties = $$"""{"email":"{{Email}}"}""" }], None);
        await Database.Services.GetRequiredService<IConsentStore>().SetAsync(
            new ConsentChangeRecord { Id = Guid.CreateVersion7(), ContactId = contact, Channel = "email", Topic = "", Status = ConsentStatus.Subscribed, Source = $"form:{Email}", OccurredAt = Sample.Now }, null, None);
        await using var db = await ContextAsync();
        db.Suppressions.Add(new SuppressionRecord { Channel = "email", Address = Email, Reason = $"{Email} asked by phone", CreatedAt = Sample.Now });
        await db.SaveChangesAsync();
        return contact;
    }

    /// <summary>Rows of any table of the model with a text column containing <paramref name="text"/> (case-insensitive).</summary>
    private async Task<int> CountRowsMentioningAsync(string text)
    {
        await using var db = await ContextAsync();
        var sql = db.GetService<ISqlGenerationHelper>();
        var total = 0;
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var columns = entity.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => sql.DelimitIdentifier(p.GetColumnName())).ToList();
            if (columns.Count == 0)
            {
                continue;
            }

            var where = string.Join(" OR ", columns.Select(c => $"LOWER({c}) LIKE {{0}}"));
            var query = $"SELECT COUNT(*) AS \"Value\" FROM {sql.DelimitIdentifier(entity.GetTableName()!)} WHERE {where}";
            total += await db.Database.SqlQueryRaw<int>(query, "%" + text.ToLower(CultureInfo.InvariantCulture) + "%").SingleAsync();
        }

        return total;
    }

    private async Task<WorkflowDbContext> ContextAsync() =>
        await Database.Services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();
}

public sealed class SqlitePrivacyStoreTests : PrivacyStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[RequiresPostgreSql]
public sealed class PostgreSqlPrivacyStoreTests : PrivacyStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
