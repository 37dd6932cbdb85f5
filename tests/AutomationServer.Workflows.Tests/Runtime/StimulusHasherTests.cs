using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Workflows.Tests.Runtime;

public sealed class StimulusHasherTests
{
    [Fact]
    public void Same_stimulus_and_key_hash_the_same_and_others_differ()
    {
        var hash = StimulusHasher.Hash("Elsa.Event", "signup");

        Assert.Equal(hash, StimulusHasher.Hash("Elsa.Event", "signup"));
        Assert.NotEqual(hash, StimulusHasher.Hash("Elsa.Event", "Signup"));
        Assert.NotEqual(hash, StimulusHasher.Hash("Elsa.Signal", "signup"));
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void Object_keys_hash_the_same_whatever_the_member_order()
    {
        var a = new Dictionary<string, object?> { ["path"] = "/orders", ["method"] = "POST" };
        var b = new Dictionary<string, object?> { ["method"] = "POST", ["path"] = "/orders" };

        Assert.Equal(StimulusHasher.Hash("Elsa.HttpEndpoint", a), StimulusHasher.Hash("Elsa.HttpEndpoint", b));
    }
}
