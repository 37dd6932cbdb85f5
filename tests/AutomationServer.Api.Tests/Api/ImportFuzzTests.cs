using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Api;

/// <summary>Random damage to real definitions never makes the import endpoint answer 500.</summary>
public sealed class ImportFuzzTests(AutomationServerFactory factory) : IClassFixture<AutomationServerFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Mutated_definitions_get_201_or_a_4xx_problem_never_a_500()
    {
        var seeds = Directory.GetFiles(Repository.TestAsset("workflows"), "*.json").Select(File.ReadAllText).ToList();
        var random = new Random(20261123);
        var failures = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var mutated = i % 3 == 0 ? DamageText(seed, random) : DamageStructure(seed, random);
            using var response = await _client.PostAsync("/api/definitions/import", new StringContent(mutated, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            if (status >= 500 || (status != 201 && status != 400))
            {
                failures.Add($"#{i}: {status} {await response.Content.ReadAsStringAsync()}\n{mutated[..Math.Min(mutated.Length, 400)]}");
            }
            else if (status == 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }

    private static string DamageText(string json, Random random)
    {
        var builder = new StringBuilder(json);
        for (var n = random.Next(1, 4); n > 0 && builder.Length > 0; n--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0:
                    builder.Remove(at, Math.Min(random.Next(1, 30), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, "{[\",:}]"[random.Next(7)]);
                    break;
                default:
                    builder.Length = at;
                    break;
            }
        }

        return builder.ToString();
    }

    private static string DamageStructure(string json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var nodes = new List<JsonNode>();
            Collect(root, nodes);
            var target = nodes[random.Next(nodes.Count)];
            JsonNode? replacement = random.Next(6) switch
            {
                0 => null,
                1 => JsonValue.Create(random.Next()),
                2 => JsonValue.Create("x" + random.Next()),
                3 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a")),
                4 => new JsonObject { ["type"] = "Elsa.WriteLine" },
                _ => JsonValue.Create(true),
            };
            switch (target.Parent)
            {
                case JsonObject parent:
                    var key = parent.First(p => p.Value == target).Key;
                    if (random.Next(4) == 0)
                    {
                        parent.Remove(key);
                    }
                    else
                    {
                        parent[key] = replacement;
                    }

                    break;
                case JsonArray array:
                    array[array.IndexOf(target)] = replacement;
                    break;
            }
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        if (node.Parent is not null)
        {
            into.Add(node);
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj.ToList())
                {
                    if (value is not null)
                    {
                        Collect(value, into);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.ToList())
                {
                    if (item is not null)
                    {
                        Collect(item, into);
                    }
                }

                break;
        }
    }
}
