using System.Globalization;
using System.Text.Json;
using AutomationServer.Workflows.Expressions;

namespace AutomationServer.Workflows.Tests.Expressions;

public sealed class ValueConverterTests
{
    public enum Channel
    {
        Email,
        Sms,
        Chat,
    }

    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<object?, Type, object?> Conversions => new()
    {
        // text: invariant numbers, JSON for structures
        { 1.5, typeof(string), "1.5" },
        { 1234567.25, typeof(string), "1234567.25" },
        { 5L, typeof(string), "5" },
        { true, typeof(string), "true" },
        { "as is", typeof(string), "as is" },
        { May1, typeof(string), "2024-05-01T09:30:00.0000000+00:00" },
        { TimeSpan.FromSeconds(90), typeof(string), "00:01:30" },
        { new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { 1L, "é" } }, typeof(string), """{"a":1,"b":[1,"é"]}""" },
        { new List<object?> { 1L, 2.5, null }, typeof(string), "[1,2.5,null]" },

        // booleans
        { "true", typeof(bool), true },
        { " FALSE ", typeof(bool), false },
        { "1", typeof(bool), true },
        { "no", typeof(bool), false },
        { 0L, typeof(bool), false },
        { 2.5, typeof(bool), true },

        // numbers
        { 5L, typeof(int), 5 },
        { 5.0, typeof(int), 5 },
        { "42", typeof(int), 42 },
        { " 42 ", typeof(long), 42L },
        { "4.0", typeof(int), 4 },
        { true, typeof(int), 1 },
        { "3.5", typeof(double), 3.5 },
        { "1e3", typeof(double), 1000.0 },
        { 3L, typeof(double), 3.0 },
        { "12.34", typeof(decimal), 12.34m },
        { 7L, typeof(decimal), 7m },
        { 2.5, typeof(float), 2.5f },
        { "200", typeof(byte), (byte)200 },

        // durations: Elsa's hh:mm:ss, ISO-8601, milliseconds
        { "00:00:20", typeof(TimeSpan), TimeSpan.FromSeconds(20) },
        { "1.02:03:04", typeof(TimeSpan), new TimeSpan(1, 2, 3, 4) },
        { "PT20S", typeof(TimeSpan), TimeSpan.FromSeconds(20) },
        { "P2D", typeof(TimeSpan), TimeSpan.FromDays(2) },
        { "P1DT2H30M", typeof(TimeSpan), new TimeSpan(1, 2, 30, 0) },
        { 1500L, typeof(TimeSpan), TimeSpan.FromMilliseconds(1500) },
        { "250", typeof(TimeSpan), TimeSpan.FromMilliseconds(250) },
        { 0.5, typeof(TimeSpan), TimeSpan.FromTicks(5000) },

        // instants: ISO-8601, UTC when no offset is given
        { "2024-05-01T09:30:00Z", typeof(DateTimeOffset), May1 },
        { "2024-05-01T09:30:00", typeof(DateTimeOffset), May1 },
        { "2024-05-01T11:30:00+02:00", typeof(DateTimeOffset), new DateTimeOffset(2024, 5, 1, 11, 30, 0, TimeSpan.FromHours(2)) },
        { "2024-05-01", typeof(DateTimeOffset), new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero) },
        { 1714555800000L, typeof(DateTimeOffset), May1 },
        { "2024-05-01T11:30:00+02:00", typeof(DateTime), new DateTime(2024, 5, 1, 9, 30, 0, DateTimeKind.Utc) },
        { "2024-05-01", typeof(DateOnly), new DateOnly(2024, 5, 1) },
        { "09:30", typeof(TimeOnly), new TimeOnly(9, 30) },

        // enums by name (any case) or defined number
        { "sms", typeof(Channel), Channel.Sms },
        { "Chat", typeof(Channel), Channel.Chat },
        { 0L, typeof(Channel), Channel.Email },
        { "1", typeof(Channel), Channel.Sms },
        { "Friday", typeof(DayOfWeek), DayOfWeek.Friday },

        // nullable and blank
        { null, typeof(int?), null },
        { "", typeof(int?), null },
        { "  ", typeof(TimeSpan?), null },
        { "5", typeof(int?), 5 },
        { null, typeof(int), 0 },
        { null, typeof(bool), false },
        { null, typeof(string), null },
        { "", typeof(string), "" },

        // other scalars
        { "6f9619ff-8b86-d011-b42d-00c04fc964ff", typeof(Guid), new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff") },
    };

    public static TheoryData<object?, Type, string> Failures => new()
    {
        { "abc", typeof(int), "Cannot convert \"abc\" (text) to int: it is not a number." },
        { 2.5, typeof(int), "Cannot convert 2.5 (double) to int: it is not a whole number." },
        { 1e20, typeof(int), "Cannot convert 1E+20 (double) to int" },
        { "300", typeof(byte), "Cannot convert \"300\" (text) to byte" },
        { "soon", typeof(TimeSpan), "Cannot convert \"soon\" (text) to TimeSpan: expected hh:mm:ss" },
        { "PXT", typeof(TimeSpan), "Cannot convert \"PXT\" (text) to TimeSpan: it is not an ISO-8601 duration." },
        { "yesterday", typeof(DateTimeOffset), "Cannot convert \"yesterday\" (text) to DateTimeOffset: expected an ISO-8601 date" },
        { "maybe", typeof(bool?), "Cannot convert \"maybe\" (text) to bool?: expected true or false." },
        { "Fax", typeof(Channel), "Cannot convert \"Fax\" (text) to Channel: expected one of Email, Sms, Chat." },
        { 7L, typeof(Channel), "Cannot convert 7 (long) to Channel: expected one of Email, Sms, Chat." },
        { "not json", typeof(Dictionary<string, object?>), "Cannot convert \"not json\" (text) to Dictionary<string, object>: expected a JSON object." },
        { new List<object?> { "1", "x" }, typeof(int[]), "Cannot convert [\"1\",\"x\"] (List<object>) to int[]: item 2: Cannot convert \"x\" (text) to int" },
        { "not a guid", typeof(Guid), "Cannot convert \"not a guid\" (text) to Guid" },
        { new string('x', 200), typeof(int), "Cannot convert \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\" (text) to int" },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Converts(object? value, Type target, object? expected)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var converted = ValueConverter.Convert(value, target);

            Assert.Equal(expected, converted);
            if (expected is not null)
            {
                Assert.IsType(expected.GetType(), converted);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_name_the_value_and_the_type(object? value, Type target, string expectedStart)
    {
        var error = Assert.Throws<ExpressionException>(() => ValueConverter.Convert(value, target));

        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Objects_are_returned_unchanged()
    {
        var value = new Dictionary<string, object?> { ["a"] = 1L };

        Assert.Same(value, ValueConverter.Convert<object>(value));
        Assert.Same(value, ValueConverter.Convert<Dictionary<string, object?>>(value));
        Assert.Same(value, ValueConverter.Convert<IReadOnlyDictionary<string, object?>>(value));
    }

    [Fact]
    public void Lists_and_arrays_from_lists_json_or_separated_text()
    {
        Assert.Equal(["a", "b"], ValueConverter.Convert<string[]>(new List<object?> { "a", "b" })!);
        Assert.Equal(["a", "b", "c"], ValueConverter.Convert<string[]>("a, b\nc,\r\n")!);
        Assert.Equal([1, 2, 3], ValueConverter.Convert<int[]>("1,2,3")!);
        Assert.Equal([1, 2], ValueConverter.Convert<List<int>>("[1, 2]"));
        Assert.Equal([1L, 2L], ValueConverter.Convert<IReadOnlyList<long>>(new List<object?> { 1L, 2.0 }));
        Assert.Equal(["only"], ValueConverter.Convert<List<string>>("only"));
        Assert.Empty(ValueConverter.Convert<string[]>("")!);
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(1)], ValueConverter.Convert<TimeSpan[]>(new List<object?> { "PT20S", "00:01:00" })!);
    }

    [Fact]
    public void Dictionaries_from_dictionaries_json_and_objects()
    {
        Assert.Equal(
            new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { true } },
            ValueConverter.Convert<Dictionary<string, object?>>("""{ "a": 1, "b": [true] }"""));
        Assert.Equal(
            new Dictionary<string, string> { ["a"] = "1", ["b"] = "x" },
            ValueConverter.Convert<Dictionary<string, string>>(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = "x" }));
        Assert.Equal(
            new Dictionary<string, int> { ["n"] = 3 },
            ValueConverter.Convert<IDictionary<string, int>>(JsonDocument.Parse("""{"n":3}""").RootElement));
    }

    [Fact]
    public void Records_bind_from_dictionaries_and_json()
    {
        var fromMap = ValueConverter.Convert<Recipient>(new Dictionary<string, object?> { ["email"] = "a@b.c", ["tags"] = new List<object?> { "vip" } });
        var fromJson = ValueConverter.Convert<Recipient>("""{"Email":"x@y.z"}""");

        Assert.Equal("a@b.c", fromMap!.Email);
        Assert.Equal(["vip"], fromMap.Tags);
        Assert.Equal("x@y.z", fromJson!.Email);
    }

    [Fact]
    public void ToPlain_turns_any_clr_value_into_the_plain_model()
    {
        var plain = ValueConverter.ToPlain(new
        {
            Count = 3,
            Ratio = 0.5f,
            Price = 9.99m,
            When = May1,
            Channel = Channel.Sms,
            Items = new[] { 1, 2 },
            Json = JsonDocument.Parse("""{"x":[1,"y"]}""").RootElement,
        });

        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["count"] = 3L,
                ["ratio"] = 0.5,
                ["price"] = 9.99,
                ["when"] = "2024-05-01T09:30:00+00:00",
                ["channel"] = 1L,
                ["items"] = new List<object?> { 1L, 2L },
                ["json"] = new Dictionary<string, object?> { ["x"] = new List<object?> { 1L, "y" } },
            },
            plain);
        Assert.Equal(3L, ValueConverter.ToPlain(3));
        Assert.Equal("2024-05-01T09:30:00.0000000+00:00", ValueConverter.ToPlain(May1));
        Assert.Equal("Sms", ValueConverter.ToPlain(Channel.Sms));
        Assert.Equal(new List<object?> { 1L, "a" }, ValueConverter.ToPlain(new object[] { 1, 'a' }));
    }

    public sealed record Recipient(string Email, List<string>? Tags);
}
