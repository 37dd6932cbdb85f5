using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutomationServer.Persistence.Bulk;

/// <summary>
/// An entity's table and columns as the EF model maps them, with the type mapping that converts each value
/// (UTC times, enum names, provider-specific Guid storage), so hand-written statements store exactly what EF would.
/// </summary>
public sealed class TableColumns
{
    private TableColumns(string delimitedTable, IReadOnlyList<TableColumn> columns)
    {
        DelimitedTable = delimitedTable;
        Columns = columns;
    }

    public string DelimitedTable { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The single-column primary key.</summary>
    public TableColumn Key => Columns.Single(c => c.IsKey);

    /// <summary>The concurrency token; throws when the entity has none.</summary>
    public TableColumn ConcurrencyToken => Columns.SingleOrDefault(c => c.IsConcurrencyToken)
        ?? throw new InvalidOperationException($"{DelimitedTable} has no concurrency token.");

    public string InsertSql(Func<int, string> parameter) =>
        $"INSERT INTO {DelimitedTable} ({string.Join(", ", Columns.Select(c => c.DelimitedName))}) " +
        $"VALUES ({string.Join(", ", Columns.Select((_, i) => parameter(i)))})";

    /// <summary>
    /// UPDATE of every non-key column; parameter i is column i's value, parameter <c>Columns.Count</c> the original token.
    /// </summary>
    public string VersionedUpdateSql(Func<int, string> parameter)
    {
        var assignments = Columns
            .Select((column, i) => (column, i))
            .Where(c => !c.column.IsKey)
            .Select(c => $"{c.column.DelimitedName} = {parameter(c.i)}");
        var key = Columns.Select((column, i) => (column, i)).Single(c => c.column.IsKey);
        return $"UPDATE {DelimitedTable} SET {string.Join(", ", assignments)} " +
               $"WHERE {key.column.DelimitedName} = {parameter(key.i)} AND {ConcurrencyToken.DelimitedName} = {parameter(Columns.Count)}";
    }

    public static TableColumns For<TEntity>(WorkflowDbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not part of the workflow model.");
        var table = entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table.");
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();

        var columns = entityType.GetProperties()
            .Select(property => new TableColumn(
                sql.DelimitIdentifier(property.GetColumnName(store)!),
                property.PropertyInfo ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property.Name} has no CLR property."),
                property.GetRelationalTypeMapping(),
                property.IsPrimaryKey(),
                property.IsConcurrencyToken))
            .ToList();
        return new TableColumns(sql.DelimitIdentifier(table, entityType.GetSchema()), columns);
    }
}

public sealed class TableColumn(string delimitedName, PropertyInfo property, RelationalTypeMapping mapping, bool isKey, bool isConcurrencyToken)
{
    public string DelimitedName { get; } = delimitedName;

    public RelationalTypeMapping Mapping { get; } = mapping;

    public bool IsKey { get; } = isKey;

    public bool IsConcurrencyToken { get; } = isConcurrencyToken;

    /// <summary>The row's value as the database stores it, or null.</summary>
    public object? ProviderValue(object row) => ToProvider(property.GetValue(row));

    public object? ToProvider(object? value) => value is null || Mapping.Converter is null ? value : Mapping.Converter.ConvertToProvider(value);
}
