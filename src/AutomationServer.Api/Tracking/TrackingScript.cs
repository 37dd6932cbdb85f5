using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace AutomationServer.Api.Tracking;

/// <summary>The browser script (track.js, embedded in this assembly) with an entity tag of its content.</summary>
public sealed class TrackingScript
{
    public const string ResourceName = "AutomationServer.Api.Tracking.track.js";

    public TrackingScript()
    {
        using var stream = typeof(TrackingScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The tracking script {ResourceName} is not embedded in {typeof(TrackingScript).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Content = buffer.ToArray();
        EntityTag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Content))[..32]}\"");
    }

    public byte[] Content { get; }

    public EntityTagHeaderValue EntityTag { get; }
}
