using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutomationServer.Persistence.Bulk;

/// <summary>
/// An entity's table and columns as the EF model maps them, with the type mapping that converts each value
/// (UTC times, enum names, provider-specific Guid storage), so hand-written inserts store exactly what EF would.
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
                property.GetRelationalTypeMapping()))
            .ToList();
        return new TableColumns(sql.DelimitIdentifier(table, entityType.GetSchema()), columns);
    }
}

public sealed class TableColumn(string delimitedName, PropertyInfo property, RelationalTypeMapping mapping)
{
    public string DelimitedName { get; } = delimitedName;

    public RelationalTypeMapping Mapping { get; } = mapping;

    /// <summary>The row's value as the database stores it, or null.</summary>
    public object? ProviderValue(object row)
    {
        var value = property.GetValue(row);
        return value is null || Mapping.Converter is null ? value : Mapping.Converter.ConvertToProvider(value);
    }
}
