using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AutomationServer.Persistence.Sqlite;

/// <summary>
/// Stores Guids as 16-byte BLOBs instead of SQLite's default 36-character TEXT. A waiting instance carries its id in
/// the row and in every index entry, so this is what keeps a waiting contact well under a kilobyte.
/// Stores decimals (attribute numbers, event amounts) as REAL: SQLite's default TEXT compares and sorts as text and
/// cannot be summed in SQL, which segment conditions need.
/// </summary>
internal sealed class SqliteWorkflowModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    private static readonly GuidToBigEndianBytesConverter GuidAsBytes = new();
    private static readonly ValueConverter<decimal, double> DecimalAsReal = new(value => (double)value, value => (decimal)value);

    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(entity => entity.GetProperties()))
        {
            if (property.ClrType == typeof(Guid) || property.ClrType == typeof(Guid?))
            {
                property.SetValueConverter(GuidAsBytes);
            }
            else if (property.ClrType == typeof(decimal) || property.ClrType == typeof(decimal?))
            {
                property.SetValueConverter(DecimalAsReal);
            }
        }
    }
}

/// <summary>
/// Big-endian (RFC 9562) byte order: the BLOB reads like the Guid's text and time-ordered (version 7) ids sort
/// by time, so indexes on them grow at the end instead of splitting pages all over.
/// </summary>
internal sealed class GuidToBigEndianBytesConverter() : ValueConverter<Guid, byte[]>(guid => ToBytes(guid), bytes => FromBytes(bytes))
{
    public static byte[] ToBytes(Guid guid) => guid.ToByteArray(bigEndian: true);

    public static Guid FromBytes(byte[] bytes) => new(bytes, bigEndian: true);
}
