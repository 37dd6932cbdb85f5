using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;

namespace AutomationServer.Audience.Import;

/// <summary>
/// Binds the CSV header to contact fields. Targets: <c>email</c>, <c>phone</c>, <c>external:&lt;system&gt;</c>,
/// <c>timeZone</c>, <c>locale</c>, <c>lifecycleStage</c>, <c>score</c>, <c>tags</c>, <c>attribute:&lt;name&gt;</c>, <c>ignore</c>.
/// Without a mapping every column must be named like its target; with one, columns it leaves out are ignored.
/// </summary>
internal static class CsvColumnMapping
{
    private static readonly string[] SingleValueTargets = ["timeZone", "locale", "lifecycleStage", "score"];

    public static IReadOnlyList<CsvColumnBinding> Bind(
        IReadOnlyList<string> header,
        IReadOnlyDictionary<string, string>? mapping,
        IReadOnlyDictionary<string, ContactAttributeDefinitionRecord> schema)
    {
        var errors = new FieldErrors();
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            errors.Add("file", $"The header names the column '{duplicate.Key}' twice; column names must be unique.");
        }

        if (mapping is not null)
        {
            foreach (var column in mapping.Keys.Where(k => !header.Contains(k, StringComparer.Ordinal)))
            {
                errors.Add($"mapping.{column}", $"The file has no column '{column}'; its header is: {string.Join(", ", header)}.");
            }
        }

        var bindings = new List<CsvColumnBinding>();
        for (var i = 0; i < header.Count; i++)
        {
            var column = header[i];
            string? target;
            if (mapping is null)
            {
                target = column;
            }
            else if (!mapping.TryGetValue(column, out target))
            {
                continue;
            }

            if (Parse(target?.Trim(), schema, out var kind, out var argument) is { } error)
            {
                errors.Add($"mapping.{column}", mapping is null ? error + " Send a mapping, or name the column like its target." : error);
            }
            else if (kind != CsvTargetKind.Ignore)
            {
                bindings.Add(new CsvColumnBinding(i, column, kind, argument));
            }
        }

        foreach (var clash in bindings.Where(b => b.Kind != CsvTargetKind.Ignore)
                     .GroupBy(b => (b.Kind, b.Argument))
                     .Where(g => g.Count() > 1 && (g.Key.Kind == CsvTargetKind.Attribute || SingleValueTargets.Contains(Name(g.Key.Kind), StringComparer.Ordinal))))
        {
            errors.Add($"mapping.{clash.Last().Column}", $"Only one column can feed {Name(clash.Key.Kind)}{(clash.Key.Argument is null ? "" : ":" + clash.Key.Argument)}; '{clash.First().Column}' already does.");
        }

        if (errors.Any is false && !bindings.Any(b => b.Kind is CsvTargetKind.Email or CsvTargetKind.Phone or CsvTargetKind.External))
        {
            errors.Add("mapping", "No column is mapped to an identity (email, phone or external:<system>); contacts are found and created by identity.");
        }

        errors.ThrowIfAny("The column mapping is invalid.");
        return bindings;
    }

    private static string? Parse(string? target, IReadOnlyDictionary<string, ContactAttributeDefinitionRecord> schema, out CsvTargetKind kind, out string? argument)
    {
        argument = null;
        kind = CsvTargetKind.Ignore;
        switch (target)
        {
            case "ignore": return null;
            case "email": kind = CsvTargetKind.Email; return null;
            case "phone": kind = CsvTargetKind.Phone; return null;
            case "timeZone": kind = CsvTargetKind.TimeZone; return null;
            case "locale": kind = CsvTargetKind.Locale; return null;
            case "lifecycleStage": kind = CsvTargetKind.LifecycleStage; return null;
            case "score": kind = CsvTargetKind.Score; return null;
            case "tags": kind = CsvTargetKind.Tags; return null;
        }

        if (target is not null && target.StartsWith(IdentityKinds.ExternalPrefix, StringComparison.Ordinal) && target.Length > IdentityKinds.ExternalPrefix.Length)
        {
            kind = CsvTargetKind.External;
            argument = target[IdentityKinds.ExternalPrefix.Length..];
            return null;
        }

        if (target is not null && target.StartsWith("attribute:", StringComparison.Ordinal))
        {
            argument = target["attribute:".Length..];
            if (!schema.ContainsKey(argument))
            {
                return $"No attribute named '{argument}' is defined; define it with POST /api/audience/attributes first.";
            }

            kind = CsvTargetKind.Attribute;
            return null;
        }

        return $"'{target}' is not a target. Targets: email, phone, external:<system>, timeZone, locale, lifecycleStage, score, tags, attribute:<name>, ignore.";
    }

    public static string Name(CsvTargetKind kind) => kind switch
    {
        CsvTargetKind.TimeZone => "timeZone",
        CsvTargetKind.LifecycleStage => "lifecycleStage",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
