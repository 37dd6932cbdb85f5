using System.Net;
using System.Text.Json;

namespace AutomationServer.Api.Tests.PluginServices;

[Collection(PluginHostCollection.Name)]
public sealed class PluginEndpointTests(PluginHostFixture host)
{
    [Fact]
    public async Task Plugin_endpoints_live_under_the_plugin_id_and_are_anonymous_unless_they_require_management()
    {
        using var anonymous = host.Factory.CreateClient();
        using var authorized = host.Factory.CreateAuthorizedClient();

        Assert.Equal("hello from the plugin", await anonymous.GetStringAsync("/plugins/test-plugin/hello"));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/hello")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/plugins/test-plugin/admin")).StatusCode);
        var admin = await authorized.GetAsync("/plugins/test-plugin/admin");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task A_plugin_whose_map_callback_throws_has_none_of_its_endpoints_mapped()
    {
        using var client = host.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/plugins/broken-plugin/half")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/plugins/test-plugin/hello")).StatusCode);
    }

    [Fact]
    public async Task Plugin_endpoints_appear_in_the_openapi_document_under_the_plugins_tag()
    {
        using var client = host.Factory.CreateAuthorizedClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var hello = document.GetProperty("paths").GetProperty("/plugins/test-plugin/hello").GetProperty("get");
        Assert.Contains("Plugin test-plugin", hello.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(document.GetProperty("paths").TryGetProperty("/plugins/broken-plugin/half", out _));
    }
}
